// Checking in to a session end to end, in Chromium against the real server: the admin
// schedules a hybrid session running now; Sari, with no signal, types the code of the
// facilitator's screen; Agus, with no signal, points a (fake) camera at its QR code. Both see
// their check-in wait, then recorded once they sync, and the daftar hadir counts each once.
// A wrong code, opened from the QR's link as a phone's camera app does, comes back refused
// with what to do.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { encode } from 'uqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInUrl } from '../../src/app/shared/check-in-link.js';
import type { AttendanceReport, CheckInSecret, Session } from '../../src/domain/api/sessions.js';
import { base32Decode, stepOf, TOTP_WINDOW, totp } from '../../src/domain/totp.js';
import { AGUS, COURSE, expectAccessible, expectFitsWidth, logIn, outbox, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const BUDI = { nip: '198001012006041001', password: 'admin-demo' };
const MINUTE = 60_000;

/** The facilitator's QR code, drawn black on white in a 640×480 camera picture. */
function qrPicture(text: string, file: string): void {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const scale = Math.floor(440 / size);
  const png = new PNG({ width: 640, height: 480 });
  png.data.fill(255);
  const left = Math.floor((640 - size * scale) / 2);
  const top = Math.floor((480 - size * scale) / 2);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (!data[y]![x]) continue;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const at = ((top + y * scale + dy) * 640 + left + x * scale + dx) * 4;
          png.data[at] = png.data[at + 1] = png.data[at + 2] = 0;
        }
    }
  writeFileSync(file, PNG.sync.write(png));
}

/** Waits until the service worker controls the page, so the check-in's chunks load with no signal. */
const workerInControl = (page: Page) => page.waitForFunction(() => !!navigator.serviceWorker.controller);

describe('checking in to a session', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sinau-attendance-'));
  let served: ServedApp;
  let admin: string;
  let hybrid: Session;
  let secret: Uint8Array;
  let sari: BrowserContext;
  let agus: BrowserContext;
  let a: Page;
  let b: Page;
  const errors: string[] = [];

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${served.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (path.endsWith('.csv') ? response.text() : response.json()) as Promise<T>;
  };
  const schedule = (fields: Record<string, unknown>) =>
    api<Session>(`/api/admin/courses/${COURSE}/sessions`, {
      method: 'POST',
      body: JSON.stringify({
        startsAt: new Date(Date.now() - 10 * MINUTE).toISOString(),
        endsAt: new Date(Date.now() + 50 * MINUTE).toISOString(),
        ...fields,
      }),
    });
  const secretOf = async (id: string) => base32Decode((await api<CheckInSecret>(`/api/admin/sessions/${id}/check-in`)).secret);
  const session = (page: Page, title: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });

  /** Logs in, opens the course with signal (its sessions are fetched and kept) and waits for the service worker. */
  const openCourse = async (page: Page, who: { nip: string; password: string }) => {
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await logIn(page, who);
    await page.goto(`${served.url}/kursus/${COURSE}`);
    await page.getByRole('heading', { name: 'Sesi' }).waitFor();
    await workerInControl(page);
  };

  beforeAll(async () => {
    served = await serveBuiltApp();
    const login = await fetch(`${served.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BUDI),
    });
    admin = ((await login.json()) as { token: string }).token;
    hybrid = await schedule({ title: 'Pertemuan 1', mode: 'hybrid', place: 'Aula BKPSDM', meetingUrl: 'https://meet.example.go.id/p1' });
    secret = await secretOf(hybrid.id);
    sari = await launchContext();
    a = await sari.newPage();
    await openCourse(a, SARI);
  });
  afterAll(async () => {
    await sari?.close();
    await agus?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the session kept on the phone, with “Hadir” while it runs', async () => {
    const card = session(a, 'Pertemuan 1');
    await card.getByText('Aula BKPSDM').waitFor();
    expect(await card.getByText('Hybrid (tatap muka atau lewat video)').count()).toBe(1);
    expect(await card.getByRole('link', { name: /Buka tautan rapat/ }).getAttribute('target')).toBe('_blank');
    expect(await card.getByText(/WIB$/).count()).toBe(1);
    const download = a.waitForEvent('download');
    await card.getByRole('button', { name: 'Tambah ke kalender' }).click();
    const ics = readFileSync(await (await download).path(), 'utf8');
    expect(ics).toContain(`UID:sesi-${hybrid.id}@`);
    expect(ics).toContain('SUMMARY:Pertemuan 1\r\n');
    expect(await card.getByRole('button', { name: 'Hadir' }).count()).toBe(1);
    await expectAccessible(a, 'course with sessions');
    await expectFitsWidth(a, 'course with sessions');
  });

  it('Sari checks in with no signal by typing the code on the facilitator’s screen', async () => {
    await sari.setOffline(true);
    const card = session(a, 'Pertemuan 1');
    await card.getByRole('button', { name: 'Hadir' }).click();
    await card.getByRole('heading', { name: 'Hadir: Pertemuan 1' }).waitFor();
    await card.getByRole('radio', { name: 'Di ruangan' }).check();
    // No camera in this browser: it says so, and the field for the digits is there.
    await card.getByText(/Kamera tidak (diizinkan|tersedia)/).waitFor();
    await expectAccessible(a, 'check-in');
    await expectFitsWidth(a, 'check-in');
    await card.getByLabel('Kode (6 angka)').fill(totp(secret, stepOf(Date.now())));
    await card.getByRole('button', { name: 'Catat kehadiran' }).click();
    await card.getByText('Tercatat, menunggu sinkron').waitFor();
    const waiting = (await outbox(a)).filter((e) => e.type === 'attendance.checked-in');
    expect(waiting.map((e) => e.data)).toEqual([expect.objectContaining({ sessionId: hybrid.id, mode: 'luring' })]);
  });

  it('Agus checks in with no signal by pointing the camera at the QR code', async () => {
    // The code two steps ahead: the server takes it from now for the next two minutes, time
    // enough for a browser to start on a loaded machine (the picture cannot change later).
    const link = checkInUrl(served.url, { courseId: COURSE, sessionId: hybrid.id, code: totp(secret, stepOf(Date.now()) + TOTP_WINDOW) });
    qrPicture(link, join(dir, 'qr.png'));
    execFileSync('ffmpeg', [
      '-y',
      '-loglevel',
      'error',
      '-loop',
      '1',
      '-i',
      join(dir, 'qr.png'),
      '-frames:v',
      '10',
      '-pix_fmt',
      'yuv420p',
      join(dir, 'qr.y4m'),
    ]);
    agus = await launchContext({
      args: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${join(dir, 'qr.y4m')}`,
      ],
    });
    b = await agus.newPage();
    await openCourse(b, AGUS);
    await agus.setOffline(true);
    const card = session(b, 'Pertemuan 1');
    await card.getByRole('button', { name: 'Hadir' }).click();
    await card.getByRole('radio', { name: 'Lewat video' }).check();
    await card.getByText('Tercatat, menunggu sinkron').waitFor({ timeout: 30_000 });
    const waiting = (await outbox(b)).filter((e) => e.type === 'attendance.checked-in');
    expect(waiting.map((e) => e.data)).toEqual([{ sessionId: hybrid.id, code: new URL(link).searchParams.get('kode'), mode: 'daring' }]);
  });

  it('both are recorded once they sync, and the daftar hadir counts each of them once', async () => {
    for (const [context, page] of [
      [sari, a],
      [agus, b],
    ] as const) {
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
      await session(page, 'Pertemuan 1').getByText('Tercatat', { exact: true }).waitFor({ timeout: 30_000 });
      expect(await outbox(page)).toEqual([]);
    }
    const report = await api<AttendanceReport>(`/api/admin/sessions/${hybrid.id}/attendance`);
    expect(report.total).toEqual({ luring: 1, daring: 1 });
    const rows = (await api<string>(`/api/admin/sessions/${hybrid.id}/attendance.csv`))
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((row) => row.replace(/\s/g, ''));
    expect(rows).toHaveLength(2);
    for (const who of [SARI, AGUS]) expect(rows.filter((row) => row.includes(who.nip))).toHaveLength(1);
  });

  it('a wrong code from the QR’s link comes back refused, saying what to do', async () => {
    const second = await schedule({ title: 'Pertemuan 2', mode: 'luring', place: 'Ruang 3' });
    const other = await secretOf(second.id);
    const step = stepOf(Date.now());
    const near = new Set(Array.from({ length: 9 }, (_, i) => totp(other, step + i - 4)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !near.has(c))!;
    await a.goto(`${served.url}/kursus/${COURSE}?hadir=${second.id}&kode=${wrong}`);
    const card = session(a, 'Pertemuan 2');
    await card.getByRole('heading', { name: 'Hadir: Pertemuan 2' }).waitFor();
    expect(await card.getByLabel('Kode (6 angka)').inputValue()).toBe(wrong);
    // A luring session: no question of how, and no camera when the link brought the code.
    expect(await card.getByRole('radio').count()).toBe(0);
    expect(await card.locator('video').count()).toBe(0);
    await card.getByRole('button', { name: 'Catat kehadiran' }).click();
    await expect.poll(() => new URL(a.url()).search).toBe('');
    await a.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await card
      .getByText(/kodenya salah atau sudah kedaluwarsa\. Minta kode yang berlaku sekarang kepada fasilitator/)
      .waitFor({ timeout: 30_000 });
    expect(await card.getByRole('button', { name: 'Hadir' }).count()).toBe(1);
    expect((await api<AttendanceReport>(`/api/admin/sessions/${second.id}/attendance`)).total).toEqual({ luring: 0, daring: 0 });
  });

  it('shows the admin’s changes at the next fetch: a new room, a cancelled session', async () => {
    await api(`/api/admin/sessions/${hybrid.id}`, { method: 'PATCH', body: JSON.stringify({ place: 'Ruang Rapat Utama' }) });
    const [second] = (await api<{ sessions: Session[] }>(`/api/admin/courses/${COURSE}/sessions`)).sessions.filter(
      (s) => s.title === 'Pertemuan 2',
    );
    await api(`/api/admin/sessions/${second!.id}/cancel`, { method: 'POST', body: '{}' });
    await a.goto(`${served.url}/kursus/${COURSE}`);
    await session(a, 'Pertemuan 1').getByText('Ruang Rapat Utama').waitFor();
    const cancelled = session(a, 'Pertemuan 2 Dibatalkan');
    await cancelled.getByText('Dibatalkan').waitFor();
    expect(await cancelled.getByRole('button', { name: 'Hadir' }).count()).toBe(0);
    // Kept: the same with no signal.
    await sari.setOffline(true);
    await a.reload();
    await session(a, 'Pertemuan 1').getByText('Ruang Rapat Utama').waitFor();
    await cancelled.getByText('Dibatalkan').waitFor();
    await sari.setOffline(false);
    expect(errors).toEqual([]);
  });
});
