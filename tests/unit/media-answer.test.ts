import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECK_IN_CACHE, PDFJS_CACHE } from '../../src/app/shared/kept-caches.js';
import { answerKeptAsset, answerMedia } from '../../src/app/shared/media-answer.js';
import { MediaDatabase, markVerified, storeChunk } from '../../src/app/shared/media-store.js';

const SHA = 'c'.repeat(64);
const URL_ = `https://sinau.example/api/media/${SHA}`;
const bytes = new Uint8Array(randomBytes(2500));
const file = { sha256: SHA, size: bytes.length, mime: 'video/mp4' };

let db: MediaDatabase;
let n = 0;
let networked: Request[];
const network = async (request: Request) => {
  networked.push(request);
  return new Response('from the network', { status: 200 });
};
const ask = (range?: string, url = URL_) => answerMedia(new Request(url, range ? { headers: { range } } : {}), db, network);
const body = async (response: Response) => new Uint8Array(await response.arrayBuffer());

/** The file stored in chunks of 1000 bytes, so ranges cross chunk boundaries. */
async function storeWhole(): Promise<void> {
  for (const start of [0, 1000, 2000]) await storeChunk(file, start, new Blob([bytes.slice(start, start + 1000)]), db);
}

beforeEach(() => {
  db = new MediaDatabase(`sw-media-${n++}`);
  networked = [];
});
afterEach(async () => {
  await db.delete();
});

describe('the service worker’s media answers', () => {
  it('answers a stored, verified file whole with 200', async () => {
    await storeWhole();
    await markVerified(SHA, db);
    const response = await ask();
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'accept-ranges': 'bytes',
      'content-type': 'video/mp4',
      'content-length': '2500',
      etag: `"${SHA}"`,
    });
    expect(response.headers.has('content-range')).toBe(false);
    expect(await body(response)).toEqual(bytes);
    expect(networked).toEqual([]);
  });

  it('answers a Range with 206 and the bytes asked, across stored chunks', async () => {
    await storeWhole();
    await markVerified(SHA, db);
    for (const [header, start, end] of [
      ['bytes=900-2099', 900, 2099],
      ['bytes=0-0', 0, 0],
      ['bytes=2000-', 2000, 2499],
      ['bytes=-100', 2400, 2499],
      ['bytes=1500-99999', 1500, 2499],
    ] as const) {
      const response = await ask(header);
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/2500`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('content-type')).toBe('video/mp4');
      expect(await body(response)).toEqual(bytes.slice(start, end + 1));
    }
    expect(networked).toEqual([]);
  });

  it('answers a range past the end with 416', async () => {
    await storeWhole();
    await markVerified(SHA, db);
    const response = await ask('bytes=2500-2600');
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */2500');
  });

  it('goes to the network for a file not stored, not whole or not yet verified', async () => {
    expect(await (await ask('bytes=0-10')).text()).toBe('from the network');
    await storeChunk(file, 0, new Blob([bytes.slice(0, 1000)]), db);
    expect((await ask('bytes=0-10')).status).toBe(200);
    await storeChunk(file, 1000, new Blob([bytes.slice(1000)]), db);
    expect(await (await ask()).text()).toBe('from the network');
    expect(networked.map((r) => r.headers.get('range'))).toEqual(['bytes=0-10', 'bytes=0-10', null]);
  });

  it('goes to the network when a verified file’s bytes are gone', async () => {
    await storeWhole();
    await markVerified(SHA, db);
    await db.chunks.delete([SHA, 1000]);
    expect(await (await ask('bytes=900-1100')).text()).toBe('from the network');
  });
});

describe('built files outside the precache, in the service worker', () => {
  afterEach(() => vi.unstubAllGlobals());
  const PDFJS = 'https://sinau.example/assets/pdf.worker.min-FHbmGBN0.mjs';
  const CHUNK = 'https://sinau.example/assets/CheckIn-Bx12.js';

  it('answers pdf.js and the check-in screen from the caches that kept them, else from the network', async () => {
    const stored = new Map<string, Map<string, Response>>([
      [PDFJS_CACHE, new Map()],
      [CHECK_IN_CACHE, new Map()],
    ]);
    vi.stubGlobal('caches', {
      open: async (name: string) => ({ match: async (r: Request) => stored.get(name)?.get(r.url)?.clone() }),
    });
    expect(await (await answerKeptAsset(new Request(PDFJS), network)).text()).toBe('from the network');
    expect(await (await answerKeptAsset(new Request(CHUNK), network)).text()).toBe('from the network');
    stored.get(PDFJS_CACHE)!.set(PDFJS, new Response('stored pdf.js'));
    stored.get(CHECK_IN_CACHE)!.set(CHUNK, new Response('stored chunk'));
    expect(await (await answerKeptAsset(new Request(PDFJS), network)).text()).toBe('stored pdf.js');
    expect(await (await answerKeptAsset(new Request(CHUNK), network)).text()).toBe('stored chunk');
    expect(networked).toHaveLength(2);
  });

  it('goes to the network when the caches cannot be opened', async () => {
    vi.stubGlobal('caches', { open: async () => Promise.reject(new Error('denied')) });
    expect(await (await answerKeptAsset(new Request(CHUNK), network)).text()).toBe('from the network');
  });
});
