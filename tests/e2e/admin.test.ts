// The agency's dashboard in Chromium, from data a learner synced: the funnel, the tests,
// the per-unit table, search and drill-down, the CSV, staff import, enrolment, disabling an
// account, the year's JP list, and a learner never loading it.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGUS,
  COURSE,
  downloadSample,
  expectAccessible,
  expectFitsWidth,
  finishLesson,
  logIn,
  SARI,
  submitAnswers,
} from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const BUDI = { nip: '198001012006041001', password: 'admin-demo' };
const SECTIONS = ['Laporan', 'Peserta', 'JP', 'Sertifikat', 'Sesi', 'Pendaftaran', 'Impor', 'Kursus', 'Bank soal'];
const RINA = '199901012025211201';

/** A call to the server as a client outside the browser would make it. */
async function call(url: string, token?: string, body?: unknown) {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the admin dashboard', () => {
  let served: ServedApp;
  let learner: BrowserContext;
  let office: BrowserContext;
  let page: Page;
  // Everything the learner's browser fetched, its service worker's precaching included.
  const learnerRequests: { path: string; byWorker: boolean }[] = [];
  // What the office's page fetched to open the admin screens.
  const adminRequests: string[] = [];
  let adminOpened = false;
  const passwords: Record<string, string> = {};
  const logInOverApi = async (nip: string, password: string) => await call(`${served.url}/api/auth/login`, undefined, { nip, password });
  /** Opens a section of the admin screens by its link, as a person would. */
  const openSection = async (name: string) => {
    await page.getByRole('navigation', { name: 'Bagian admin' }).getByRole('link', { name, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/admin/${name.toLowerCase().replace(' ', '-')}`);
  };
  const coursesOf = async (nip: string) => {
    const login = await logInOverApi(nip, passwords[nip]!);
    const token = login.body.token as string;
    // An initial password is good for one login: choose another, as the app makes one do.
    if (login.body.mustChangePassword) {
      const next = `${passwords[nip]}-baru`;
      await call(`${served.url}/api/auth/password`, token, { current: passwords[nip], next });
      passwords[nip] = next;
    }
    const { body } = await call(`${served.url}/api/courses`, token);
    return (body.courses as { id: string }[]).map((c) => c.id);
  };

  beforeAll(async () => {
    served = await serveBuiltApp();
    learner = await launchContext();
    learner.on('request', (r) => learnerRequests.push({ path: new URL(r.url()).pathname, byWorker: !!r.serviceWorker() }));
    const sari = await learner.newPage();
    await sari.goto(served.url);
    await logIn(sari, SARI);
    await downloadSample(sari);
    await sari.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await submitAnswers(sari);
    await sari.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l1`);
    await finishLesson(sari);
    await sari.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await sari.getByText('Semua perubahan sudah terkirim').waitFor();

    office = await launchContext();
    page = await office.newPage();
    page.on('request', (r) => adminOpened && !r.serviceWorker() && adminRequests.push(new URL(r.url()).pathname));
    await page.goto(served.url);
    await logIn(page, BUDI);
  });
  afterAll(async () => {
    await learner?.close();
    await office?.close();
    await served?.stop();
  });

  it('shows the funnel, the tests and the units from synced data', async () => {
    adminOpened = true;
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Administrasi pelatihan' }).waitFor();
    await page.getByRole('heading', { name: 'Corong peserta' }).waitFor();
    adminOpened = false;
    const funnel = page.getByRole('region', { name: 'Corong peserta' }).or(page.locator('section').filter({ hasText: 'Corong peserta' }));
    expect(await funnel.first().textContent()).toMatch(/Terdaftar3 \(100%\)Mulai belajar1 \(33%\)/);
    expect(await page.getByText(/Pre-test \(n = 1\)/).isVisible()).toBe(true);
    const units = await page.getByRole('region', { name: 'Per unit kerja' }).first().locator('tbody th').allTextContents();
    expect(units).toEqual(['Dinas Pendidikan', 'Kecamatan Sukamaju']);
    await expectAccessible(page, 'admin dashboard');
    await expectFitsWidth(page, 'admin dashboard');
  });

  it('finds a learner and opens their details', async () => {
    await openSection('Peserta');
    await page.getByLabel('Cari NIP, nama atau unit').fill('sari');
    await page.getByText('1 dari 3 peserta').waitFor();
    await page.getByRole('button', { name: /Sari Wulandari/ }).click();
    await page.locator('.learners').getByText(SARI.nip).waitFor();
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
    // The NIP in its printed groups, which spreadsheets keep as text.
    expect(text.toString('utf8')).toContain(
      `${SARI.nip.slice(0, 8)} ${SARI.nip.slice(8, 14)} ${SARI.nip.slice(14, 15)} ${SARI.nip.slice(15)}`,
    );
  });

  it('imports staff from a CSV: preview, every bad row, then apply with initial passwords shown once', async () => {
    const file = (rows: string[]) => ({
      name: 'pegawai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['nip,name,unit,position', ...rows].join('\n')),
    });
    await openSection('Impor');
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
    passwords[RINA] = password!;
    await expectAccessible(page, 'staff import');
  });

  it('enrols a work unit, then a list of NIPs after pointing at a bad one by its line', async () => {
    // Rudi is set up over the API; Rina came from the import above. Neither is enrolled yet.
    const RUDI = '199001012025211005';
    const UNKNOWN = '200001012025211999';
    const budi = (await logInOverApi(BUDI.nip, BUDI.password)).body.token as string;
    const imported = await call(`${served.url}/api/admin/users/import`, budi, {
      csv: `nip,name,unit,position\n${RUDI},Rudi Hartono,Sekretariat Daerah,Pranata Komputer`,
      apply: true,
    });
    passwords[RUDI] = (imported.body.passwords as { password: string }[])[0]!.password;
    expect(await coursesOf(RINA)).toEqual([]);
    const enrolCalls: unknown[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/admin/enrol') enrolCalls.push(r.postDataJSON());
    });
    await page.reload();
    await openSection('Pendaftaran');

    const section = page.getByRole('region', { name: 'Pendaftaran peserta' });
    const course = section.getByLabel('Daftarkan ke kursus');
    await course.locator('option', { hasText: /^Orientasi PPPK.*\(3 peserta\)/ }).waitFor({ state: 'attached' });
    await section.getByRole('radio', { name: 'Satu unit kerja' }).check();
    await section.getByRole('combobox', { name: /^Unit kerja/ }).selectOption('Dinas Kesehatan');
    await section.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await section.getByText(/^✓ 1 peserta baru terdaftar di Orientasi PPPK/).waitFor();
    // The course's count and the report's learner list are fetched again.
    await course.locator('option', { hasText: '(4 peserta)' }).waitFor({ state: 'attached' });
    await openSection('Peserta');
    await page.getByText('4 dari 4 peserta').waitFor();
    await page.getByRole('button', { name: /Rina Kartika/ }).waitFor();
    expect(await coursesOf(RINA)).toEqual([COURSE]);
    expect(enrolCalls).toEqual([{ courseId: COURSE, unit: 'Dinas Kesehatan' }]);
    await page.goBack();
    await section.getByRole('heading', { name: 'Pendaftaran peserta' }).waitFor();

    await section.getByRole('radio', { name: 'Daftar NIP' }).check();
    const box = section.getByLabel(/^NIP, satu per baris/);
    await box.fill(`${RUDI}\n123, ${SARI.nip}\n${UNKNOWN}`);
    await section.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await section.getByText('Baris 2: "123" bukan NIP 18 angka').waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(enrolCalls).toHaveLength(1);
    await expectAccessible(page, 'enrolment with a bad NIP');
    await expectFitsWidth(page, 'enrolment with a bad NIP');

    await box.fill(`${RUDI}\n${SARI.nip}, ${UNKNOWN}`);
    await section.getByText('3 NIP terbaca.').waitFor();
    await section.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    // Sari was enrolled already; the unknown NIP is named as matching no active account.
    await section.getByText('1 NIP lainnya sudah terdaftar.').waitFor();
    expect(await section.getByRole('status').textContent()).toMatch(
      new RegExp(
        `^✓ 1 peserta baru terdaftar di Orientasi PPPK.*Tidak cocok dengan akun aktif mana pun \\(tidak ada atau nonaktif\\): ${UNKNOWN}\\.$`,
      ),
    );
    expect(enrolCalls[1]).toEqual({ courseId: COURSE, nips: [RUDI, SARI.nip, UNKNOWN] });
    await course.locator('option', { hasText: '(5 peserta)' }).waitFor({ state: 'attached' });
    expect(await coursesOf(RUDI)).toEqual([COURSE]);
    const listed = await call(`${served.url}/api/admin/courses`, budi);
    expect((listed.body.courses as { id: string; enrolled: number }[]).find((c) => c.id === COURSE)?.enrolled).toBe(5);
    await expectAccessible(page, 'enrolment done');
    await expectFitsWidth(page, 'enrolment done');
  });

  it('disables a learner after a warning: their token is refused at once; enabled again, they log in', async () => {
    const token = (await logInOverApi(AGUS.nip, AGUS.password)).body.token as string;
    expect((await call(`${served.url}/api/me`, token)).status).toBe(200);

    await openSection('Peserta');
    await page.getByLabel('Cari NIP, nama atau unit').fill('agus');
    await page.getByRole('button', { name: /Agus Prasetyo/ }).click();
    const details = page.locator('.learners li', { hasText: AGUS.nip });
    expect(await details.locator('dl').textContent()).toContain('AkunAktif');
    await details.getByRole('button', { name: 'Nonaktifkan akun' }).click();
    const warning = page.getByRole('alertdialog');
    expect(await warning.textContent()).toMatch(/Tokennya langsung berhenti berlaku.*Riwayat belajarnya tetap ada di laporan\./);
    // The safe choice takes the focus.
    expect(await warning.getByRole('button', { name: 'Batal' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'disable warning');
    await expectFitsWidth(page, 'disable warning');
    await warning.getByRole('button', { name: 'Nonaktifkan akun' }).click();
    await page.getByText('Akun Agus Prasetyo dinonaktifkan.').waitFor();
    await page.getByRole('button', { name: /Agus Prasetyo Nonaktif/ }).waitFor();
    expect(await details.locator('dl').textContent()).toContain('AkunNonaktif');
    expect((await call(`${served.url}/api/me`, token)).status).toBe(401);
    expect((await logInOverApi(AGUS.nip, AGUS.password)).status).toBe(401);
    await expectAccessible(page, 'disabled learner');

    // The state comes from the server, not only from this page's memory.
    await page.reload();
    await page.getByLabel('Cari NIP, nama atau unit').fill('agus');
    await page.getByRole('button', { name: /Agus Prasetyo Nonaktif/ }).click();
    await details.getByRole('button', { name: 'Aktifkan kembali' }).click();
    await page.getByText('Akun Agus Prasetyo aktif kembali; ia masuk dengan kata sandi yang sama.').waitFor();
    expect(await page.getByRole('button', { name: /Agus Prasetyo/ }).textContent()).not.toContain('Nonaktif');
    expect((await logInOverApi(AGUS.nip, AGUS.password)).status).toBe(200);
    await expectFitsWidth(page, 'enabled learner');
  });

  it('lists the JP of the year, largest shortfall first, sortable from the keyboard', async () => {
    await openSection('JP');
    const card = page.getByRole('region', { name: 'JP tahun ini' });
    await card.getByRole('heading', { name: 'JP tahun ini' }).scrollIntoViewIfNeeded();
    expect(await card.getByText(/^Hanya kursus bangkom/).isVisible()).toBe(true);
    // The sample course is an orientation, which earns no yearly JP: every learner lacks the whole target.
    await card.getByText('5 dari 5 pegawai belum mencapai target').waitFor();
    expect(await card.getByLabel('Tahun', { exact: true }).inputValue()).toBe(String(new Date().getFullYear()));
    const target = await card.getByLabel('Target JP', { exact: true }).inputValue();
    expect(target).toMatch(/^\d+$/);
    const table = card.getByRole('table');
    const column = (n: number) => table.locator(`tbody tr > :nth-child(${n})`).allTextContents();
    const sortedBy = (name: string) => table.getByRole('columnheader', { name }).getAttribute('aria-sort');
    expect(await column(4)).toEqual(['0', '0', '0', '0', '0']);
    expect(await column(5)).toEqual(Array(5).fill(target));
    expect(await sortedBy('Kurang')).toBe('descending');
    // Equal shortfalls keep the server's order: by unit, then by name.
    const byShortfall = ['Rina Kartika', 'Agus Prasetyo', 'Sari Wulandari', 'Dewi Lestari', 'Rudi Hartono'];
    expect(await column(2)).toEqual(byShortfall);

    await table.getByRole('button', { name: 'Nama' }).press('Enter');
    await expect.poll(() => sortedBy('Nama')).toBe('ascending');
    expect(await sortedBy('Kurang')).toBeNull();
    expect(await column(2)).toEqual(['Agus Prasetyo', 'Dewi Lestari', 'Rina Kartika', 'Rudi Hartono', 'Sari Wulandari']);
    await table.getByRole('button', { name: 'Kurang' }).press('Space');
    await expect.poll(() => sortedBy('Kurang')).toBe('descending');
    expect(await column(2)).toEqual(byShortfall);
    await expectAccessible(page, 'JP list');
    await expectFitsWidth(page, 'JP list');

    await card.getByRole('combobox', { name: /^Unit kerja/ }).selectOption('Dinas Pendidikan');
    await card.getByText('2 dari 2 pegawai belum mencapai target').waitFor();
    expect(await column(2)).toEqual(['Agus Prasetyo', 'Sari Wulandari']);
  });

  it('reaches every section from its navigation, each at its own address that the back button and a reload keep', async () => {
    const nav = page.getByRole('navigation', { name: 'Bagian admin' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(SECTIONS);
    const headings: Record<string, string> = {
      Laporan: 'Corong peserta',
      Peserta: 'Peserta',
      JP: 'JP tahun ini',
      Sertifikat: 'Sertifikat',
      Sesi: 'Sesi tatap muka dan daring',
      Pendaftaran: 'Pendaftaran peserta',
      Impor: 'Impor pegawai (CSV)',
      Kursus: 'Kursus: unggah dan terbitkan',
      'Bank soal': 'Bank soal (GIFT atau Aiken)',
    };
    for (const name of SECTIONS) {
      await openSection(name);
      await page.getByRole('heading', { name: headings[name], exact: true }).waitFor();
      expect(await nav.getByRole('link', { name, exact: true }).getAttribute('aria-current')).toBe('page');
      expect(await nav.locator('[aria-current]').count()).toBe(1);
      await expectAccessible(page, `section ${name}`);
      await expectFitsWidth(page, `section ${name}`);
    }
    await page.goBack();
    await page.getByRole('heading', { name: 'Kursus: unggah dan terbitkan' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/kursus');
    await page.reload();
    await page.getByRole('heading', { name: 'Kursus: unggah dan terbitkan' }).waitFor();
  });

  it('on an office monitor, lays the report out wide and breaks no table header inside a word', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await openSection('Laporan');
      const units = page.getByRole('region', { name: 'Per unit kerja' }).first();
      await units.locator('tbody th').first().waitFor();
      // The admin area uses the monitor, not the learner's one reading column.
      expect(await page.locator('.admin').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(1000);
      for (const name of ['JP', 'Laporan']) {
        if (name !== 'Laporan') await openSection(name);
        const headers = page.locator('.admin thead th');
        await headers.first().waitFor();
        // One line high: a header broken mid-word ("Terdaft ar") would be two lines. Measured on
        // the header's text, since a sortable header's button is taller than a line.
        const heights = await headers.evaluateAll((cells) =>
          cells.map((th) => {
            const lineHeight = Number.parseFloat(getComputedStyle(th.querySelector('button') ?? th).lineHeight);
            const tops: number[] = [];
            const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const range = document.createRange();
              range.selectNodeContents(node);
              for (const rect of range.getClientRects())
                if (rect.width > 0 && !tops.some((top) => Math.abs(top - rect.top) < lineHeight / 2)) tops.push(rect.top);
            }
            return { text: th.textContent, lines: tops.length, clipped: th.scrollWidth > th.clientWidth };
          }),
        );
        for (const header of heights) expect(header, `${name}: ${header.text}`).toMatchObject({ lines: 1, clipped: false });
      }
      await expectAccessible(page, 'admin report at 1280 px');
    } finally {
      await page.setViewportSize({ width: 360, height: 740 });
    }
  });

  it('takes report dates as dd/mm/yyyy, sends them to the API as yyyy-mm-dd, and names a date that is not one', async () => {
    await openSection('Laporan');
    const from = page.getByLabel('Dari tanggal');
    await from.fill('31/02/2026');
    await from.press('Tab');
    const alert = page.getByRole('alert').filter({ hasText: 'Dari tanggal' });
    expect(await alert.textContent()).toBe('Dari tanggal: "31/02/2026" bukan tanggal. Tulis hari/bulan/tahun, misalnya 17/08/2026.');
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'a bad report date');
    await expectFitsWidth(page, 'a bad report date');

    const asked = page.waitForRequest((r) => /\/report\?/.test(r.url()) && new URL(r.url()).searchParams.get('from') === '2020-01-01');
    await from.fill('1/1/2020');
    await from.press('Tab');
    const url = new URL((await asked).url());
    expect(url.searchParams.get('to')).toBeNull();
    expect(await from.inputValue()).toBe('01/01/2020');
    expect(await from.getAttribute('aria-invalid')).toBe('false');
    expect(await alert.count()).toBe(0);
    await page.getByRole('heading', { name: 'Corong peserta' }).waitFor();

    // A range that ends before it starts is named, and not asked of the server.
    let reversedAsked = false;
    const watch = (r: { url(): string }) => {
      if (/\/report\?/.test(r.url()) && new URL(r.url()).searchParams.get('to') === '2019-12-31') reversedAsked = true;
    };
    page.on('request', watch);
    const to = page.getByLabel('Sampai tanggal');
    await to.fill('31/12/2019');
    await to.press('Tab');
    await page.getByRole('alert').filter({ hasText: 'lebih awal dari' }).waitFor();
    await expectAccessible(page, 'a reversed date range');
    await to.fill('');
    await to.press('Tab');
    await page.getByRole('alert').filter({ hasText: 'lebih awal dari' }).waitFor({ state: 'detached' });
    page.off('request', watch);
    expect(reversedAsked).toBe(false);

    const cleared = page.waitForRequest((r) => /\/report\?/.test(r.url()) && !new URL(r.url()).searchParams.has('from'));
    await from.fill('');
    await from.press('Tab');
    await cleared;
  });

  it('is never downloaded by a learner, not even by the service worker that stores the app for offline', async () => {
    const sw = await readFile(resolve(import.meta.dirname, '../../dist/sw.js'), 'utf8');
    const precached = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => `/${m[1]}`);
    expect(precached).toContain('/index.html'); // the manifest was read
    // A chunk of library code the learner's screens import too (a hash function both the
    // check-in codes and the media downloads use) is the learner's as well: only the files
    // no learner file imports are the admin screens' own.
    const learnerJs = await Promise.all(
      precached.filter((p) => p.endsWith('.js')).map((p) => readFile(resolve(import.meta.dirname, `../../dist${p}`), 'utf8')),
    );
    const importedByLearner = (path: string) => learnerJs.some((code) => code.includes(`from"./${path.split('/').pop()}"`));
    const adminFiles = adminRequests.filter((p) => p.startsWith('/assets/') && !importedByLearner(p));
    expect(adminFiles.some((p) => /\.js$/.test(p))).toBe(true); // the admin screens came as a chunk of their own, on demand
    // The learner's worker did store the app (so its requests are seen), but none of those.
    expect(learnerRequests.filter((r) => r.byWorker && r.path.startsWith('/assets/')).length).toBeGreaterThan(3);
    expect(learnerRequests.filter((r) => adminFiles.includes(r.path))).toEqual([]);
    expect(precached.filter((p) => adminFiles.includes(p))).toEqual([]);
  });
});
