// Media lessons' files on the phone, stored in ranges as they arrive (DESIGN.md §15): read by
// the app's download and by the service worker, which answers playback from them. Media is
// course content, not personal, so it is shared by every learner of the phone.
//
// Its own IndexedDB database, not a version of src/app/shared/database.ts: that module is
// part of the main bundle, whose budget has no room for the tables' declaration, and a
// database of its own is opened only by the lazy download and by the service worker.
import { Dexie, type EntityTable, type Table } from 'dexie';

/** One stored range of a file: `blob` holds the bytes from `start` on. */
export interface MediaChunk {
  sha256: string;
  start: number;
  blob: Blob;
}

/** What is stored of one media file. */
export interface MediaFile {
  sha256: string;
  size: number;
  mime: string;
  /** Bytes stored without a gap from byte 0: where a download resumes. */
  contiguous: number;
  /** Bytes held by all of the file's chunks, for the space the phone shows per lesson. */
  bytes: number;
  /** True only once the whole file is stored and matched its SHA-256. */
  verified: boolean;
}

export class MediaDatabase extends Dexie {
  chunks!: Table<MediaChunk, [string, number]>;
  files!: EntityTable<MediaFile, 'sha256'>;

  constructor(name = 'sinau-media') {
    super(name);
    // Schema history: add a new version() for every change, never edit one that shipped.
    this.version(1).stores({ chunks: '[sha256+start]', files: 'sha256' });
  }
}

let shared: MediaDatabase | undefined;
/** The phone's media database, opened at first use so that importing this module costs nothing. */
export const mediaDb = (): MediaDatabase => {
  shared ??= new MediaDatabase();
  return shared;
};

export type MediaFileInfo = Pick<MediaFile, 'sha256' | 'size' | 'mime'>;

const fileChunks = (db: MediaDatabase, sha256: string) =>
  db.chunks.where('[sha256+start]').between([sha256, Dexie.minKey], [sha256, Dexie.maxKey], true, true);

/**
 * Bytes stored without a gap from byte 0, given that bytes 0..`from` are: the walk starts
 * there, so a download storing range after range reads one chunk each time, not all of them.
 */
async function contiguousBytes(db: MediaDatabase, sha256: string, from = 0): Promise<number> {
  let end = from;
  await db.chunks
    .where('[sha256+start]')
    .between([sha256, from], [sha256, Dexie.maxKey], true, true)
    .until((c) => c.start > end)
    .each((c) => {
      end = Math.max(end, c.start + c.blob.size);
    });
  return end;
}

/**
 * Stores the bytes of `file` from `start` on, and its accounting, in one transaction: a
 * chunk is either stored and counted or neither, so a quota error leaves no byte
 * half-counted. Any new chunk makes the file unverified until it is checked again.
 */
export async function storeChunk(file: MediaFileInfo, start: number, blob: Blob, db = mediaDb()): Promise<MediaFile> {
  if (start < 0 || start + blob.size > file.size) throw new RangeError(`bytes ${start}+${blob.size} lie outside a file of ${file.size}`);
  return db.transaction('rw', [db.chunks, db.files], async () => {
    const before = await db.files.get(file.sha256);
    const replaced = await db.chunks.get([file.sha256, start]);
    await db.chunks.put({ sha256: file.sha256, start, blob });
    // A chunk past a gap cannot move the resume point; one at it extends it; one before it
    // replaced stored bytes, possibly with fewer, so the walk starts again from 0.
    const known = before?.contiguous ?? 0;
    const contiguous = start > known ? known : await contiguousBytes(db, file.sha256, start === known ? known : 0);
    const state: MediaFile = {
      sha256: file.sha256,
      size: file.size,
      mime: file.mime,
      contiguous: Math.min(contiguous, file.size),
      bytes: (before?.bytes ?? 0) - (replaced?.blob.size ?? 0) + blob.size,
      verified: false,
    };
    await db.files.put(state);
    return state;
  });
}

/** Where a download of this file resumes: bytes stored without a gap from byte 0. */
export async function resumePoint(sha256: string, db = mediaDb()): Promise<number> {
  return (await db.files.get(sha256))?.contiguous ?? 0;
}

export const mediaFile = (sha256: string, db = mediaDb()): Promise<MediaFile | undefined> => db.files.get(sha256);

/** What is stored of these files (undefined for one with nothing stored), in their order. */
export const mediaFiles = (sha256s: string[], db = mediaDb()): Promise<(MediaFile | undefined)[]> => db.files.bulkGet(sha256s);

/** Marks a fully stored file as checked against its hash; false if it is not whole. */
export async function markVerified(sha256: string, db = mediaDb()): Promise<boolean> {
  return db.transaction('rw', db.files, async () => {
    const file = await db.files.get(sha256);
    if (!file || file.contiguous < file.size) return false;
    await db.files.update(sha256, { verified: true });
    return true;
  });
}

/**
 * Bytes `start` to `end` (inclusive) of a stored file, sliced across chunk boundaries, or
 * null when any of them is missing. Slicing a stored Blob reads nothing yet: the browser
 * reads from disk only what the response body is asked for.
 */
export async function readRange(sha256: string, start: number, end: number, db = mediaDb()): Promise<Blob | null> {
  const file = await db.files.get(sha256);
  if (!file || start < 0 || end < start || end >= file.size) return null;
  const [first, rest] = await db.transaction('r', db.chunks, () =>
    Promise.all([
      db.chunks.where('[sha256+start]').between([sha256, 0], [sha256, start], true, true).last(),
      db.chunks.where('[sha256+start]').between([sha256, start], [sha256, end], false, true).toArray(),
    ]),
  );
  const parts: Blob[] = [];
  let at = start;
  for (const chunk of first ? [first, ...rest] : rest) {
    if (chunk.start > at) return null;
    const chunkEnd = chunk.start + chunk.blob.size; // exclusive
    if (chunkEnd <= at) continue;
    const to = Math.min(end + 1, chunkEnd);
    parts.push(chunk.blob.slice(at - chunk.start, to - chunk.start));
    at = to;
    if (at > end) break;
  }
  return at > end ? new Blob(parts, { type: file.mime }) : null;
}

/** Deletes one file's chunks and state, freeing its space. */
export async function removeMedia(sha256: string, db = mediaDb()): Promise<void> {
  await db.transaction('rw', [db.chunks, db.files], async () => {
    await fileChunks(db, sha256).delete();
    await db.files.delete(sha256);
  });
}
