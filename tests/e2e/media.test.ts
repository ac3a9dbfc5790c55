// Video and PDF lessons in Chromium with the service worker in control: download a course's
// media, go offline, play, seek, close and reopen at the same second, complete by playing,
// and read a PDF to its last page.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/app/i18n.js';
import { expectAccessible, expectFitsWidth, logIn, outbox, readStore, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { sinau } from '../helpers/cli.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/media');
const COURSE = 'media-uji';

/** A PDF of `pages` pages, each saying its number, with a correct cross-reference table. */
function pdfOf(pages: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${4 + 2 * i} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let i = 1; i <= pages; i++) {
    const text = `BT /F1 18 Tf 20 40 Td (Halaman ${i}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents ${5 + 2 * (i - 1)} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
    );
    objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  }
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const courseYaml = `id: ${COURSE}
version: 1
title: Media Uji
summary: Kursus dengan video dan PDF
language: id
category: bangkom
jp: 1
modules:
  - id: m1
    title: Modul
    lessons:
      - { id: v1, title: Video, type: video, file: media/clip.webm, poster: images/poster.png, captions: media/clip.vtt, minutes: 5 }
      - { id: p1, title: Bacaan, type: pdf, file: media/bacaan.pdf, minutes: 5 }
`;

describe('media lessons offline', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  let work: string;
  const errors: string[] = [];
  const lesson = (id: string) => `${served.url}/kursus/${COURSE}/pelajaran/${id}`;

  async function openPage(url: string) {
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sinau-e2e-media-'));
    const files: Record<string, Buffer | string> = {
      'course.yaml': courseYaml,
      'media/clip.webm': await readFile(join(FIXTURES, 'clip.webm')),
      'media/clip.vtt': await readFile(join(FIXTURES, 'captions.vtt')),
      'images/poster.png': await readFile(join(FIXTURES, 'poster.png')),
      'media/bacaan.pdf': pdfOf(3),
    };
    for (const [name, data] of Object.entries(files)) {
      await mkdir(dirname(join(work, 'c', name)), { recursive: true });
      await writeFile(join(work, 'c', name), data);
    }
    served = await serveBuiltApp();
    const env = { DATABASE_URL: served.database.url };
    const imported = await sinau(['course', 'import', join(work, 'c')], env);
    if (imported.code !== 0) throw new Error(imported.stderr || imported.stdout);
    await sinau(['enrol', '--course', COURSE, '--all'], env);
    context = await launchContext();
    await openPage(served.url);
    await logIn(page, SARI);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const video = () => page.locator('video');
  const videoState = () => video().evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, duration: v.duration, ready: v.readyState }));

  it('shows the text’s size and each media lesson’s before anything downloads, and takes the text only', async () => {
    const packageRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/courses/${COURSE}`) packageRequests.push(r.url());
    });
    await page.goto(`${served.url}/kursus/${COURSE}`);
    const sizes = page.getByRole('region', { name: 'Ukuran unduhan' });
    await sizes.waitFor();
    const [clip, pdf] = [(await readFile(join(FIXTURES, 'clip.webm'))).length, pdfOf(3).length];
    expect(await sizes.getByRole('listitem').allTextContents()).toEqual([
      `Video: ${formatBytes(clip, 'id')}`,
      `Bacaan: ${formatBytes(pdf, 'id')}`,
    ]);
    const shownText = /Teks, kuis dan gambar: (.+)$/.exec((await sizes.getByText(/^Teks, kuis dan gambar:/).textContent()) ?? '')?.[1];
    await expectFitsWidth(page, 'course sizes');
    await expectAccessible(page, 'course sizes');
    await page.getByRole('button', { name: /^Unduh teks saja \(.+\), media nanti$/ }).click();
    await page.getByRole('heading', { name: 'Video, audio dan PDF' }).waitFor({ timeout: 30_000 });
    // Only the text came: each lesson says its media is not downloaded, and the size shown was the size stored.
    expect(await page.getByText(/^Belum diunduh · /).count()).toBe(2);
    const [stored] = await readStore<{ bytes: number }>(page, 'packages');
    expect(shownText).toBe(formatBytes(stored!.bytes, 'id'));
    // The package fetched to show the sizes was the download's own.
    expect(packageRequests).toHaveLength(1);
  });

  it('then downloads its media when the learner chooses', async () => {
    await page.getByRole('button', { name: /Unduh semua media/ }).click();
    await expect.poll(() => page.getByText(/Tersimpan ·/).count(), { timeout: 30_000 }).toBe(2);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // pdf.js is not in the app's precache: the PDF's download stored it, for the PDF to open offline.
    const stored = await page.evaluate(async () => (await (await caches.open('sinau-pdfjs')).keys()).map((r) => new URL(r.url).pathname));
    expect(stored.sort()).toEqual([
      expect.stringMatching(/^\/assets\/pdf\.min-[\w-]+\.mjs$/),
      expect.stringMatching(/^\/assets\/pdf\.worker\.min-[\w-]+\.mjs$/),
    ]);
  });

  it('plays the video offline, with its poster and captions', async () => {
    await context.setOffline(true);
    await page.goto(lesson('v1'));
    await page.getByRole('heading', { name: 'Video', level: 1 }).waitFor();
    await expect.poll(async () => (await videoState()).ready).toBeGreaterThanOrEqual(1);
    expect(await video().getAttribute('poster')).toMatch(/^blob:/);
    expect(
      await video().evaluate((v: HTMLVideoElement) => [...v.textTracks].map((t) => [t.kind, t.language, t.mode, t.cues?.length])),
    ).toEqual([['captions', 'id', 'showing', 1]]);
  });

  it('resumes at the same second after the app is closed and opened again', async () => {
    const { duration } = await videoState();
    await video().evaluate((v: HTMLVideoElement) => {
      v.currentTime = v.duration / 2;
    });
    await expect
      .poll(async () =>
        (await outbox(page))
          .filter((e) => e.type === 'lesson.position')
          .map((e) => e.data.position)
          .at(-1),
      )
      .toBeCloseTo(0.5, 3);
    await page.close();
    await openPage(lesson('v1'));
    await expect.poll(async () => (await videoState()).time).toBeCloseTo(duration / 2, 2);
    expect(await page.getByText('Pelajaran ini selesai.').count()).toBe(0);
  });

  it('completes once the video has actually been played', async () => {
    await video().evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      v.currentTime = 0;
      await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      await v.play();
      await new Promise((r) => v.addEventListener('ended', r, { once: true }));
    });
    await page.getByText('Pelajaran ini selesai.').waitFor();
    expect((await outbox(page)).some((e) => e.type === 'lesson.completed' && e.data.lessonId === 'v1')).toBe(true);
  });

  it('reads a PDF page by page offline, completes on its last page, and reopens there', async () => {
    await page.goto(lesson('p1'));
    await page.getByText('Halaman 1 dari 3').waitFor({ timeout: 20_000 });
    const next = page.getByRole('button', { name: 'Berikutnya →' });
    await next.click();
    await page.getByText('Halaman 2 dari 3').waitFor();
    expect(await page.getByText('Pelajaran ini selesai.').count()).toBe(0);
    await next.click();
    await page.getByText('Halaman 3 dari 3').waitFor();
    await page.getByText('Pelajaran ini selesai.').waitFor();
    expect(await next.isDisabled()).toBe(true);
    // The canvas has the page drawn: not all one colour.
    const drawn = await page.locator('.pdf-page canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return data.some((v, i) => i % 4 !== 3 && v !== data[0]);
    });
    expect(drawn).toBe(true);
    await expect
      .poll(async () => (await outbox(page)).filter((e) => e.type === 'lesson.position' && e.data.lessonId === 'p1').at(-1)?.data.position)
      .toBe(1);
    await page.close();
    await openPage(lesson('p1'));
    await page.getByText('Halaman 3 dari 3').waitFor({ timeout: 20_000 });
  });

  it('says a lesson not downloaded cannot play offline, and where to download it', async () => {
    await page.goto(`${served.url}/kursus/${COURSE}`);
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Hapus', exact: true }).first().click();
    await expect.poll(() => page.getByText(/Tersimpan ·/).count()).toBe(1);
    // The ranges the download fetched are in the browser's HTTP cache too, which would play.
    await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
    await context.setOffline(true);
    await page.goto(lesson('v1'));
    await page.getByText('Video ini belum diunduh').waitFor();
    await page.getByRole('link', { name: /Unduh di halaman kursus/ }).waitFor();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('the sample course with media', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const SAMPLE = 'pelayanan-publik';

  beforeAll(async () => {
    served = await serveBuiltApp();
    context = await launchContext();
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await logIn(page, SARI);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
  });

  it('plays its narrated video offline at sixteen times the speed to completion, and pages through its PDF', async () => {
    await page.goto(`${served.url}/kursus/${SAMPLE}`);
    // All at once: the text, then every media file, from one choice made before anything downloaded.
    await page.getByRole('button', { name: /^Unduh teks dan semua media/ }).click();
    await expect.poll(() => page.getByText(/Tersimpan ·/).count(), { timeout: 60_000 }).toBe(3);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);

    await page.goto(`${served.url}/kursus/${SAMPLE}/pelajaran/m1-l2`);
    const video = page.locator('video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    await expectFitsWidth(page, 'video lesson');
    await expectAccessible(page, 'video lesson');
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      v.playbackRate = 16;
      await v.play();
      await new Promise((r) => v.addEventListener('ended', r, { once: true }));
    });
    await page.getByText('Pelajaran ini selesai.').waitFor();

    await page.goto(`${served.url}/kursus/${SAMPLE}/pelajaran/m1-l3`);
    const pages = Number((await page.getByText(/^Halaman 1 dari \d+$/).textContent({ timeout: 20_000 }))!.split(' ').at(-1));
    expect(pages).toBeGreaterThan(1);
    await expectFitsWidth(page, 'PDF lesson');
    await expectAccessible(page, 'PDF lesson');
    for (let n = 2; n <= pages; n++) {
      await page.getByRole('button', { name: 'Berikutnya →' }).click();
      await page.getByText(`Halaman ${n} dari ${pages}`).waitFor();
    }
    await page.getByText('Pelajaran ini selesai.').waitFor();

    // Audio has its captions written under the player, as the browser shows none.
    await page.goto(`${served.url}/kursus/${SAMPLE}/pelajaran/m2-l1`);
    const audio = page.locator('audio');
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
    await audio.evaluate((a: HTMLAudioElement) => {
      a.muted = true;
      return a.play();
    });
    await expect
      .poll(
        async () =>
          (
            (await page
              .locator('.audio-captions')
              .textContent({ timeout: 1000 })
              .catch(() => '')) ?? ''
          ).length,
      )
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
