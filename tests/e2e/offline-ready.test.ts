// "Tersedia offline" is a promise to a learner about to leave the office Wi-Fi: from that
// moment the app opens with no network. The service worker stores the app one file at a
// time; on weak signal that takes long after the course itself is stored, and until it
// ends an offline reload shows the browser's error page instead of the app.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFitsWidth, logIn, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

/** Each file the service worker stores takes this long, as on weak signal: with the 36 files
 * the app precaches, about a minute in all, one after another. */
const SLOW_MS = 1_500;

describe('available offline', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const slowed: string[] = [];
  const errors: string[] = [];
  const card = () => page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });

  beforeAll(async () => {
    served = await serveBuiltApp();
    context = await launchContext();
    // Only the worker's own requests are slowed (routing reaches into service workers,
    // unlike network throttling of the page): the page loads and downloads at full speed.
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (request.serviceWorker() && !new URL(request.url()).pathname.startsWith('/api/')) {
        slowed.push(new URL(request.url()).pathname);
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
      }
      await route.continue().catch(() => {}); // the context may have gone offline meanwhile
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await logIn(page, SARI);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
  });

  it('says the app is still being prepared, with progress, while the course is already stored', async () => {
    await card()
      .getByRole('button', { name: /Unduh untuk offline/ })
      .click();
    await card().getByText('0/16 pelajaran selesai').waitFor();
    const status = card().getByRole('status');
    expect(await status.textContent()).toMatch(/^Menyiapkan aplikasi untuk offline…( \d+%)? · 0\/16 pelajaran selesai$/);
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/… [1-9]\d?% ·/);
    expect(await page.getByText('Tersedia offline').count()).toBe(0);
    await expectFitsWidth(page, 'home while preparing');
  });

  it('opens with no network from the moment it says "Tersedia offline"', async () => {
    await card().getByText('Tersedia offline').waitFor({ timeout: 90_000 });
    expect(slowed.length).toBeGreaterThan(5); // the worker's files did come slowly
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Kursus saya' }).waitFor();
    await card().getByText('Tersedia offline').waitFor();
    // The course's screens are separate chunks: they open offline too.
    await card().getByRole('link', { name: 'Mulai belajar' }).click();
    await page.getByRole('link', { name: /^Pre-test/ }).click();
    await page.getByRole('button', { name: 'Kirim jawaban' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Submit answers' }).waitFor();
    expect(errors).toEqual([]);
  });
});
