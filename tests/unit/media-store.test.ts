import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MediaDatabase,
  markVerified,
  mediaFile,
  readRange,
  removeMedia,
  resumePoint,
  storeChunk,
} from '../../src/app/shared/media-store.js';

const bytes = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 251);
const file = { sha256: 'a'.repeat(64), size: 25, mime: 'video/mp4' };
const other = { sha256: 'b'.repeat(64), size: 10, mime: 'audio/mpeg' };
const content = bytes(file.size);
const part = (from: number, to: number) => new Blob([content.slice(from, to)]);
const read = async (blob: Blob | null) => (blob ? new Uint8Array(await blob.arrayBuffer()) : null);

let db: MediaDatabase;
let n = 0;
beforeEach(() => {
  db = new MediaDatabase(`media-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('the media range store', () => {
  it('counts the bytes stored without a gap from 0 as the resume point, and every stored byte', async () => {
    expect(await resumePoint(file.sha256, db)).toBe(0);
    await storeChunk(file, 0, part(0, 10), db);
    expect(await resumePoint(file.sha256, db)).toBe(10);
    // A chunk after a gap is kept and counted, but the resume point waits for the gap.
    await storeChunk(file, 20, part(20, 25), db);
    expect(await mediaFile(file.sha256, db)).toMatchObject({ contiguous: 10, bytes: 15, verified: false });
    await storeChunk(file, 10, part(10, 20), db);
    expect(await mediaFile(file.sha256, db)).toMatchObject({ contiguous: 25, bytes: 25, size: 25, mime: 'video/mp4' });
  });

  it('counts a chunk stored again once', async () => {
    await storeChunk(file, 0, part(0, 10), db);
    await storeChunk(file, 0, part(0, 10), db);
    expect(await mediaFile(file.sha256, db)).toMatchObject({ contiguous: 10, bytes: 10 });
  });

  it('stores a chunk and its count together or neither, as when space runs out', async () => {
    await storeChunk(file, 0, part(0, 10), db);
    vi.spyOn(db.files, 'put').mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError'));
    await expect(storeChunk(file, 10, part(10, 20), db)).rejects.toThrow('full');
    expect(await mediaFile(file.sha256, db)).toMatchObject({ contiguous: 10, bytes: 10 });
    expect(await db.chunks.count()).toBe(1);
  });

  it('refuses bytes outside the file', async () => {
    await expect(storeChunk(file, 20, part(0, 10), db)).rejects.toThrow(RangeError);
    expect(await mediaFile(file.sha256, db)).toBeUndefined();
  });

  it('marks a file verified only when it is whole, and unverified again when a chunk changes', async () => {
    await storeChunk(file, 0, part(0, 20), db);
    expect(await markVerified(file.sha256, db)).toBe(false);
    await storeChunk(file, 20, part(20, 25), db);
    expect(await markVerified(file.sha256, db)).toBe(true);
    expect((await mediaFile(file.sha256, db))?.verified).toBe(true);
    await storeChunk(file, 0, part(0, 20), db);
    expect((await mediaFile(file.sha256, db))?.verified).toBe(false);
  });

  it('reads a byte range across chunk boundaries', async () => {
    for (const start of [0, 8, 16, 24]) await storeChunk(file, start, part(start, Math.min(start + 8, 25)), db);
    for (const [start, end] of [
      [0, 24],
      [0, 0],
      [3, 5],
      [7, 8],
      [5, 20],
      [16, 23],
      [24, 24],
    ] as const) {
      const blob = await readRange(file.sha256, start, end, db);
      expect(blob?.type).toBe('video/mp4');
      expect(await read(blob)).toEqual(content.slice(start, end + 1));
    }
  });

  it('reads nothing where a byte is missing or outside the file', async () => {
    await storeChunk(file, 0, part(0, 10), db);
    await storeChunk(file, 20, part(20, 25), db);
    expect(await readRange(file.sha256, 5, 15, db)).toBeNull();
    expect(await readRange(file.sha256, 12, 22, db)).toBeNull();
    expect(await readRange(file.sha256, 20, 25, db)).toBeNull();
    expect(await readRange(other.sha256, 0, 1, db)).toBeNull();
    expect(await read(await readRange(file.sha256, 21, 24, db))).toEqual(content.slice(21, 25));
  });

  it('removes one file and leaves the others', async () => {
    await storeChunk(file, 0, part(0, 25), db);
    await storeChunk(other, 0, new Blob([bytes(10, 3)]), db);
    await removeMedia(file.sha256, db);
    expect(await mediaFile(file.sha256, db)).toBeUndefined();
    expect(await db.chunks.count()).toBe(1);
    expect(await read(await readRange(other.sha256, 0, 9, db))).toEqual(bytes(10, 3));
  });
});
