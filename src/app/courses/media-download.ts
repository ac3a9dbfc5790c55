// Downloading a media lesson's file (DESIGN.md §15): in ranges of at most MEDIA_CHUNK_BYTES,
// each stored as it arrives, so an interruption costs at most the range in flight and the
// next attempt starts after the last byte stored without a gap. The whole file is then
// checked against its SHA-256, read back from the store, before it counts as offline-ready.
// Loaded lazily: neither this module nor its hash function is part of the main bundle.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { chunksOf, contentRange, type MediaRef } from '../../domain/media.js';
import { ApiError, send } from '../shared/http.js';
import { markVerified, mediaDb, mediaFile, readRange, removeMedia, storeChunk } from '../shared/media-store.js';
import { freeBytes, IntegrityError, isQuotaError, StorageFullError } from './storage.js';

export interface MediaProgress {
  done: number;
  total: number;
}

export interface MediaDownloadOptions {
  onProgress?: (p: MediaProgress) => void;
  signal?: AbortSignal;
  db?: ReturnType<typeof mediaDb>;
}

/** The next range is asked for when this much of the current one is still to come: about a
 * round trip's worth of bytes on a fast 3G or 4G link, so the link does not stand idle
 * between ranges, while a cut costs at most the range in flight and the next one's start. */
export const ASK_AHEAD_BYTES = 128 * 1024;

/**
 * Bytes `start`..`end` of a media file; an ApiError with status 0 when the server cannot be
 * reached or the connection drops mid-range, as the shared client fails. `nearlyDone` is
 * called once when at most ASK_AHEAD_BYTES of the range remain to arrive.
 */
async function fetchRange(
  media: MediaRef,
  start: number,
  end: number,
  signal: AbortSignal,
  nearlyDone: () => void,
): Promise<Uint8Array<ArrayBuffer>> {
  // no-store: the file is kept in IndexedDB; an immutable answer in the HTTP cache too
  // would hold the same bytes twice.
  const response = await send(`/api/media/${media.sha256}`, { headers: { range: `bytes=${start}-${end}` }, cache: 'no-store', signal });
  // A server that ignores Range answers 200 with the whole file: right only for a range that is the whole file.
  const whole = response.status === 200 && start === 0 && end === media.size - 1;
  if (!whole && (response.status !== 206 || response.headers.get('content-range') !== contentRange({ start, end }, media.size)))
    throw new ApiError(response.status, 'range', `expected bytes ${start}-${end} of ${media.sha256}`);
  const length = end - start + 1;
  const bytes = new Uint8Array(length);
  let received = 0;
  let asked = false;
  const cut = () => new ApiError(0, 'network', 'connection closed mid-range');
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.length > length) throw cut();
      bytes.set(value, received);
      received += value.length;
      if (!asked && length - received <= ASK_AHEAD_BYTES) {
        asked = true;
        nearlyDone();
      }
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError' || error instanceof ApiError) throw error;
    throw cut();
  }
  if (received !== length) throw cut();
  if (!asked) nearlyDone();
  return bytes;
}

/** Adds stored bytes `start`..`end` to the hash, read back: the hash is of what was stored, not of what was sent. */
async function hashStored(
  hash: ReturnType<typeof sha256.create>,
  media: MediaRef,
  start: number,
  end: number,
  db: ReturnType<typeof mediaDb>,
) {
  const blob = await readRange(media.sha256, start, end, db);
  if (!blob) return false;
  hash.update(new Uint8Array(await blob.arrayBuffer()));
  return true;
}

/**
 * Downloads (or resumes) one media file and marks it verified once its hash matches.
 * Ranges are asked for in order, the next while the last bytes of the current one arrive,
 * and each is stored and hashed (read back) while the next is on its way. A network failure
 * keeps every stored range for the next attempt. A damaged file is deleted and an
 * IntegrityError says so. When space runs out (checked first, and on a quota error) a
 * StorageFullError gives the bytes still missing and the bytes free; the ranges stored so
 * far stay as the resume point, counted in the file's bytes and never as ready, because
 * mobile data costs the learner more than the space does; removing the lesson's media
 * deletes them.
 */
export async function downloadMedia(media: MediaRef, options: MediaDownloadOptions = {}): Promise<void> {
  const { onProgress = () => {}, signal, db = mediaDb() } = options;
  const stored = await mediaFile(media.sha256, db);
  if (stored?.verified) return onProgress({ done: media.size, total: media.size });
  let done = Math.min(stored?.contiguous ?? 0, media.size);
  onProgress({ done, total: media.size });

  const available = await freeBytes();
  if (available !== undefined && media.size - done > available) throw new StorageFullError(media.size - done, available);

  // A range asked for ahead is abandoned with this when the download stops.
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const ranges = chunksOf(media.size, done);
  const fetches: Promise<Uint8Array<ArrayBuffer>>[] = [];
  const ask = (i: number) => {
    const { start, end } = ranges[i]!;
    const fetched = fetchRange(media, start, end, both, () => {
      if (i + 1 < ranges.length) ask(i + 1);
    });
    fetched.catch(() => {}); // awaited in order below; one asked ahead may fail unawaited
    fetches[i] = fetched;
  };
  const hash = sha256.create();
  try {
    if (ranges.length > 0) ask(0);
    // What an earlier attempt stored is hashed while the first range is on its way.
    for (const { start, end } of chunksOf(done))
      if (!(await hashStored(hash, media, start, end, db))) throw new IntegrityError(`media ${media.sha256} is not whole`);
    for (let i = 0; i < ranges.length; i++) {
      both.throwIfAborted();
      const { start, end } = ranges[i]!;
      const bytes = await fetches[i]!;
      try {
        await storeChunk(media, start, new Blob([bytes], { type: media.mime }), db);
      } catch (error) {
        if (isQuotaError(error)) throw new StorageFullError(media.size - done, (await freeBytes()) ?? 0);
        throw error;
      }
      done = end + 1;
      onProgress({ done, total: media.size });
      if (!(await hashStored(hash, media, start, end, db))) throw new IntegrityError(`media ${media.sha256} is not whole`);
    }
  } finally {
    stop.abort();
  }

  if (bytesToHex(hash.digest()) !== media.sha256) {
    await removeMedia(media.sha256, db);
    throw new IntegrityError(`media ${media.sha256} arrived damaged and was deleted`);
  }
  if (!(await markVerified(media.sha256, db))) throw new IntegrityError(`media ${media.sha256} is not whole`);
}
