import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASK_AHEAD_BYTES, downloadMedia, type MediaProgress } from '../../src/app/courses/media-download.js';
import { IntegrityError, StorageFullError } from '../../src/app/courses/storage.js';
import { ApiError } from '../../src/app/shared/http.js';
import { MediaDatabase, mediaFile, readRange } from '../../src/app/shared/media-store.js';
import { MEDIA_CHUNK_BYTES, type MediaRef, parseRange } from '../../src/domain/media.js';

const MiB = MEDIA_CHUNK_BYTES;

function mediaOf(bytes: Uint8Array<ArrayBuffer>): MediaRef {
  return { kind: 'video', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mime: 'video/mp4' };
}

/** A media server answering Range as the real one does, whose connection can be cut. */
class FakeMediaServer {
  files = new Map<string, Uint8Array<ArrayBuffer>>();
  /** Ranges asked for, as [start, end]. */
  asked: [number, number][] = [];
  /** How many bytes had been sent when each range was asked for. */
  sentWhenAsked: number[] = [];
  /** Bytes sent over the wire, including those of a range cut short. */
  sent = 0;
  /** Cut the connection after this many more bytes have been sent. */
  cutAfter = Number.POSITIVE_INFINITY;
  ignoreRange = false;

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const sha = /^\/api\/media\/([0-9a-f]{64})$/.exec(String(input))?.[1];
    const bytes = sha ? this.files.get(sha) : undefined;
    if (!bytes) return Response.json({ error: 'not-found', message: 'no such media' }, { status: 404 });
    const range = this.ignoreRange ? null : parseRange(new Headers(init?.headers).get('range'), bytes.length);
    if (range === 'unsatisfiable') return new Response(null, { status: 416 });
    const { start, end } = range ?? { start: 0, end: bytes.length - 1 };
    this.asked.push([start, end]);
    this.sentWhenAsked.push(this.sent);
    const body = bytes.slice(start, end + 1);
    let from = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (from >= body.length) return controller.close();
        if (this.cutAfter <= 0) return controller.error(new TypeError('terminated: other side closed'));
        const n = Math.min(64 * 1024, body.length - from, this.cutAfter);
        this.cutAfter -= n;
        this.sent += n;
        controller.enqueue(body.slice(from, from + n));
        from += n;
      },
    });
    const headers = { 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'content-length': String(body.length) };
    return range
      ? new Response(stream, { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` } })
      : new Response(stream, { status: 200, headers });
  };
}

let db: MediaDatabase;
let server: FakeMediaServer;
let freeSpace: number | undefined;
let n = 0;

/** The stored file's hash: comparing megabytes with toEqual takes the test runner seconds. */
const storedHash = async (media: MediaRef) =>
  createHash('sha256')
    .update(new Uint8Array(await (await readRange(media.sha256, 0, media.size - 1, db))!.arrayBuffer()))
    .digest('hex');

beforeEach(() => {
  db = new MediaDatabase(`media-download-${n++}`);
  server = new FakeMediaServer();
  freeSpace = 1_000_000_000;
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('navigator', {
    storage: { estimate: async () => (freeSpace === undefined ? {} : { quota: 2_000_000_000, usage: 2_000_000_000 - freeSpace }) },
  });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await db.delete();
});

describe('downloadMedia', () => {
  it('fetches the file in ranges of at most 1 MiB, stores it and marks it verified', async () => {
    const bytes = new Uint8Array(randomBytes(3 * MiB + 12_345));
    const media = mediaOf(bytes);
    server.files.set(media.sha256, bytes);
    const seen: MediaProgress[] = [];

    await downloadMedia(media, { db, onProgress: (p) => seen.push(p) });

    expect(server.asked).toEqual([
      [0, MiB - 1],
      [MiB, 2 * MiB - 1],
      [2 * MiB, 3 * MiB - 1],
      [3 * MiB, 3 * MiB + 12_344],
    ]);
    expect(await mediaFile(media.sha256, db)).toMatchObject({
      size: media.size,
      contiguous: media.size,
      bytes: media.size,
      verified: true,
    });
    expect(await storedHash(media)).toBe(media.sha256);
    expect(seen[0]).toEqual({ done: 0, total: media.size });
    expect(seen.at(-1)).toEqual({ done: media.size, total: media.size });
    for (const [i, p] of seen.entries()) if (i > 0) expect(p.done).toBeGreaterThan(seen[i - 1]!.done);
  });

  it('asks for each next range while the last bytes of the current one arrive, so the link never stands idle for a round trip', async () => {
    const bytes = new Uint8Array(randomBytes(3 * MiB + 10));
    const media = mediaOf(bytes);
    server.files.set(media.sha256, bytes);
    await downloadMedia(media, { db });
    expect(server.asked.map(([start]) => start)).toEqual([0, MiB, 2 * MiB, 3 * MiB]);
    // Range i + 1 was asked for before range i had all been sent, but within its last ASK_AHEAD_BYTES.
    for (let i = 1; i < server.asked.length; i++) {
      expect(server.sentWhenAsked[i]).toBeLessThan(i * MiB);
      expect(server.sentWhenAsked[i]).toBeGreaterThanOrEqual(i * MiB - ASK_AHEAD_BYTES);
    }
    expect((await mediaFile(media.sha256, db))?.verified).toBe(true);
  });

  it('resumes after a cut connection, fetching only the missing bytes, so the cut costs at most 1 MiB', async () => {
    const bytes = new Uint8Array(randomBytes(4 * MiB + 100));
    const media = mediaOf(bytes);
    server.files.set(media.sha256, bytes);
    server.cutAfter = 2 * MiB + 700_000; // in the middle of the third range

    const error = await downloadMedia(media, { db }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(await mediaFile(media.sha256, db)).toMatchObject({ contiguous: 2 * MiB, bytes: 2 * MiB, verified: false });

    server.cutAfter = Number.POSITIVE_INFINITY;
    server.asked = [];
    const sentBefore = server.sent;
    await downloadMedia(media, { db });

    const resumed = server.asked.reduce((sum, [start, end]) => sum + end - start + 1, 0);
    expect(server.asked[0]).toEqual([2 * MiB, 3 * MiB - 1]);
    expect(resumed).toBe(media.size - 2 * MiB);
    expect(server.sent - sentBefore).toBe(media.size - 2 * MiB);
    expect(server.sent).toBeLessThanOrEqual(media.size + MiB);
    expect(await mediaFile(media.sha256, db)).toMatchObject({ verified: true, bytes: media.size });
    expect(await storedHash(media)).toBe(media.sha256);
  });

  it('deletes a file that does not match its hash, and says so', async () => {
    const bytes = new Uint8Array(randomBytes(MiB + 10));
    const media = mediaOf(bytes);
    const damaged = bytes.slice();
    damaged[MiB + 3]! ^= 0xff;
    server.files.set(media.sha256, damaged);

    await expect(downloadMedia(media, { db })).rejects.toThrow(IntegrityError);
    expect(await mediaFile(media.sha256, db)).toBeUndefined();
    expect(await db.chunks.count()).toBe(0);
  });

  it('does nothing for a file already verified', async () => {
    const bytes = new Uint8Array(randomBytes(1000));
    const media = mediaOf(bytes);
    server.files.set(media.sha256, bytes);
    await downloadMedia(media, { db });
    server.asked = [];
    await downloadMedia(media, { db });
    expect(server.asked).toEqual([]);
  });

  it('accepts a server that answers the one whole-file range with 200, and refuses a wrong range', async () => {
    const small = new Uint8Array(randomBytes(1000));
    const smallRef = mediaOf(small);
    server.files.set(smallRef.sha256, small);
    server.ignoreRange = true;
    await downloadMedia(smallRef, { db });
    expect((await mediaFile(smallRef.sha256, db))?.verified).toBe(true);

    const big = new Uint8Array(randomBytes(MiB + 1));
    const bigRef = mediaOf(big);
    server.files.set(bigRef.sha256, big);
    await expect(downloadMedia(bigRef, { db })).rejects.toMatchObject({ code: 'range' });
    expect(await mediaFile(bigRef.sha256, db)).toBeUndefined();
  });

  it('says how much space is missing before it starts', async () => {
    const bytes = new Uint8Array(randomBytes(2 * MiB));
    const media = mediaOf(bytes);
    server.files.set(media.sha256, bytes);
    freeSpace = MiB;
    const error = await downloadMedia(media, { db }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toMatchObject({ needed: 2 * MiB, available: MiB });
    expect(server.asked).toEqual([]);
  });

  it('on a quota error keeps the ranges stored before as the resume point, counted but never ready', async () => {
    const bytes = new Uint8Array(randomBytes(3 * MiB));
    const media = mediaOf(bytes);
    server.files.set(media.sha256, bytes);
    const put = db.chunks.put.bind(db.chunks);
    let puts = 0;
    vi.spyOn(db.chunks, 'put').mockImplementation((...args) => {
      if (++puts === 2) return Promise.reject(new DOMException('quota', 'QuotaExceededError')) as ReturnType<typeof put>;
      return put(...args);
    });

    const error = await downloadMedia(media, { db }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toMatchObject({ needed: 2 * MiB });
    expect(await mediaFile(media.sha256, db)).toMatchObject({ contiguous: MiB, bytes: MiB, verified: false });
    expect(await db.chunks.count()).toBe(1);

    vi.restoreAllMocks();
    server.asked = [];
    await downloadMedia(media, { db });
    expect(server.asked[0]).toEqual([MiB, 2 * MiB - 1]);
    expect(await mediaFile(media.sha256, db)).toMatchObject({ verified: true, bytes: 3 * MiB });
  });
});
