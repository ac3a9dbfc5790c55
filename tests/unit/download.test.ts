import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/app/api.js';
import { type DownloadProgress, downloadCourse, removeDownload } from '../../src/app/courses/download.js';
import { IntegrityError, StorageFullError } from '../../src/app/courses/storage.js';
import { recordEvent } from '../../src/app/db/events.js';
import { db } from '../../src/app/shared/database.js';
import type { AssetRef, CoursePackage } from '../../src/domain/course.js';

// ---- a fake server -------------------------------------------------------------------

interface Asset extends AssetRef {
  bytes: Uint8Array<ArrayBuffer>;
}

function asset(content: string, mime = 'image/png'): Asset {
  const bytes = new TextEncoder().encode(content.repeat(20));
  return { sha256: createHash('sha256').update(bytes).digest('hex'), mime, size: bytes.length, bytes };
}

const shared = asset('logo BKN, used by both courses');
const a1 = asset('orientasi: diagram 1');
const a2 = asset('orientasi: diagram 2', 'image/svg+xml');
const a3 = asset('orientasi: diagram 3');
const b1 = asset('etika: photo');
const c1 = asset('single asset of course c');

function coursePackage(id: string, assets: Asset[], version = 1): CoursePackage {
  return {
    format: 1,
    id,
    version,
    title: `Kursus ${id}`,
    summary: 'uji',
    language: 'id',
    category: 'orientasi',
    jp: 2,
    modules: [
      {
        id: 'm1',
        title: 'Modul 1',
        lessons: [{ id: 'l1', title: 'Pelajaran', minutes: 5, html: '<p>isi</p>', assets: assets.map((a) => a.sha256) }],
      },
    ],
    quizzes: [],
    assets: assets.map(({ sha256, mime, size }) => ({ sha256, mime, size })),
  };
}

/** What each asset request does: serve the bytes (default), serve others, or fail. */
type AssetBehaviour = { kind: 'ok' } | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'fail'; after?: () => Promise<unknown> };

class FakeServer {
  packages = new Map<string, string>();
  assets = new Map<string, Uint8Array<ArrayBuffer>>();
  behaviour = new Map<string, AssetBehaviour>();
  requests: string[] = [];

  publish(pkg: CoursePackage, assets: Asset[]): string {
    const text = JSON.stringify(pkg);
    this.packages.set(pkg.id, text);
    for (const a of assets) this.assets.set(a.sha256, a.bytes);
    return text;
  }

  packageRequests = (id: string) => this.requests.filter((r) => r === `/api/courses/${id}`).length;
  assetRequests = () => this.requests.filter((r) => r.startsWith('/api/assets/')).map((r) => r.slice('/api/assets/'.length));

  fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const path = String(input);
    this.requests.push(path);
    const course = /^\/api\/courses\/([^/]+)$/.exec(path);
    if (course) {
      const text = this.packages.get(decodeURIComponent(course[1]!));
      return text ? new Response(text) : Response.json({ error: 'not-found', message: 'no such course' }, { status: 404 });
    }
    const sha = /^\/api\/assets\/([0-9a-f]{64})$/.exec(path)?.[1];
    const bytes = sha ? this.assets.get(sha) : undefined;
    if (!sha || !bytes) return Response.json({ error: 'not-found', message: 'no such asset' }, { status: 404 });
    const behaviour = this.behaviour.get(sha) ?? { kind: 'ok' };
    if (behaviour.kind === 'fail') {
      await behaviour.after?.();
      throw new TypeError('fetch failed: connection lost');
    }
    return new Response(behaviour.kind === 'bytes' ? behaviour.bytes : bytes.slice());
  };
}

let server: FakeServer;
let freeSpace: number | undefined;

const TOKEN = 'token-ani';
const storedShas = async () => (await db.assets.toCollection().primaryKeys()).sort();
const shas = (...assets: Asset[]) => assets.map((a) => a.sha256).sort();
const sizeOf = (...assets: Asset[]) => assets.reduce((n, a) => n + a.size, 0);
const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** Resolves once the asset is stored (the fake connection drops only after that). */
async function storedEventually(a: Asset): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await db.assets.get(a.sha256)) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`asset ${a.sha256} was never stored`);
}

async function bytesOf(sha256: string): Promise<Uint8Array> {
  const stored = await db.assets.get(sha256);
  return new Uint8Array(await stored!.blob.arrayBuffer());
}

/** A fresh store per test: every table of the app's database emptied. */
async function resetStore(): Promise<void> {
  const tables = [db.meta, db.catalogue, db.packages, db.downloads, db.assets, db.events, db.drafts];
  await Promise.all(tables.map((table) => table.clear()));
}

beforeEach(async () => {
  await resetStore();
  server = new FakeServer();
  freeSpace = 50_000_000;
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('navigator', {
    storage: {
      estimate: async () => (freeSpace === undefined ? {} : { quota: 100_000_000, usage: 100_000_000 - freeSpace }),
    },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// ---- tests ---------------------------------------------------------------------------

describe('downloadCourse', () => {
  it('stores the package and every verified asset, and leaves no pending download', async () => {
    const pkg = coursePackage('orientasi', [a1, a2, shared]);
    const text = server.publish(pkg, [a1, a2, shared]);

    await downloadCourse('orientasi', TOKEN);

    const stored = await db.packages.get('orientasi');
    expect(stored).toMatchObject({ courseId: 'orientasi', version: 1, pkg, bytes: utf8Length(text) + sizeOf(a1, a2, shared) });
    expect(await db.downloads.get('orientasi')).toBeUndefined();
    expect(await storedShas()).toEqual(shas(a1, a2, shared));
    expect(await bytesOf(a2.sha256)).toEqual(a2.bytes);
    expect(await db.assets.get(a2.sha256)).toMatchObject({ size: a2.size, mime: 'image/svg+xml' });
    expect(server.packageRequests('orientasi')).toBe(1);
    expect(server.assetRequests().sort()).toEqual(shas(a1, a2, shared));
  });

  it('reports progress in bytes, never backwards, ending with done === total', async () => {
    const text = server.publish(coursePackage('orientasi', [a1, a2, a3]), [a1, a2, a3]);
    const seen: DownloadProgress[] = [];

    await downloadCourse('orientasi', TOKEN, (p) => seen.push(p));

    const total = utf8Length(text) + sizeOf(a1, a2, a3);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]!.done).toBeLessThan(total);
    expect(seen.at(-1)).toEqual({ done: total, total });
    for (const [i, p] of seen.entries()) {
      expect(p.total).toBe(total);
      expect(p.done).toBeLessThanOrEqual(total);
      if (i > 0) expect(p.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    }
  });

  it('keeps what arrived when the connection drops, and the resume fetches only the missing assets', async () => {
    const pkg = coursePackage('orientasi', [a1, a2]);
    const text = server.publish(pkg, [a1, a2]);
    server.behaviour.set(a2.sha256, { kind: 'fail', after: () => storedEventually(a1) });

    const error = await downloadCourse('orientasi', TOKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'network' });

    expect(await db.packages.get('orientasi')).toBeUndefined();
    expect(await db.downloads.get('orientasi')).toMatchObject({ courseId: 'orientasi', version: 1, pkg, packageBytes: utf8Length(text) });
    expect(await storedShas()).toEqual(shas(a1));

    server.behaviour.clear();
    server.requests = [];
    const seen: DownloadProgress[] = [];
    await downloadCourse('orientasi', TOKEN, (p) => seen.push(p));

    expect(server.requests).toEqual([`/api/assets/${a2.sha256}`]); // not the package, not a1
    const total = utf8Length(text) + sizeOf(a1, a2);
    expect(seen[0]).toEqual({ done: utf8Length(text) + a1.size, total });
    expect(seen.at(-1)).toEqual({ done: total, total });
    expect(await db.packages.get('orientasi')).toMatchObject({ version: 1, bytes: total });
    expect(await db.downloads.get('orientasi')).toBeUndefined();
    expect(await storedShas()).toEqual(shas(a1, a2));
  });

  it('stops the other parts when one fails, so a retry fetches each missing asset once', async () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => asset(`bagian ${n}`));
    server.publish(coursePackage('enam', six), six);
    server.behaviour.set(six[1]!.sha256, { kind: 'fail' });
    await expect(downloadCourse('enam', TOKEN)).rejects.toBeInstanceOf(ApiError);
    const settled = await storedShas();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await storedShas()).toEqual(settled); // nothing still writing after the failure

    server.behaviour.clear();
    server.requests = [];
    await downloadCourse('enam', TOKEN);
    const fetched = server.assetRequests().sort();
    expect(fetched).toEqual(shas(...six).filter((sha) => !settled.includes(sha))); // each missing one, once
  });

  it('leaves no asset behind when storage runs out mid-download', async () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => asset(`penuh ${n}`));
    server.publish(coursePackage('penuh', six), six);
    const put = db.assets.put.bind(db.assets);
    let writes = 0;
    vi.spyOn(db.assets, 'put').mockImplementation((item, key) => {
      if (++writes === 2)
        return Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' })) as ReturnType<typeof put>;
      return put(item, key);
    });
    await expect(downloadCourse('penuh', TOKEN)).rejects.toBeInstanceOf(StorageFullError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await storedShas()).toEqual([]);
    expect(await db.downloads.get('penuh')).toBeUndefined();
  });

  it('rejects a damaged asset and does not mark the course ready', async () => {
    server.publish(coursePackage('c', [c1]), [c1]);
    const damaged = c1.bytes.slice();
    damaged[0] = damaged[0]! ^ 0xff;
    server.behaviour.set(c1.sha256, { kind: 'bytes', bytes: damaged });

    await expect(downloadCourse('c', TOKEN)).rejects.toBeInstanceOf(IntegrityError);

    expect(await db.packages.get('c')).toBeUndefined();
    expect(await db.assets.get(c1.sha256)).toBeUndefined();
    expect(await db.downloads.get('c')).toBeDefined(); // kept, so a retry can resume

    server.behaviour.clear();
    await downloadCourse('c', TOKEN);
    expect(await db.packages.get('c')).toBeDefined();
    expect(await bytesOf(c1.sha256)).toEqual(c1.bytes);
  });

  describe('when storage runs out', () => {
    async function downloadOtherCourseWithProgress() {
      server.publish(coursePackage('etika', [b1, shared]), [b1, shared]);
      await downloadCourse('etika', TOKEN);
      await recordEvent({ userId: 'ani', type: 'lesson.completed', courseId: 'etika', courseVersion: 1, data: { lessonId: 'l1' } });
      await recordEvent({ userId: 'ani', type: 'lesson.opened', courseId: 'orientasi', courseVersion: 1, data: { lessonId: 'l1' } });
      return { pkg: await db.packages.get('etika'), events: await db.events.toArray() };
    }

    it('throws StorageFullError with the sizes and leaves nothing of the new course behind', async () => {
      const before = await downloadOtherCourseWithProgress();
      const text = server.publish(coursePackage('orientasi', [a1, a2, shared]), [a1, a2, shared]);
      server.requests = [];
      freeSpace = 100;

      const error = await downloadCourse('orientasi', TOKEN).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StorageFullError);
      // The package and a1, a2 are needed; the shared asset is stored already.
      const needed = utf8Length(text) + sizeOf(a1, a2);
      expect(error).toMatchObject({ needed, available: 100 });
      expect((error as Error).message).toContain(`${needed} bytes needed, 100 available`);
      expect(server.assetRequests()).toEqual([]);
      expect(await db.downloads.count()).toBe(0);
      expect(await db.packages.get('orientasi')).toBeUndefined();
      expect(await storedShas()).toEqual(shas(b1, shared));
      expect(await db.packages.get('etika')).toEqual(before.pkg);
      expect(await db.events.toArray()).toEqual(before.events);
    });

    it('rolls back a partial download on resume, keeping assets another course uses', async () => {
      const before = await downloadOtherCourseWithProgress();
      server.publish(coursePackage('orientasi', [a1, shared, a2]), [a1, shared, a2]);
      // a1 and the shared asset arrive, then the connection drops at a2.
      server.behaviour.set(a2.sha256, { kind: 'fail', after: () => storedEventually(a1) });
      await expect(downloadCourse('orientasi', TOKEN)).rejects.toBeInstanceOf(ApiError);
      expect(await storedShas()).toEqual(shas(a1, b1, shared));

      server.behaviour.clear();
      freeSpace = a2.size - 1;
      await expect(downloadCourse('orientasi', TOKEN)).rejects.toMatchObject({ needed: a2.size, available: a2.size - 1 });

      expect(await db.downloads.get('orientasi')).toBeUndefined();
      expect(await storedShas()).toEqual(shas(b1, shared));
      expect(await db.packages.get('etika')).toEqual(before.pkg);
      expect(await db.events.toArray()).toEqual(before.events);
    });

    it('turns a quota error while storing an asset into StorageFullError and rolls back', async () => {
      const text = server.publish(coursePackage('c', [c1]), [c1]);
      vi.spyOn(db.assets, 'put').mockRejectedValue(new DOMException('quota', 'QuotaExceededError'));
      freeSpace = 5000; // the estimate says it fits; the write says otherwise

      const error = await downloadCourse('c', TOKEN).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StorageFullError);
      expect(error).toMatchObject({ needed: utf8Length(text) + c1.size, available: 5000 });
      expect(await db.downloads.count()).toBe(0);
      expect(await db.packages.count()).toBe(0);
      expect(await db.assets.count()).toBe(0);
    });
  });

  it('downloads without a size check where the browser gives no estimate', async () => {
    freeSpace = undefined;
    server.publish(coursePackage('c', [c1]), [c1]);
    await downloadCourse('c', TOKEN);
    expect(await db.packages.get('c')).toBeDefined();
  });

  it('updates to a new version, fetching only new assets and freeing ones no longer used', async () => {
    server.publish(coursePackage('orientasi', [a1, shared]), [a1, shared]);
    await downloadCourse('orientasi', TOKEN);
    server.publish(coursePackage('orientasi', [a2, shared], 2), [a2]);
    server.requests = [];

    await downloadCourse('orientasi', TOKEN);

    expect(server.assetRequests()).toEqual([a2.sha256]);
    expect(await db.packages.get('orientasi')).toMatchObject({ version: 2 });
    expect(await storedShas()).toEqual(shas(a2, shared));
  });
});

describe('removeDownload', () => {
  beforeEach(async () => {
    server.publish(coursePackage('orientasi', [a1, a2, shared]), [a1, a2, shared]);
    server.publish(coursePackage('etika', [b1, shared]), [b1, shared]);
    await downloadCourse('orientasi', TOKEN);
    await downloadCourse('etika', TOKEN);
    await recordEvent({ userId: 'ani', type: 'lesson.completed', courseId: 'orientasi', courseVersion: 1, data: { lessonId: 'l1' } });
    await recordEvent({
      userId: 'ani',
      type: 'study.time',
      courseId: 'orientasi',
      courseVersion: 1,
      data: { lessonId: 'l1', seconds: 60 },
    });
  });

  it('frees the assets only that course used and keeps the shared ones', async () => {
    await removeDownload('orientasi');
    expect(await db.packages.get('orientasi')).toBeUndefined();
    expect(await db.packages.get('etika')).toBeDefined();
    expect(await storedShas()).toEqual(shas(b1, shared));

    await removeDownload('etika');
    expect(await db.packages.count()).toBe(0);
    expect(await db.assets.count()).toBe(0);
  });

  it('keeps the learner’s events', async () => {
    const events = await db.events.toArray();
    expect(events).toHaveLength(2);
    await removeDownload('orientasi');
    expect(await db.events.toArray()).toEqual(events);
  });

  it('also drops a pending download of that course and its assets', async () => {
    await removeDownload('orientasi');
    server.behaviour.set(a2.sha256, { kind: 'fail', after: () => storedEventually(a1) });
    await expect(downloadCourse('orientasi', TOKEN)).rejects.toBeInstanceOf(ApiError);
    expect(await db.downloads.get('orientasi')).toBeDefined();

    await removeDownload('orientasi');
    expect(await db.downloads.count()).toBe(0);
    expect(await storedShas()).toEqual(shas(b1, shared));
  });
});
