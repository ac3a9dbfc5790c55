// The course's order holds wherever a step is opened, offline too: a lesson's address before
// the pre-test, the last lesson's pager and the post-test's address before every lesson is
// done. Each says why it is closed and where to go instead.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURSE, downloadSample, expectAccessible, expectFitsWidth, logIn, outbox, SARI, submitAnswers } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

describe('locks where the screens open', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const base = () => `${served.url}/kursus/${COURSE}`;

  beforeAll(async () => {
    served = await serveBuiltApp();
    context = await launchContext();
    page = await context.newPage();
    await page.goto(served.url);
    await logIn(page, SARI);
    await downloadSample(page);
    await context.setOffline(true);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
  });

  it('keeps a lesson opened by its address closed until the pre-test, and says why', async () => {
    await page.goto(`${base()}/pelajaran/m1-l2`);
    await page.getByRole('heading', { name: 'Tiga Fungsi ASN', level: 1 }).waitFor();
    await page.getByText('Kerjakan pre-test dulu untuk membuka pelajaran ini.').waitFor();
    expect(await page.locator('.prose').count()).toBe(0);
    expect((await outbox(page)).filter((e) => e.data.lessonId === 'm1-l2')).toEqual([]);
    await expectAccessible(page, 'locked lesson');
    await expectFitsWidth(page, 'locked lesson');

    await page.getByRole('link', { name: 'Kerjakan pre-test' }).click();
    await page.getByRole('group').first().getByRole('radio').first().check();
    await submitAnswers(page);
    await page.getByText(/menunggu dinilai/).waitFor();
    await page.goto(`${base()}/pelajaran/m1-l2`);
    await page.locator('.prose img').first().waitFor();
    expect(await page.getByText('Kerjakan pre-test dulu').count()).toBe(0);
  });

  it('leads from the last lesson to the post-test only when every lesson is done', async () => {
    await page.goto(`${base()}/pelajaran/m5-l3`);
    await page.getByRole('heading', { name: 'Menilai Risiko dengan Matriks 5×5', level: 1 }).waitFor();
    const pager = page.getByRole('navigation', { name: 'Pelajaran sebelum dan sesudah' });
    await pager.getByRole('link', { name: 'Kembali ke kursus →' }).waitFor();
    expect(await pager.getByRole('link', { name: /Post-test/ }).count()).toBe(0);
    await page.getByText('Selesaikan semua pelajaran untuk membuka post-test.').waitFor();
    await expectFitsWidth(page, 'last lesson, post-test closed');
  });

  it('keeps the post-test opened by its address closed until every lesson is done, and points to the next lesson', async () => {
    await page.goto(`${base()}/kuis/post-test`);
    await page.getByRole('heading', { name: 'Post-test Orientasi PPPK', level: 1 }).waitFor();
    await page.getByText('Selesaikan semua pelajaran untuk membuka post-test.').waitFor();
    expect(await page.getByRole('button', { name: 'Kirim jawaban' }).count()).toBe(0);
    expect(await page.getByRole('group').count()).toBe(0);
    await expectAccessible(page, 'locked post-test');
    await expectFitsWidth(page, 'locked post-test');
    await page.getByRole('link', { name: 'Lanjut ke: ASN, PNS, dan PPPK' }).click();
    await page.getByRole('heading', { name: 'ASN, PNS, dan PPPK', level: 1 }).waitFor();
  });

  it('says in the outline why the post-test is closed', async () => {
    await page.goto(base());
    await page.getByText(/Selesaikan semua pelajaran untuk membuka post-test\. \(\d+ pelajaran lagi\)/).waitFor();
    expect(await page.getByRole('link', { name: 'Post-test Orientasi PPPK' }).count()).toBe(0);
    await expectFitsWidth(page, 'course outline');
  });
});
