// A unit coordinator in Chromium: made on the command line, logs in, opens Admin and sees
// their own unit's report and learners, and none of the tools that change anything.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, logIn } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { addCoordinator } from '../helpers/cli.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const CAMAT = { nip: '199001010000000077', password: 'koordinator-1' };
const UNIT = 'Kecamatan Sukamaju';

describe('a unit coordinator', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const asked: string[] = [];

  beforeAll(async () => {
    served = await serveBuiltApp();
    await addCoordinator(served.database.url, CAMAT, 'Camat Sukamaju', UNIT);
    context = await launchContext();
    page = await context.newPage();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/admin/')) asked.push(`${r.status()} ${path}`);
    });
    await page.goto(served.url);
    await logIn(page, CAMAT);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
  });

  it('sees only their own unit, read-only', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Administrasi pelatihan' }).waitFor();
    await page.getByRole('heading', { name: 'Corong peserta' }).waitFor();
    const units = await page.getByRole('region', { name: 'Per unit kerja' }).first().locator('tbody th').allTextContents();
    expect(units).toEqual([UNIT]);
    const nav = page.getByRole('navigation', { name: 'Bagian admin' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Laporan', 'Peserta', 'JP', 'Sertifikat', 'Sesi']);
    await expectAccessible(page, 'coordinator report');

    await nav.getByRole('link', { name: 'JP', exact: true }).click();
    await page.getByRole('heading', { name: 'JP tahun ini' }).waitFor();
    await nav.getByRole('link', { name: 'Peserta', exact: true }).click();
    await page.getByText(/^1 dari 1 peserta$/).waitFor();
    await page.locator('.learners button.row').first().click();
    expect(await page.getByRole('button', { name: 'Nonaktifkan akun' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reset kata sandi' }).count()).toBe(0);
    for (const hidden of ['Pendaftaran peserta', 'Impor pegawai (CSV)', 'Bank soal (GIFT atau Aiken)', 'Kursus: unggah dan terbitkan'])
      expect(await page.getByRole('heading', { name: hidden }).count(), hidden).toBe(0);
    await expectAccessible(page, 'coordinator learners');
    // The address of a section they are not offered opens the report instead.
    await page.goto(`${served.url}/admin/impor`);
    await page.getByRole('heading', { name: 'Corong peserta' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Impor pegawai (CSV)' }).count()).toBe(0);
    // Every request the screen made was one the server allows a coordinator.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((line) => !line.startsWith('200 '))).toEqual([]);
  });
});
