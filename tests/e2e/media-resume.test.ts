// A media download cut in the middle, the app closed and opened again: the download resumes
// with only the ranges it had not stored, the file is checked against its SHA-256, and the
// lesson plays with no signal. Every request goes through a proxy in front of the real
// server, which sees what the page and its service worker fetch and drops the connection
// in the middle of a range, as a phone losing signal does.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/app/i18n.js';
import { chunksOf, MEDIA_CHUNK_BYTES } from '../../src/domain/media.js';
import { logIn, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { sinau } from '../helpers/cli.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const COURSE = 'media-lanjut';
const courseYaml = `id: ${COURSE}
version: 1
title: Media Lanjut
summary: Kursus dengan video besar
language: id
category: bangkom
jp: 1
modules:
  - id: m1
    title: Modul
    lessons:
      - { id: v1, title: Video Panjang, type: video, file: media/panjang.webm, minutes: 5 }
`;

/** The media range requests the proxy saw, and what it did with each. */
interface Seen {
  range: string;
  outcome: 'passed' | 'cut';
}

/**
 * A proxy to `target` that records every Range request for `/api/media/<sha256>` and, when
 * told, answers the next one with its headers and half its body, then drops the connection.
 */
function proxyTo(target: string, sha256: string) {
  const seen: Seen[] = [];
  /** Every path asked, by the page or by its service worker. */
  const paths: string[] = [];
  /** The index in `seen` of the request to cut, if one is to be. */
  let cutAt = -1;
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const media = req.url === `/api/media/${sha256}`;
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!media) return void answer.pipe(res);
      const range = String(req.headers.range ?? '');
      if (seen.length !== cutAt) {
        seen.push({ range, outcome: 'passed' });
        return void answer.pipe(res);
      }
      seen.push({ range, outcome: 'cut' });
      const half = Number(answer.headers['content-length']) / 2;
      let sent = 0;
      answer.on('data', (data: Buffer) => {
        if (sent >= half) return;
        res.write(data.subarray(0, half - sent));
        sent += data.length;
        if (sent >= half) {
          answer.destroy();
          res.socket?.destroy();
        }
      });
    });
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
  });
  return {
    seen,
    paths,
    /** Lets `ranges` more media requests through, then cuts the next one in the middle. */
    cutAfter: (ranges: number) => {
      cutAt = seen.length + ranges;
    },
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

describe('a media download cut in the middle and resumed after the app is reopened', () => {
  let served: ServedApp;
  let proxy: ReturnType<typeof proxyTo>;
  let context: BrowserContext;
  let page: Page;
  let work: string;
  let video: Buffer;
  let sha256: string;
  const errors: string[] = [];

  async function openPage(path: string) {
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${proxy.url()}${path}`);
  }

  /** What the phone's media store holds of the file: its state and its chunks' places and sizes. */
  const stored = () =>
    page.evaluate(async (sha) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('sinau-media');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = <T>(store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const get = db.transaction(store).objectStore(store).getAll();
          get.onsuccess = () => resolve(get.result as T[]);
          get.onerror = () => reject(get.error);
        });
      const file = (await all<{ sha256: string; bytes: number; contiguous: number; verified: boolean }>('files')).find(
        (f) => f.sha256 === sha,
      );
      const chunks = (await all<{ sha256: string; start: number; blob: Blob }>('chunks')).filter((c) => c.sha256 === sha);
      chunks.sort((a, b) => a.start - b.start);
      // The bytes the phone holds, hashed here: what will play is what the server published.
      const whole = new Uint8Array(await new Blob(chunks.map((c) => c.blob)).arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', whole));
      db.close();
      return {
        file,
        chunks: chunks.map((c) => ({ start: c.start, size: c.blob.size })),
        hash: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
      };
    }, sha256);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sinau-e2e-media-resume-'));
    const file = join(work, 'c', 'media', 'panjang.webm');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(join(work, 'c', 'course.yaml'), courseYaml);
    // Eight seconds of noise at a fixed 5 Mbit/s: about 4.8 MiB, five ranges of 1 MiB.
    await promisify(execFile)('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:s=320x240:r=15,noise=alls=100:allf=t+u', '-t', '8'],
      ...['-c:v', 'libvpx', '-b:v', '5M', '-minrate', '5M', '-maxrate', '5M', '-bufsize', '1M', '-an', file],
    ]);
    video = await readFile(file);
    sha256 = createHash('sha256').update(video).digest('hex');
    served = await serveBuiltApp();
    const env = { DATABASE_URL: served.database.url };
    const imported = await sinau(['course', 'import', join(work, 'c')], env);
    if (imported.code !== 0) throw new Error(imported.stderr || imported.stdout);
    await sinau(['enrol', '--course', COURSE, '--all'], env);
    proxy = proxyTo(served.url, sha256);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    context = await launchContext();
    await openPage('/');
    await logIn(page, SARI);
  });
  afterAll(async () => {
    await context?.close();
    proxy?.server.closeAllConnections();
    await new Promise((resolve) => proxy?.server.close(resolve));
    await served?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('is a file of several ranges', () => {
    expect(chunksOf(video.length).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps the ranges stored before the connection dropped in the middle of one', async () => {
    await page.goto(`${proxy.url()}/kursus/${COURSE}`);
    await page.getByRole('button', { name: /^Unduh teks saja/ }).click();
    await page.getByRole('heading', { name: 'Video, audio dan PDF' }).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    proxy.cutAfter(2);
    await page.getByRole('button', { name: /^Unduh \(/ }).click();
    await page.getByText(/Unduhan terputus/).waitFor({ timeout: 30_000 });
    expect(proxy.seen).toEqual([
      { range: `bytes=0-${MEDIA_CHUNK_BYTES - 1}`, outcome: 'passed' },
      { range: `bytes=${MEDIA_CHUNK_BYTES}-${2 * MEDIA_CHUNK_BYTES - 1}`, outcome: 'passed' },
      { range: `bytes=${2 * MEDIA_CHUNK_BYTES}-${3 * MEDIA_CHUNK_BYTES - 1}`, outcome: 'cut' },
    ]);
    const { file, chunks } = await stored();
    expect(chunks).toEqual([
      { start: 0, size: MEDIA_CHUNK_BYTES },
      { start: MEDIA_CHUNK_BYTES, size: MEDIA_CHUNK_BYTES },
    ]);
    expect(file).toMatchObject({ bytes: 2 * MEDIA_CHUNK_BYTES, contiguous: 2 * MEDIA_CHUNK_BYTES, verified: false });
  });

  it('after the app is closed and opened again, fetches only the ranges it had not stored', async () => {
    await page.close();
    await openPage(`/kursus/${COURSE}`);
    const before = proxy.seen.length;
    const left = video.length - 2 * MEDIA_CHUNK_BYTES;
    // The lesson says what is stored and what is left, to the byte the phone counts.
    await page.getByText(`${formatBytes(2 * MEDIA_CHUNK_BYTES, 'id')} dari ${formatBytes(video.length, 'id')} tersimpan`).waitFor();
    await page.getByRole('button', { name: `Lanjutkan (${formatBytes(left, 'id')} lagi)` }).click();
    await page.getByText(/Tersimpan ·/).waitFor({ timeout: 30_000 });
    expect(proxy.seen.slice(before)).toEqual(
      chunksOf(video.length, 2 * MEDIA_CHUNK_BYTES).map(({ start, end }) => ({ range: `bytes=${start}-${end}`, outcome: 'passed' })),
    );
    expect(proxy.seen.slice(before).length).toBe(Math.ceil(left / MEDIA_CHUNK_BYTES));
  });

  it('holds the whole file, verified against its SHA-256', async () => {
    const { file, chunks, hash } = await stored();
    expect(hash).toBe(sha256);
    expect(file).toMatchObject({ bytes: video.length, contiguous: video.length, verified: true });
    expect(chunks.map((c) => c.start)).toEqual(chunksOf(video.length).map((r) => r.start));
  });

  it('never fetched pdf.js, as the course has no PDF', async () => {
    expect(proxy.paths.filter((p) => /\/assets\/pdf/.test(p))).toEqual([]);
    expect(proxy.paths.filter((p) => /\/assets\/.+\.js$/.test(p)).length).toBeGreaterThan(3); // the app itself came through here
    expect(await page.evaluate(() => caches.has('sinau-pdfjs'))).toBe(false);
  });

  it('plays offline, seeking into a range fetched after resuming', async () => {
    const requests = proxy.seen.length;
    await context.setOffline(true);
    await page.goto(`${proxy.url()}/kursus/${COURSE}/pelajaran/v1`);
    const player = page.locator('video');
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    const duration = await player.evaluate((v: HTMLVideoElement) => v.duration);
    expect(duration).toBeCloseTo(8, 0);
    await player.evaluate(async (v: HTMLVideoElement) => {
      v.currentTime = v.duration * 0.9;
      await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
    });
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(2);
    expect(proxy.seen.length).toBe(requests);
    await context.setOffline(false);
  });

  it('shows the lesson’s bytes in the storage panel, and removing them there frees them and the lesson says it is not downloaded', async () => {
    await page.goto(proxy.url());
    const item = page.getByRole('listitem').filter({ hasText: /^Video Panjang: / });
    await expect.poll(() => item.textContent()).toBe(`Video Panjang: ${formatBytes(video.length, 'id')} tersimpan Hapus`);
    await page.getByRole('button', { name: 'Hapus media Video Panjang' }).click();
    await expect.poll(() => item.textContent()).toBe(`Video Panjang: Belum diunduh (${formatBytes(video.length, 'id')})`);
    const { file, chunks } = await stored();
    expect(file).toBeUndefined();
    expect(chunks).toEqual([]);
    await page.goto(`${proxy.url()}/kursus/${COURSE}`);
    await page.getByText(`Belum diunduh · ${formatBytes(video.length, 'id')}`).waitFor();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
