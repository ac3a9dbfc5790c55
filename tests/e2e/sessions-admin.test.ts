// Sessions in Chromium against the real server: an administrator schedules one through the
// form, opens the facilitator's check-in screen, loses the signal, reloads, and still sees
// the code change at the 30 s step (each code the TOTP of the session's secret); the daftar
// hadir prints with a column to sign; a unit coordinator schedules one for their unit.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, stepOf, totp } from '../../src/domain/totp.js';
import { COURSE, expectAccessible, expectFitsWidth, logIn, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { addCoordinator } from '../helpers/cli.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const BUDI = { nip: '198001012006041001', password: 'admin-demo' };
const CAMAT = { nip: '199001010000000078', password: 'koordinator-sesi' };
const UNIT = 'Kecamatan Sukamaju';
/** 1 December 2026, 09:00 in Jakarta: the office's clock during the session it schedules. */
const DURING = Date.parse('2026-12-01T02:00:00.000Z');

const workerInControl = (page: Page) => page.waitForFunction(() => !!navigator.serviceWorker.controller);
const tokenOf = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('sinau.session')!).token as string);
const shownCode = (page: Page) => page.locator('.check-in-code .code').getAttribute('data-code');

describe('sessions on the admin screens', () => {
  let served: ServedApp;
  let office: BrowserContext;
  let page: Page;
  const api = async (path: string, token: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${served.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  };
  const openSessions = async (p: Page) => {
    await p.getByRole('link', { name: 'Admin' }).click();
    await p.getByRole('navigation', { name: 'Bagian admin' }).getByRole('link', { name: 'Sesi', exact: true }).click();
    await p.getByRole('heading', { name: 'Sesi tatap muka dan daring' }).waitFor();
  };
  const fill = async (p: Page, fields: Record<string, string>) => {
    for (const [label, value] of Object.entries(fields)) await p.getByLabel(label).fill(value);
  };

  beforeAll(async () => {
    served = await serveBuiltApp();
    await addCoordinator(served.database.url, CAMAT, 'Camat Sukamaju', UNIT);
    office = await launchContext();
    page = await office.newPage();
    // The office's clock stands in the session's morning; it runs on from there.
    await page.clock.install({ time: DURING });
    await page.goto(served.url);
    await logIn(page, BUDI);
    await workerInControl(page);
  });
  afterAll(async () => {
    await office?.close();
    await served?.stop();
  });

  it('schedules a session through the form, with what the server refuses shown at its field', async () => {
    await openSessions(page);
    await page.getByText('Belum ada sesi untuk kursus ini.').waitFor();
    await page.getByRole('button', { name: 'Jadwalkan sesi baru' }).click();
    await fill(page, {
      'Judul sesi': 'Pertemuan 1: orientasi',
      'Tanggal (hh/bb/tttt)': '01/12/2026',
      'Jam mulai (WIB) (jj:mm)': '08:00',
      // Before the start: the server refuses it, and the form says so at the end time.
      'Jam selesai (WIB) (jj:mm)': '07:00',
      'Tempat (opsional)': 'Aula BKPSDM',
      'Tautan rapat video (opsional)': 'https://meet.example.id/orientasi',
    });
    await page.getByLabel('Hybrid (luring dan daring)').check();
    await page.getByRole('button', { name: 'Simpan sesi' }).click();
    const end = page.getByLabel('Jam selesai (WIB) (jj:mm)');
    await page.getByText('Jam selesai harus setelah jam mulai, dan sesi paling lama 12 jam.').waitFor();
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'session form with an error');
    await expectFitsWidth(page, 'session form');

    await end.fill('12:00');
    await page.getByRole('button', { name: 'Simpan sesi' }).click();
    await page.getByText('✓ Sesi "Pertemuan 1: orientasi" disimpan.').waitFor();
    const item = page.getByRole('listitem').filter({ hasText: 'Pertemuan 1: orientasi' });
    expect(await item.textContent()).toContain('01/12/2026, 08:00–12:00 WIB');
    await expectAccessible(page, 'sessions list');
    await expectFitsWidth(page, 'sessions list');

    const { body } = await api(`/api/admin/courses/${COURSE}/sessions`, await tokenOf(page));
    expect(body.sessions).toEqual([
      expect.objectContaining({
        title: 'Pertemuan 1: orientasi',
        mode: 'hybrid',
        startsAt: '2026-12-01T01:00:00.000Z',
        endsAt: '2026-12-01T05:00:00.000Z',
        place: 'Aula BKPSDM',
        meetingUrl: 'https://meet.example.id/orientasi',
        unit: null,
      }),
    ]);
  });

  it('shows the changing code on the check-in screen, and again after a reload with no signal', async () => {
    const item = page.getByRole('listitem').filter({ hasText: 'Pertemuan 1: orientasi' });
    await item.getByRole('link', { name: 'Buka layar absen sesi Pertemuan 1: orientasi' }).click();
    await page.getByRole('heading', { name: 'Absen: Pertemuan 1: orientasi' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(new URL(page.url()).pathname).toBe(`/admin/sessions/${id}`);
    await page.getByText(/^0 peserta sudah absen/).waitFor();
    const { body: secret } = await api(`/api/admin/sessions/${id}/check-in`, await tokenOf(page));
    const key = base32Decode(secret.secret);
    const browserNow = () => page.evaluate(() => Date.now());
    /** 10 s or so before a step boundary still to come on the page's clock. */
    const nextBoundary = async () => (stepOf(await browserNow()) + 2) * 30_000;

    // axe waits on timers of its own: checked while the clock runs.
    await expectAccessible(page, 'check-in screen');
    await expectFitsWidth(page, 'check-in screen');
    let boundary = await nextBoundary();
    await page.clock.pauseAt(boundary - 10_000);
    await page.getByText('Kode berganti dalam 10 detik').waitFor();
    expect(await shownCode(page)).toBe(totp(key, stepOf(boundary - 10_000)));
    expect(await page.getByRole('alert').count()).toBe(0);

    // Administrators' chunks are not precached, and the browser's HTTP cache may have let
    // them go by the time the hall's Wi-Fi fails: the screen kept its own files.
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('sinau-check-in')).keys()).map((r) => new URL(r.url).pathname)))
      .toContainEqual(expect.stringMatching(/^\/assets\/CheckIn-[\w-]+\.js$/));
    await (await office.newCDPSession(page)).send('Network.clearBrowserCache');
    await office.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('heading', { name: 'Absen: Pertemuan 1: orientasi' }).waitFor();
      // The clock stood still over the reload: run it, firing the screen's timers, to 5 s
      // before a step boundary.
      boundary = await nextBoundary();
      await page.clock.runFor(boundary - 5_000 - (await browserNow()));
      await page.getByText('Kode berganti dalam 5 detik').waitFor();
      const before = await shownCode(page);
      expect(before).toBe(totp(key, stepOf(boundary - 5_000)));
      // Across the step boundary, with no network: the next step's code.
      await page.clock.runFor(6_000);
      await page.getByText('Kode berganti dalam 29 detik').waitFor();
      const after = await shownCode(page);
      expect(after).toBe(totp(key, stepOf(boundary + 1_000)));
      expect(after).not.toBe(before);
      // The grouped digits on screen are that code.
      expect((await page.locator('.check-in-code .code').textContent())?.replace(' ', '')).toBe(after);
      await page.getByText(/^0 peserta sudah absen \(terakhir diperbarui \d\d:\d\d\)$/).waitFor();
    } finally {
      await office.setOffline(false);
    }

    // After check-in closes (12:00 + 30 min) the screen says the codes would be refused, and
    // the secret is no longer on the device.
    await page.clock.fastForward(4 * 3_600_000);
    // Running again, so the screen's effects (after the next frame) run too.
    await page.clock.resume();
    await page.getByText(/^Kode tidak diterima lagi: absen ditutup pukul 12:30 WIB/).waitFor();
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), `sinau.check-in.${id}`)).toBeNull();
  });

  it('prints the daftar hadir: the session over a table with a column to sign', async () => {
    // A session running now on the server's clock, and Sari's phone checking in to it.
    const admin = await tokenOf(page);
    const now = Date.now();
    const created = await api(`/api/admin/courses/${COURSE}/sessions`, admin, {
      method: 'POST',
      body: {
        title: 'Pertemuan 2',
        mode: 'luring',
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        place: 'Ruang Rapat 2',
      },
    });
    expect(created.status).toBe(201);
    const { body: secret } = await api(`/api/admin/sessions/${created.body.id}/check-in`, admin);
    const login = await fetch(`${served.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SARI),
    }).then((r) => r.json());
    const code = totp(base32Decode(secret.secret), stepOf(now));
    const event = {
      id: crypto.randomUUID(),
      type: 'attendance.checked-in',
      courseId: COURSE,
      courseVersion: 1,
      at: new Date(now).toISOString(),
      data: { sessionId: created.body.id, code, mode: 'luring' },
    };
    const synced = await api('/api/sync', login.token, {
      method: 'POST',
      body: { protocol: 1, deviceId: 'sari-phone', cursor: null, events: [event] },
    });
    expect(synced.body.rejected).toEqual([]);

    await page.goto(`${served.url}/admin/sesi`);
    await page.getByRole('button', { name: 'Kehadiran sesi Pertemuan 2' }).click();
    await page.getByRole('heading', { name: 'Kehadiran: Pertemuan 2' }).waitFor();
    const register = page.locator('table.register');
    await register.locator('tbody tr').first().waitFor();
    expect(await page.getByRole('table', { name: 'Daftar hadir' }).count()).toBe(1);
    await expectAccessible(page, 'attendance');
    await expectFitsWidth(page, 'attendance');

    await page.emulateMedia({ media: 'print' });
    try {
      expect(await register.locator('thead th').allTextContents()).toEqual([
        'No',
        'NIP',
        'Nama',
        'Unit',
        'Mode',
        'Jam hadir',
        'Tanda tangan',
      ]);
      const row = await register.locator('tbody tr').first().locator('th, td').allTextContents();
      expect(row[0]).toBe('1');
      expect(row[1]!.replace(/ /g, '')).toBe(SARI.nip);
      expect(row[4]).toBe('luring');
      expect(row[6]).toBe('');
      expect(await register.isVisible()).toBe(true);
      // The particulars head the page; the screen's buttons, menu and summary do not print.
      const details = page.locator('.daftar-hadir .session-details');
      expect(await details.isVisible()).toBe(true);
      for (const text of ['Pertemuan 2', 'Ruang Rapat 2', 'Luring (tatap muka)', 'WIB'])
        expect(await details.textContent()).toContain(text);
      expect(await page.getByText('Daftar hadir', { exact: true }).first().isVisible()).toBe(true);
      for (const hidden of [
        page.getByRole('button', { name: 'Cetak daftar hadir' }),
        page.getByRole('navigation', { name: 'Bagian admin' }),
        page.getByRole('heading', { name: 'Kehadiran per unit kerja' }),
      ])
        expect(await hidden.isVisible()).toBe(false);
      // The signature column is wide enough to sign in.
      const widths = await register.evaluate((table) => {
        const cells = [...table.querySelectorAll('thead th')] as HTMLElement[];
        return { signature: cells.at(-1)!.offsetWidth, table: (table as HTMLElement).offsetWidth };
      });
      expect(widths.signature / widths.table).toBeGreaterThan(0.2);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('lets a unit coordinator schedule a session, which is for their unit', async () => {
    const context = await launchContext();
    try {
      const camat = await context.newPage();
      await camat.goto(served.url);
      await logIn(camat, CAMAT);
      await openSessions(camat);
      await camat.getByRole('button', { name: 'Jadwalkan sesi baru' }).click();
      expect(await camat.getByLabel('Untuk unit kerja').count()).toBe(0);
      await fill(camat, {
        'Judul sesi': 'Sosialisasi di kecamatan',
        'Tanggal (hh/bb/tttt)': '03/12/2026',
        'Jam mulai (WIB) (jj:mm)': '13:00',
        'Jam selesai (WIB) (jj:mm)': '15:00',
      });
      await camat.getByLabel('Luring (tatap muka)').check();
      await camat.getByRole('button', { name: 'Simpan sesi' }).click();
      await camat.getByText('✓ Sesi "Sosialisasi di kecamatan" disimpan.').waitFor();
      const item = camat.getByRole('listitem').filter({ hasText: 'Sosialisasi di kecamatan' });
      expect(await item.textContent()).toContain(`Unit: ${UNIT}`);
      await expectAccessible(camat, 'coordinator sessions');
      await expectFitsWidth(camat, 'coordinator sessions');

      const { body } = await api(`/api/admin/courses/${COURSE}/sessions`, await tokenOf(page));
      expect(body.sessions.find((s: { title: string }) => s.title === 'Sosialisasi di kecamatan')).toMatchObject({
        unit: UNIT,
        startsAt: '2026-12-03T06:00:00.000Z',
      });
      // The sessions for every unit, which the coordinator reads, they cannot change.
      const everyone = camat.getByRole('listitem').filter({ hasText: 'Pertemuan 2' });
      expect(await everyone.getByRole('button', { name: /^Ubah/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
