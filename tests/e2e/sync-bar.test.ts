// The sync bar on a 360 × 740 phone. Offline is this app's normal state, so there the bar is
// one calm line (what waits, the last sync, "offline") that leaves each screen's content in
// view; a sync under way says so readably without moving the page.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURSE, downloadSample, logIn, SARI, submitAnswers } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

/** Screenshots for people to look at; outside the repository. */
const SHOTS = process.env.SINAU_SHOTS ?? '/tmp/sinau-shots';

/** WCAG contrast of an element's text against the first opaque background behind it. */
const contrast = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    let behind: Element | null = element;
    let background = [255, 255, 255];
    while (behind) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(behind).backgroundColor);
      if (a === 1 && r !== undefined) {
        background = [r, g!, b!];
        break;
      }
      behind = behind.parentElement;
    }
    const style = getComputedStyle(element);
    const opacity = Number(style.opacity);
    const text = rgb(style.color)
      .slice(0, 3)
      .map((c, i) => c * opacity + background[i]! * (1 - opacity));
    const luminance = (c: number[]) =>
      c
        .map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const [light, dark] = [luminance(text), luminance(background)].sort((x, y) => y - x);
    return (light! + 0.05) / (dark! + 0.05);
  });

describe('the sync bar on a phone', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const bar = () => page.getByRole('region', { name: 'Status sinkron' });
  const heights: Record<string, number> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    served = await serveBuiltApp();
    context = await launchContext();
    page = await context.newPage();
    await page.goto(served.url);
    await logIn(page, SARI);
    await downloadSample(page);
    await page.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await page.getByRole('group').first().getByRole('radio').first().check();
    await submitAnswers(page);
    await page
      .getByText(/nilai \d+|menunggu dinilai/)
      .first()
      .waitFor();
    await page.goto(served.url);
    await bar()
      .getByText(/^Semua perubahan sudah terkirim · sinkron \d/)
      .waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    console.log(`sync bar height at 360 × 740, offline: ${JSON.stringify(heights)}`);
    await context?.close();
    await served?.stop();
  });

  /** The bar's height, and the screen's heading in view below it. */
  const measure = async (screen: string, heading: string) => {
    const title = page.getByRole('heading', { name: heading, level: 1 });
    await title.waitFor();
    const box = (await bar().boundingBox())!;
    heights[screen] = Math.round(box.height);
    const top = (await title.boundingBox())!;
    expect(top.y + top.height, `${screen}: heading below the fold`).toBeLessThan(740 / 2);
    await page.screenshot({ path: `${SHOTS}/${screen}-offline.png` });
    return box.height;
  };

  it('keeps the time of the last sync after going offline and reopening the app', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Kursus saya' }).waitFor();
    await expect.poll(() => bar().textContent()).toMatch(/sinkron \d/);
    expect(await bar().textContent()).not.toMatch(/belum pernah sinkron/);
  });

  it('is one calm line offline, with no button that cannot work and no second note', async () => {
    expect(await measure('home', 'Kursus saya')).toBeLessThanOrEqual(40);
    expect(await bar().textContent()).toMatch(/^Offline · semua terkirim · sinkron \d/);
    expect(await bar().getByRole('button').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByText(/Anda sedang offline/).count()).toBe(0);
    const color = await bar()
      .locator('p')
      .first()
      .evaluate((p) => getComputedStyle(p).color);
    expect(color).not.toBe('rgb(185, 28, 28)');
    expect(await contrast(page, '.sync p')).toBeGreaterThanOrEqual(4.5);
  });

  it('stays one line on a course and in a lesson, with changes waiting', async () => {
    await page.getByRole('link', { name: 'Buka kursus' }).click();
    expect(await measure('course', 'Orientasi PPPK: Pengenalan Tugas dan Fungsi ASN')).toBeLessThanOrEqual(40);
    await page.getByRole('link', { name: 'ASN, PNS, dan PPPK' }).click();
    expect(await measure('lesson', 'ASN, PNS, dan PPPK')).toBeLessThanOrEqual(40);
    await expect.poll(() => bar().textContent()).toMatch(/^Offline · \d+ menunggu · sinkron \d/);
  });

  it('says a sync is under way, readably, without moving the page', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await context.route('**/api/sync', async (route) => {
      await held;
      await route.continue();
    });
    await context.setOffline(false);
    await page.goto(`${served.url}/kursus/${COURSE}`);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    const busy = bar().getByRole('button', { name: 'Menyinkronkan…' });
    await busy.waitFor();
    expect(await busy.getAttribute('aria-busy')).toBe('true');
    expect(await contrast(page, '.sync button')).toBeGreaterThanOrEqual(4.5);
    const during = (await heading.boundingBox())!.y;
    await page.screenshot({ path: `${SHOTS}/sync-running.png` });
    release();
    await bar().getByText('Semua perubahan sudah terkirim').waitFor();
    await bar().getByRole('button', { name: 'Sinkronkan sekarang' }).waitFor();
    expect((await heading.boundingBox())!.y).toBe(during);
    heights['course, online'] = Math.round((await bar().boundingBox())!.height);
    await page.screenshot({ path: `${SHOTS}/course-online.png` });
    await context.unroute('**/api/sync');
  });
});
