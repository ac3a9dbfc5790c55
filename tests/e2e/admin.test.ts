// The agency's dashboard in Chromium, from data a learner synced: the funnel, the tests,
// the per-unit table, search and drill-down, the CSV, and a learner never loading it.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURSE, downloadSample, expectAccessible, expectFitsWidth, finishLesson, logIn, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const BUDI = { nip: '198001012006041001', password: 'admin-demo' };

describe('the admin dashboard', () => {
  let served: ServedApp;
  let learner: BrowserContext;
  let office: BrowserContext;
  let page: Page;
  const learnerRequests: string[] = [];

  beforeAll(async () => {
    served = await serveBuiltApp();
    learner = await launchContext();
    const sari = await learner.newPage();
    sari.on('request', (r) => learnerRequests.push(new URL(r.url()).pathname));
    await sari.goto(served.url);
    await logIn(sari, SARI);
    await downloadSample(sari);
    await sari.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await sari.getByRole('button', { name: 'Kirim jawaban' }).click();
    await sari.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l1`);
    await finishLesson(sari);
    await sari.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await sari.getByText('Semua perubahan sudah terkirim').waitFor();

    office = await launchContext();
    page = await office.newPage();
    await page.goto(served.url);
    await logIn(page, BUDI);
  });
  afterAll(async () => {
    await learner?.close();
    await office?.close();
    await served?.stop();
  });

  it('shows the funnel, the tests and the units from synced data', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Laporan pelatihan' }).waitFor();
    await page.getByRole('heading', { name: 'Corong peserta' }).waitFor();
    const funnel = page.getByRole('region', { name: 'Corong peserta' }).or(page.locator('section').filter({ hasText: 'Corong peserta' }));
    expect(await funnel.first().textContent()).toMatch(/Terdaftar3 \(100%\)Mulai belajar1 \(33%\)/);
    expect(await page.getByText(/Pre-test \(n = 1\)/).isVisible()).toBe(true);
    const units = await page.locator('tbody th').allTextContents();
    expect(units).toEqual(['Dinas Pendidikan', 'Kecamatan Sukamaju']);
    await expectAccessible(page, 'admin dashboard');
    await expectFitsWidth(page, 'admin dashboard');
  });

  it('finds a learner and opens their details', async () => {
    await page.getByLabel('Cari NIP, nama atau unit').fill('sari');
    await page.getByText('1 dari 3 peserta').waitFor();
    await page.getByRole('button', { name: /Sari Wulandari/ }).click();
    await page.getByText(SARI.nip).waitFor();
    await expectAccessible(page, 'learner details');
  });

  it('downloads the CSV with its BOM', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Unduh CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`laporan-${COURSE}.csv`);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks);
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.toString('utf8')).toContain(SARI.nip);
  });

  it('imports staff from a CSV: preview, every bad row, then apply with initial passwords shown once', async () => {
    const file = (rows: string[]) => ({
      name: 'pegawai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['nip,name,unit,position', ...rows].join('\n')),
    });
    const input = page.getByLabel('Berkas CSV');
    await input.setInputFiles(file(['199901012025211201,Rina Kartika,Dinas Kesehatan,Perawat', '123,Pendek,Dinas,Staf']));
    await page.getByText('Baris 3: NIP "123" must be 18 digits').waitFor();
    expect(await page.getByRole('button', { name: 'Terapkan impor' }).count()).toBe(0);

    await input.setInputFiles(
      file(['199901012025211201,Rina Kartika,Dinas Kesehatan,Perawat', '199203152025212001,Sari Wulandari,Dinas Pendidikan,Asisten Guru']),
    );
    await page.getByText('Akan dibuat 1 akun, diperbarui 1 akun.').waitFor();
    await page.getByRole('button', { name: 'Terapkan impor' }).click();
    await page.getByText('✓ Dibuat 1 akun, diperbarui 1 akun.').waitFor();
    const password = await page.locator('tbody code').first().textContent();
    expect(password).toMatch(/^\w{12}$/);
    const login = await fetch(`${served.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nip: '199901012025211201', password }),
    });
    expect(login.status).toBe(200);
    await expectAccessible(page, 'staff import');
  });

  it('is never downloaded by a learner', () => {
    expect(learnerRequests.filter((p) => /Dashboard-/.test(p))).toEqual([]);
  });
});
