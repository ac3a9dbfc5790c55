// Certificates end to end in Chromium against the real server: a learner completes the sample
// course with no signal, syncs, and finds the certificate on the course; offline it opens and
// saves as the very PDF the server made. Anyone checks it at /v/CODE: online from the server
// (valid, then revoked once the agency revokes it from the admin screen), offline from the QR's
// signed payload with the key the app kept.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COURSE,
  downloadSample,
  expectAccessible,
  expectFitsWidth,
  finishEveryLesson,
  logIn,
  outbox,
  passPostTest,
  readStore,
  SARI,
  submitAnswers,
} from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const BUDI = { nip: '198001012006041001', password: 'admin-demo' };

interface Listed {
  code: string;
  payload: string;
  verifyUrl: string;
  revokedAt: string | null;
}

/** Waits until the service worker controls the page, so it can be reloaded with no signal. */
const workerInControl = (page: Page) => page.waitForFunction(() => !!navigator.serviceWorker.controller);

describe('certificates', () => {
  let served: ServedApp;
  let phone: BrowserContext;
  let page: Page;
  let token: string;
  let certificate: Listed;
  let serverPdf: Buffer;
  const errors: string[] = [];
  const base = () => `${served.url}/kursus/${COURSE}`;
  const api = async (path: string, init: RequestInit = {}) =>
    fetch(`${served.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

  beforeAll(async () => {
    served = await serveBuiltApp();
    phone = await launchContext();
    page = await phone.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await logIn(page, SARI);
    await downloadSample(page);
    await workerInControl(page);
    token = await page.evaluate(() => JSON.parse(localStorage.getItem('sinau.session')!).token as string);
  });
  afterAll(async () => {
    await phone?.close();
    await served?.stop();
  });

  it('completes the course offline: no certificate until the server has graded the post-test', async () => {
    await phone.setOffline(true);
    await page.goto(`${base()}/kuis/pre-test`);
    await page.getByRole('group').first().getByRole('radio').first().check();
    await submitAnswers(page);
    await finishEveryLesson(page, base());
    await passPostTest(page, base());
    await page
      .getByText(/menunggu dinilai/)
      .first()
      .waitFor();
    expect((await outbox(page)).filter((e) => e.type === 'quiz.submitted')).toHaveLength(2);
    await page.goto(base());
    await page.getByRole('heading', { name: /Orientasi PPPK/, level: 1 }).waitFor();
    // Not complete until the server grades the post-test: no certificate, no promise of one yet.
    expect(await page.getByRole('heading', { name: 'Sertifikat' }).count()).toBe(0);
    expect((await api('/api/certificates').then((r) => r.json())).certificates).toEqual([]);
  });

  it('after a sync, shows the certificate on the course and keeps it with its PDF', async () => {
    await phone.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByText('Semua perubahan sudah terkirim').waitFor({ timeout: 30_000 });
    const card = page.getByRole('region', { name: 'Sertifikat' });
    await card.getByRole('link', { name: 'Buka' }).waitFor({ timeout: 30_000 });

    const { certificates } = (await api('/api/certificates').then((r) => r.json())) as { certificates: Listed[] };
    expect(certificates).toHaveLength(1);
    certificate = certificates[0]!;
    const text = await card.textContent();
    expect(text).toContain(certificate.code);
    expect(text).toMatch(/\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}/);
    expect(text).toContain('10\u00a0JP');
    expect(await page.getByText('✓ Kursus selesai. Anda memperoleh 10 JP.').count()).toBe(1);

    const response = await api(`/api/certificates/${certificate.code}.pdf`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    serverPdf = Buffer.from(await response.arrayBuffer());
    const [kept] = await readStore<{ code: string; userId: string; pdf: unknown }>(page, 'certificates');
    expect(kept).toMatchObject({ code: certificate.code });
    await expectAccessible(page, 'course with certificate');
    await expectFitsWidth(page, 'course with certificate');
  });

  it('offline, opens the stored PDF and saves it as sertifikat-CODE.pdf: the very file the server made', async () => {
    await phone.setOffline(true);
    try {
      await page.reload();
      const card = page.getByRole('region', { name: 'Sertifikat' });
      const open = card.getByRole('link', { name: 'Buka' });
      await open.waitFor();
      const url = (await open.getAttribute('href'))!;
      expect(url).toMatch(/^blob:/);
      // "Buka" shows that object URL in a tab of its own (the browser's PDF viewer).
      const opened = phone.waitForEvent('page');
      await open.click();
      const tab = await opened;
      expect(tab.url()).toBe(url);
      await tab.close();

      // The page's own CSP keeps scripts from reading a blob: URL, so the bytes behind that
      // same URL are read from the download "Simpan" makes of it.
      const save = card.getByRole('link', { name: 'Simpan' });
      expect(await save.getAttribute('href')).toBe(url);
      const download = page.waitForEvent('download');
      await save.click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`sertifikat-${certificate.code}.pdf`);
      const chunks: Buffer[] = [];
      for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
      const saved = Buffer.concat(chunks);
      expect(saved.subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(saved.equals(serverPdf)).toBe(true);
    } finally {
      await phone.setOffline(false);
    }
  });

  describe('the verify page and the agency', () => {
    let verifier: BrowserContext;
    let office: BrowserContext;
    let check: Page;
    let admin: Page;
    const verifyPath = () => `/v/${certificate.code}#${certificate.payload}`;

    beforeAll(async () => {
      verifier = await launchContext();
      check = await verifier.newPage();
      check.on('pageerror', (e) => errors.push(e.message));
      office = await launchContext({ viewport: { width: 1280, height: 800 } });
      admin = await office.newPage();
      admin.on('pageerror', (e) => errors.push(e.message));
    });
    afterAll(async () => {
      await verifier?.close();
      await office?.close();
    });

    it('online, says valid from the server with the facts, to someone not logged in', async () => {
      expect(certificate.verifyUrl.endsWith(verifyPath())).toBe(true);
      await check.goto(`${served.url}${verifyPath()}`);
      await check.getByText('Sertifikat ini tercatat dan berlaku menurut server.').waitFor();
      expect(await check.getByRole('heading', { name: '✓ Sah' }).count()).toBe(1);
      const text = await check.locator('main').textContent();
      for (const fact of ['Sari Wulandari', '19920315 ****** * 001', 'Orientasi PPPK', 'BKPSDM']) expect(text).toContain(fact);
      expect(text).not.toContain(SARI.nip);
      expect(await check.getByRole('button', { name: 'Masuk' }).count()).toBe(0);
      await expectAccessible(check, 'verify page');
      await expectFitsWidth(check, 'verify page');
    });

    it('says an unknown code is unknown', async () => {
      await check.goto(`${served.url}/v/0000000000`);
      await check.getByRole('heading', { name: 'Kode tidak dikenal' }).waitFor();
    });

    it('lists the certificate for the agency, downloads the CSV and revokes it with a reason', async () => {
      await admin.goto(served.url);
      await logIn(admin, BUDI);
      await admin.getByRole('link', { name: 'Admin' }).click();
      await admin.getByRole('navigation', { name: 'Bagian admin' }).getByRole('link', { name: 'Sertifikat', exact: true }).click();
      await admin.waitForURL((url) => url.pathname === '/admin/sertifikat');
      const row = admin.getByRole('row', { name: /Sari Wulandari/ });
      await row.waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells.slice(0, 3)).toEqual([certificate.code, '19920315 202521 2 001', 'Dinas Pendidikan']);
      expect(cells).toContain('Berlaku');
      await expectAccessible(admin, 'admin certificates');

      const download = admin.waitForEvent('download');
      await admin.getByRole('button', { name: 'Unduh CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^sertifikat.*\.csv$/);
      const chunks: Buffer[] = [];
      for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
      const csv = Buffer.concat(chunks).toString('utf8');
      expect(csv).toContain(certificate.code);
      expect(csv).toContain('19920315 202521 2 001');

      await row.getByRole('button', { name: `Cabut sertifikat ${certificate.code}` }).click();
      const dialog = admin.getByRole('alertdialog');
      await dialog.getByRole('textbox', { name: 'Alasan pencabutan' }).fill('Diterbitkan untuk akun yang salah');
      await dialog.getByRole('button', { name: 'Cabut sertifikat' }).click();
      await admin.getByText(`✓ Sertifikat ${certificate.code} dicabut.`).waitFor();
      await row.getByText(/^Dicabut \d{2}\/\d{2}\/\d{4}$/).waitFor();
      expect(await row.getByRole('button', { name: /Cabut/ }).count()).toBe(0);
    });

    it('online, then says revoked and since when', async () => {
      await check.goto(`${served.url}${verifyPath()}`);
      await check.getByRole('heading', { name: 'Dicabut' }).waitFor();
      await check.getByText(/^Sertifikat ini dicabut pada \d{1,2} \w+ \d{4} dan tidak berlaku lagi\.$/).waitFor();
    });

    it('shows the learner the revocation with its reason, and drops the PDF', async () => {
      await page.goto(base());
      const card = page.getByRole('region', { name: 'Sertifikat' });
      await card.getByText(/Sejak .*\. Alasan: Diterbitkan untuk akun yang salah/).waitFor();
      expect(await card.getByRole('link', { name: 'Buka' }).count()).toBe(0);
      const [kept] = await readStore<{ pdf: unknown; revokedAt: string | null }>(page, 'certificates');
      expect(kept?.pdf).toBeNull();
      expect(kept?.revokedAt).toEqual(expect.any(String));
    });

    it('offline, checks the payload’s signature with the key kept from the first open, and says so', async () => {
      // A phone that opened Sinau once with signal, logged in or not, keeps the key.
      const visitor = await launchContext();
      try {
        const p = await visitor.newPage();
        p.on('pageerror', (e) => errors.push(e.message));
        await p.goto(served.url);
        await workerInControl(p);
        await expect.poll(async () => (await readStore<{ key: string }>(p, 'meta')).some((m) => m.key === 'certificateKey')).toBe(true);
        await visitor.setOffline(true);

        await p.goto(`${served.url}${verifyPath()}`);
        await p.getByText(/Diperiksa tanpa sinyal dengan kunci tersimpan/).waitFor();
        expect(await p.getByRole('heading', { name: '✓ Sah' }).count()).toBe(1);
        expect(await p.locator('main').textContent()).toContain('Sari Wulandari');
        await expectFitsWidth(p, 'verify page offline');

        // One character of the JSON part changed.
        const [json, signature] = certificate.payload.split('.') as [string, string];
        const at = Math.floor(json.length / 2);
        const tampered = `${json.slice(0, at)}${json[at] === 'A' ? 'B' : 'A'}${json.slice(at + 1)}.${signature}`;
        await p.goto(`${served.url}/v/${certificate.code}#${tampered}`);
        await p.getByRole('heading', { name: 'Tidak sah' }).waitFor();
        expect(await p.locator('main').textContent()).not.toContain('Sari Wulandari');
      } finally {
        await visitor.close();
      }
    });

    it('offline on a device that could not keep the key yet, says it cannot check', async () => {
      const stranger = await launchContext();
      try {
        // The shell is stored, but the key never arrived (the signal went before it did).
        await stranger.route('**/api/certificates/key', (route) => route.abort('internetdisconnected'));
        const p = await stranger.newPage();
        p.on('pageerror', (e) => errors.push(e.message));
        await p.goto(served.url);
        await workerInControl(p);
        await stranger.setOffline(true);
        await p.goto(`${served.url}${verifyPath()}`);
        await p.getByRole('heading', { name: 'Belum bisa diperiksa' }).waitFor();
        await p.getByText(/belum menyimpan kunci pemeriksa sertifikat/).waitFor();
      } finally {
        await stranger.close();
      }
    });
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
