// Two devices of one learner, end to end: study offline on a phone, come online and sync,
// then the office PC pulls and resumes at the phone's place. A flapping network during
// sync loses nothing and stores nothing twice.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/database.js';
import {
  AGUS,
  COURSE,
  downloadSample,
  finishLesson,
  lessonShown,
  logIn,
  outbox,
  readStore,
  SARI,
  scrollFraction,
  submitAnswers,
} from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

describe('syncing between devices', () => {
  let served: ServedApp;
  let store: Store;
  let phone: BrowserContext;
  let office: BrowserContext;
  let a: Page;
  let b: Page;
  const storedEvents = async () => store.db.selectFrom('events').select(['id', 'type']).execute();

  beforeAll(async () => {
    served = await serveBuiltApp();
    store = openStore(served.database.url);
    phone = await launchContext();
    office = await launchContext({ viewport: { width: 1280, height: 800 } });
    a = await phone.newPage();
    await a.goto(served.url);
    await logIn(a, SARI);
    await downloadSample(a);
  });
  afterAll(async () => {
    await phone?.close();
    await office?.close();
    await store?.close();
    await served?.stop();
  });

  it('queues offline study on the phone and says so', async () => {
    await phone.setOffline(true);
    await a.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await a.getByRole('group').first().getByRole('radio').first().check();
    await submitAnswers(a);
    await a
      .getByText(/menunggu dinilai/)
      .first()
      .waitFor();
    for (const lesson of ['m1-l1', 'm1-l2']) {
      await a.goto(`${served.url}/kursus/${COURSE}/pelajaran/${lesson}`);
      await finishLesson(a);
    }
    await a.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l3`);
    await lessonShown(a, 'Mengenal PPPK Paruh Waktu');
    await a.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) * 0.6));
    // The place is saved once scrolling settles; wait for it, then leave the lesson (tapping
    // the status bar would scroll up).
    await expect
      .poll(async () =>
        (await outbox(a)).some((e) => e.type === 'lesson.position' && e.data.lessonId === 'm1-l3' && Number(e.data.position) > 0.5),
      )
      .toBe(true);
    await a.goto(served.url);
    // Offline is normal: one quiet line, and no "sync now" that cannot work.
    const bar = a.getByRole('region', { name: 'Status sinkron' });
    await bar.getByText(/^Offline · \d+ menunggu · sinkron \d/).waitFor();
    expect(await bar.getByRole('button').count()).toBe(0);
    expect(await storedEvents()).toEqual([]);
  });

  it('sends everything when signal returns, through a flapping network, each event once', async () => {
    const pending = (await outbox(a)).map((e) => e.id);
    // The first two sync attempts are cut: one before the server sees it, one after it
    // stored the events but before the phone hears back.
    let attempts = 0;
    await phone.route('**/api/sync', async (route) => {
      attempts++;
      if (attempts === 1) return route.abort('connectionreset');
      if (attempts === 2) {
        await route.fetch(); // the server stores them…
        return route.abort('connectionreset'); // …and the reply is lost
      }
      return route.continue();
    });
    await phone.setOffline(false);
    await a.evaluate(() => window.dispatchEvent(new Event('online')));
    await a.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect.poll(async () => (await outbox(a)).length, { timeout: 30_000 }).toBe(0);
    expect(attempts).toBeGreaterThanOrEqual(3);
    const stored = (await storedEvents()).map((e) => e.id).sort();
    expect(stored).toEqual(expect.arrayContaining(pending));
    // Everything the phone holds is on the server exactly once (ids are primary keys there).
    const local = (await readStore<{ id: string; status: string }>(a, 'events')).filter((e) => e.status !== 'rejected');
    expect(stored).toEqual(local.map((e) => e.id).sort());
    await a.getByText('Semua perubahan sudah terkirim').waitFor();
    await a.getByText(/· sinkron \d/).waitFor();
    await phone.unroute('**/api/sync');
  });

  it('shows the server’s grade for the pre-test once synced', async () => {
    await a.goto(`${served.url}/kursus/${COURSE}`);
    await a
      .locator('.stats')
      .getByText(/nilai \d+/)
      .waitFor();
    const graded = await readStore<{ type: string; result?: { score: number } }>(a, 'events');
    expect(graded.find((e) => e.type === 'quiz.submitted')?.result?.score).toEqual(expect.any(Number));
  });

  it('shows the office PC the phone’s progress before anything is downloaded there', async () => {
    b = await office.newPage();
    await b.goto(served.url);
    await logIn(b, SARI);
    const card = b.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
    await card.getByText('2/16 pelajaran selesai').waitFor();
    await card.getByText(/^Pre-test nilai \d+$/).waitFor();
    await b.getByText('Lanjutkan belajar').waitFor();
    expect(await readStore(b, 'packages')).toEqual([]);
  });

  it('downloads what continuing needs and resumes at the phone’s place', async () => {
    await b.getByRole('button', { name: /^Unduh untuk melanjutkan \(\d+ KB\)$/ }).click();
    await b.getByRole('heading', { name: 'Mengenal PPPK Paruh Waktu', level: 1 }).waitFor({ timeout: 30_000 });
    await expect.poll(() => scrollFraction(b), { timeout: 10_000 }).toBeCloseTo(0.6, 1);
    await b.goto(served.url);
    const resume = b.getByRole('link', { name: /Lanjutkan belajar/ });
    expect(await resume.textContent()).toContain('Mengenal PPPK Paruh Waktu');
    await b.getByText('2/16 pelajaran selesai').waitFor();
  });

  it('brings the office PC’s work back to the phone', async () => {
    await b.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l3`);
    await finishLesson(b);
    await b.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await expect.poll(async () => (await outbox(b)).length).toBe(0);
    await a.goto(served.url);
    await a.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await a.getByText('3/16 pelajaran selesai').waitFor();
  });
});

describe('a session that expires offline', () => {
  let served: ServedApp;
  let store: Store;
  let phone: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    served = await serveBuiltApp();
    store = openStore(served.database.url);
    phone = await launchContext();
    page = await phone.newPage();
    await page.goto(served.url);
    await logIn(page, SARI);
    await downloadSample(page);
  });
  afterAll(async () => {
    await phone?.close();
    await store?.close();
    await served?.stop();
  });

  it('keeps queuing, never sends under another account, and sends after the same learner logs in again', async () => {
    await phone.setOffline(true);
    await page.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await submitAnswers(page);
    await page.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l1`);
    await finishLesson(page);
    const sariEvents = (await outbox(page)).map((e) => e.id);
    expect(sariEvents.length).toBeGreaterThanOrEqual(2);

    // The token expires while the phone is offline.
    await store.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    await phone.setOffline(false);
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Masuk lagi' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Sesi berakhir' }).waitFor();
    expect(await page.getByLabel('NIP').inputValue()).toBe(SARI.nip);
    expect((await outbox(page)).map((e) => e.id)).toEqual(expect.arrayContaining(sariEvents));

    // A colleague logs in on the same phone: Sari's changes stay on the phone.
    await page.getByLabel('NIP').fill(AGUS.nip);
    await page.getByLabel('Kata sandi').fill(AGUS.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Halo, Agus Prasetyo').waitFor();
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByText('Semua perubahan sudah terkirim').waitFor();
    const stored = () =>
      store.db.selectFrom('events').innerJoin('users', 'users.id', 'events.user_id').select(['events.id', 'users.nip']).execute();
    expect(await stored()).toEqual([]);

    await page.getByRole('button', { name: 'Keluar' }).click();
    await logIn(page, SARI);
    await expect.poll(async () => (await stored()).length, { timeout: 15_000 }).toBe(sariEvents.length);
    expect(new Set((await stored()).map((e) => e.nip))).toEqual(new Set([SARI.nip]));
    expect((await stored()).map((e) => e.id).sort()).toEqual([...sariEvents].sort());
  });
});
