// The installed app: installable by Chromium's own criteria, and updated only when the
// learner says so, never in the middle of a lesson, with the outbox intact.
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURSE, downloadSample, expectAccessible, finishLesson, logIn, readStore, SARI, submitAnswers } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

describe('the installed app', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  let dist: string;

  beforeAll(async () => {
    // A copy of the build, so a new version can be published under the running server.
    dist = join(await mkdtemp(join(tmpdir(), 'sinau-dist-')), 'dist');
    await cp(resolve(import.meta.dirname, '../../dist'), dist, { recursive: true });
    served = await serveBuiltApp({ staticDir: dist });
    context = await launchContext();
    page = await context.newPage();
    await page.goto(served.url);
    await logIn(page, SARI);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
    await rm(dist, { recursive: true, force: true });
  });

  it('meets Chromium’s installability criteria', async () => {
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { url, data } = await cdp.send('Page.getAppManifest');
    expect(url).toBe(`${served.url}/manifest.webmanifest`);
    expect(JSON.parse(data!)).toMatchObject({ name: expect.stringContaining('Sinau'), start_url: '/', display: 'standalone' });
  });

  it('offers an install button where the browser offers installing', async () => {
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Pasang' }).waitFor();
    expect(await page.getByText('Pasang Sinau di layar utama').isVisible()).toBe(true);
  });

  it('explains the share menu on iOS Safari, which has no install prompt', async () => {
    const ios = await launchContext({
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    });
    const iphone = await ios.newPage();
    await iphone.goto(served.url);
    await logIn(iphone, SARI);
    await iphone.getByText(/ketuk tombol Bagikan di Safari, lalu pilih "Tambahkan ke Layar Utama"/).waitFor();
    await ios.close();
  });

  it('sends API requests past the service worker, so they never wake it', async () => {
    // A request the worker would only pass on still starts it: a sync while an old version is
    // being retired would keep it alive and the new one waiting (see src/sw/sw.ts).
    const cdp = await context.newCDPSession(page);
    const routed = new Map<string, string | undefined>();
    cdp.on('Network.responseReceived', ({ response }) => {
      const info = (response as { serviceWorkerRouterInfo?: { matchedSourceType?: string } }).serviceWorkerRouterInfo;
      routed.set(new URL(response.url).pathname, info?.matchedSourceType);
    });
    await cdp.send('Network.enable');
    await page.goto(served.url);
    await expect.poll(() => routed.get('/api/courses')).toBe('network');
    await cdp.detach();
  });

  it('waits with a new version until the learner reloads, never inside a lesson, and keeps the outbox', async () => {
    await downloadSample(page);
    // Lessons open after the pre-test.
    await page.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await submitAnswers(page);
    await page.getByText(/menunggu dinilai/).waitFor();
    await page.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l1`);
    await finishLesson(page);
    const before = (await readStore<{ id: string }>(page, 'events')).map((e) => e.id);
    expect(before.length).toBeGreaterThan(0);
    const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);

    // Publish a new build: any byte change of /sw.js makes the browser install it.
    await appendFile(join(dist, 'sw.js'), '\n// next release\n');
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);

    // In a lesson: no offer, and the old worker keeps control.
    await page.waitForTimeout(300);
    expect(await page.getByText('Versi baru tersedia').count()).toBe(0);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');

    await page
      .getByRole('link', { name: /Orientasi PPPK/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /Orientasi PPPK/ }).waitFor();
    await page.getByText('Versi baru tersedia').waitFor();
    await expectAccessible(page, 'update banner');
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Muat ulang' }).click();
    await reloaded;
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(firstWorker);
    // Every event is still here: pending, or synced and acknowledged by the server.
    expect((await readStore<{ id: string }>(page, 'events')).map((e) => e.id)).toEqual(expect.arrayContaining(before));
    await page.getByText('Versi baru tersedia').waitFor({ state: 'detached' });
  });
});
