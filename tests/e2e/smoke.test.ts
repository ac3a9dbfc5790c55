// The built app in Debian Chromium against the real server: it loads, its service worker
// activates, and an offline reload still shows the app.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

describe('the app shell in Chromium', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    served = await serveBuiltApp();
    context = await launchContext();
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
  });

  it('loads the login form in Indonesian on a 360 px screen', async () => {
    await page.goto(served.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Masuk' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('activates the service worker at /sw.js', async () => {
    const worker = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return { state: registration.active?.state, url: registration.active?.scriptURL };
      });
    await expect.poll(worker).toEqual({ state: 'activated', url: `${served.url}/sw.js` });
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  });

  it('logs a demo learner in with the keyboard alone and lists the sample course with its size', async () => {
    await page.locator('body').focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim());
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    // Skip link, header, then the form in reading order.
    expect(order[0]).toBe('Lewati ke isi / Skip to content');
    const form = order.indexOf('nip');
    expect(form).toBeGreaterThan(0);
    expect(order.slice(form, form + 3)).toEqual(['nip', 'password', 'Masuk']);
    await page.getByLabel('NIP').focus();
    await page.keyboard.type('199203152025212001');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sari-demo');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: /Orientasi PPPK/ }).isVisible()).toBe(true);
    expect(await page.getByText(/16\spelajaran · 10\sJP/).isVisible()).toBe(true);
    const card = page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
    expect(await card.getByRole('button', { name: /^Unduh untuk offline \(\d+ KB\)$/ }).isVisible()).toBe(true);
  });

  it('still shows the app after an offline reload, on any in-app URL', async () => {
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Kursus saya' }).isVisible()).toBe(true);
    expect(
      await page
        .getByRole('region', { name: 'Status sinkron' })
        .getByText(/^Offline · /)
        .isVisible(),
    ).toBe(true);
    await page.goto(`${served.url}/kursus/orientasi-pppk`);
    await page.getByText('Kursus ini belum diunduh ke perangkat ini.').waitFor();
    await context.setOffline(false);
    await page.goto(served.url);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My courses' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('raised no script errors and no Content-Security-Policy violations', () => {
    // Offline fetches fail by design; everything else is a real problem.
    expect(problems.filter((p) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
  });
});
