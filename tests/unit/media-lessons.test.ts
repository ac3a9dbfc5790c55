import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  downloadLessonsMedia,
  mediaLessons,
  mediaStates,
  missingBytes,
  removeLessonsMedia,
  removeUnusedMedia,
  storageByCourse,
} from '../../src/app/courses/media-lessons.js';
import { db as appDb } from '../../src/app/shared/database.js';
import { PDFJS_CACHE } from '../../src/app/shared/kept-caches.js';
import { PDFJS_URL, PDFJS_WORKER_URL } from '../../src/app/shared/media-pdfjs.js';
import { MediaDatabase, storeChunk } from '../../src/app/shared/media-store.js';
import type { CoursePackage, LessonPackage } from '../../src/domain/course.js';
import { MEDIA_CHUNK_BYTES, type MediaRef, parseRange } from '../../src/domain/media.js';

const files = new Map<string, Uint8Array<ArrayBuffer>>();
function media(size: number, kind: MediaRef['kind'] = 'video'): MediaRef {
  const bytes = new Uint8Array(randomBytes(size));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  files.set(sha256, bytes);
  return { kind, sha256, size, mime: kind === 'pdf' ? 'application/pdf' : 'video/mp4' };
}

const video = media(MEDIA_CHUNK_BYTES + 500);
const pdf = media(3000, 'pdf');
const lesson = (id: string, m?: MediaRef): LessonPackage => ({
  id,
  title: `Pelajaran ${id}`,
  minutes: 5,
  html: '',
  assets: [],
  ...(m ? { media: m } : {}),
});
const pkg: CoursePackage = {
  format: 1,
  id: 'media',
  version: 1,
  title: 'Kursus media',
  summary: 'uji',
  language: 'id',
  category: 'orientasi',
  jp: 2,
  modules: [
    { id: 'm1', title: 'Modul 1', lessons: [lesson('teks'), lesson('video', video)] },
    // The same file in two lessons: downloaded and counted once.
    { id: 'm2', title: 'Modul 2', lessons: [lesson('pdf', pdf), lesson('ulang', video)] },
  ],
  quizzes: [],
  assets: [],
};

let asked: string[];
const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const sha = String(input).split('/').at(-1)!;
  const bytes = files.get(sha)!;
  const range = parseRange(new Headers(init?.headers).get('range'), bytes.length);
  if (!range || range === 'unsatisfiable') throw new Error('the download always asks a range');
  asked.push(sha);
  return new Response(bytes.slice(range.start, range.end + 1), {
    status: 206,
    headers: { 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}` },
  });
};

let db: MediaDatabase;
let n = 0;
beforeEach(() => {
  db = new MediaDatabase(`media-lessons-${n++}`);
  asked = [];
  vi.stubGlobal('fetch', fakeFetch);
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota: 1e9, usage: 0 }) } });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

describe('a course’s media lessons', () => {
  it('lists the lessons with media, with their sizes, before anything is downloaded', async () => {
    expect(mediaLessons(pkg).map((l) => l.lessonId)).toEqual(['video', 'pdf', 'ulang']);
    const states = await mediaStates(pkg, db);
    expect(states.map((s) => [s.lessonId, s.media.size, s.storedBytes, s.ready])).toEqual([
      ['video', video.size, 0, false],
      ['pdf', pdf.size, 0, false],
      ['ulang', video.size, 0, false],
    ]);
    expect(await missingBytes(mediaLessons(pkg), db)).toBe(video.size + pdf.size);
  });

  it('downloads one lesson’s media, or all of it with a shared file once, and removes it again', async () => {
    const [videoLesson, pdfLesson] = mediaLessons(pkg);
    await downloadLessonsMedia([pdfLesson!], undefined, undefined, db);
    expect((await mediaStates(pkg, db)).map((s) => s.ready)).toEqual([false, true, false]);

    const seen: number[] = [];
    await downloadLessonsMedia(mediaLessons(pkg), (p) => seen.push(p.done / p.total), undefined, db);
    expect((await mediaStates(pkg, db)).map((s) => s.ready)).toEqual([true, true, true]);
    expect(asked.filter((sha) => sha === video.sha256)).toHaveLength(2); // two ranges, once
    expect(asked.filter((sha) => sha === pdf.sha256)).toHaveLength(1);
    expect(seen.at(-1)).toBe(1);
    expect(await missingBytes(mediaLessons(pkg), db)).toBe(0);

    await removeLessonsMedia([videoLesson!], db);
    expect((await mediaStates(pkg, db)).map((s) => [s.ready, s.storedBytes])).toEqual([
      [false, 0],
      [true, pdf.size],
      [false, 0],
    ]);
    await removeLessonsMedia(mediaLessons(pkg), db);
    expect(await db.chunks.count()).toBe(0);
  });

  it('deletes the media of courses no longer on the phone, and keeps what a stored course names', async () => {
    await appDb.packages.clear();
    await appDb.downloads.clear();
    await downloadLessonsMedia(mediaLessons(pkg), undefined, undefined, db);
    const other = media(700, 'audio');
    await downloadLessonsMedia([{ lessonId: 'x', title: 'x', media: other }], undefined, undefined, db);
    const onlyVideo: CoursePackage = { ...pkg, id: 'lain', modules: [{ id: 'm', title: 'M', lessons: [lesson('v', video)] }] };
    await appDb.packages.put({ courseId: 'lain', version: 1, pkg: onlyVideo, bytes: 0, storedAt: 0 });
    await appDb.downloads.put({
      courseId: 'pending',
      version: 1,
      pkg: { ...onlyVideo, id: 'pending', modules: [{ id: 'm', title: 'M', lessons: [lesson('a', other)] }] },
      packageBytes: 0,
      startedAt: 0,
    });

    expect(await removeUnusedMedia(db)).toBe(1);
    expect((await db.files.toCollection().primaryKeys()).sort()).toEqual([video.sha256, other.sha256].sort());
    await appDb.packages.clear();
    await appDb.downloads.clear();
  });

  it('counts each course’s space to the byte of what is stored: text, and media per lesson and in all, a shared file once', async () => {
    await appDb.packages.clear();
    await appDb.packages.put({ courseId: 'media', version: 1, pkg, bytes: 12_345, storedAt: 0 });
    await downloadLessonsMedia([mediaLessons(pkg)[1]!], undefined, undefined, db);
    // Half of the video's first range, as an interrupted download leaves it.
    await storeChunk(video, 0, new Blob([files.get(video.sha256)!.slice(0, 400_000)]), db);
    const storedOnPhone = async () => (await db.chunks.toArray()).reduce((n, c) => n + c.blob.size, 0);

    const [course] = await storageByCourse(db);
    expect(course).toMatchObject({ courseId: 'media', title: 'Kursus media', textBytes: 12_345 });
    expect(course!.lessons.map((l) => [l.lessonId, l.storedBytes, l.ready])).toEqual([
      ['video', 400_000, false],
      ['pdf', pdf.size, true],
      ['ulang', 400_000, false],
    ]);
    expect(course!.mediaBytes).toBe(400_000 + pdf.size);
    expect(course!.mediaBytes).toBe(await storedOnPhone());

    await removeLessonsMedia([course!.lessons[1]!], db);
    expect((await storageByCourse(db))[0]!.mediaBytes).toBe(await storedOnPhone());
    await removeLessonsMedia(course!.lessons, db);
    const [emptied] = await storageByCourse(db);
    expect(emptied!.mediaBytes).toBe(0);
    expect(emptied!.lessons.every((l) => l.storedBytes === 0 && !l.ready)).toBe(true);
    expect(await db.chunks.count()).toBe(0);
    await appDb.packages.clear();
  });

  describe('pdf.js, kept only beside a downloaded PDF', () => {
    /** Cache Storage as the browser has it, by URL; `added` counts the fetches it made. */
    class FakeCaches {
      stores = new Map<string, Map<string, Response>>();
      added: string[] = [];
      open = async (name: string) => {
        const store = this.stores.get(name) ?? new Map<string, Response>();
        this.stores.set(name, store);
        return {
          match: async (url: string) => store.get(url),
          add: async (url: string) => {
            this.added.push(url);
            store.set(url, new Response('pdf.js'));
          },
          keys: async () => [...store.keys()].map((url) => ({ url })),
          delete: async (request: { url: string }) => store.delete(request.url),
        };
      };
      delete = async (name: string) => this.stores.delete(name);
      stored = () => [...(this.stores.get(PDFJS_CACHE)?.keys() ?? [])].sort();
    }
    let fake: FakeCaches;
    beforeEach(() => {
      fake = new FakeCaches();
      vi.stubGlobal('caches', fake);
    });

    it('is not stored for a video, is for a PDF (once), and goes with the last PDF', async () => {
      const [videoLesson, pdfLesson] = mediaLessons(pkg);
      await downloadLessonsMedia([videoLesson!], undefined, undefined, db);
      expect(fake.stored()).toEqual([]);
      await downloadLessonsMedia([pdfLesson!], undefined, undefined, db);
      expect(fake.stored()).toEqual([PDFJS_URL, PDFJS_WORKER_URL].sort());
      await downloadLessonsMedia(mediaLessons(pkg), undefined, undefined, db);
      expect(fake.added).toHaveLength(2);

      await removeLessonsMedia([videoLesson!], db);
      expect(fake.stored()).toHaveLength(2);
      await removeLessonsMedia([pdfLesson!], db);
      expect(fake.stores.has(PDFJS_CACHE)).toBe(false);
    });

    it('drops an older pdf.js and stores the current one for PDFs already on the phone', async () => {
      await downloadLessonsMedia([mediaLessons(pkg)[1]!], undefined, undefined, db);
      const cache = await fake.open(PDFJS_CACHE);
      await cache.delete({ url: PDFJS_WORKER_URL });
      await cache.add('http://localhost/assets/pdf.worker.min-OLD.mjs');
      await appDb.packages.put({ courseId: 'media', version: 1, pkg, bytes: 1, storedAt: 0 });
      await removeUnusedMedia(db);
      expect(fake.stored()).toEqual([PDFJS_URL, PDFJS_WORKER_URL].sort());
      await appDb.packages.clear();
    });
  });
});
