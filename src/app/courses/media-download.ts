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

/**
 * Bytes `start`..`end` of a media file; an ApiError with status 0 when the server cannot be
 * reached or the connection drops mid-range, as the shared client fails.
 */
async function fetchRange(media: MediaRef, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  // no-store: the file is kept in IndexedDB; an immutable answer in the HTTP cache too
  // would hold the same bytes twice.
  const response = await send(`/api/media/${media.sha256}`, { headers: { range: `bytes=${start}-${end}` }, cache: 'no-store', signal });
  // A server that ignores Range answers 200 with the whole file: right only for a range that is the whole file.
  const whole = response.status === 200 && start === 0 && end === media.size - 1;
  if (!whole && (response.status !== 206 || response.headers.get('content-range') !== contentRange({ start, end }, media.size)))
    throw new ApiError(response.status, 'range', `expected bytes ${start}-${end} of ${media.sha256}`);
  const bytes = new Uint8Array(
    await response.arrayBuffer().catch((error: Error) => {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network', 'connection closed mid-range');
    }),
  );
  if (bytes.length !== end - start + 1) throw new ApiError(0, 'network', 'connection closed mid-range');
  return bytes;
}

/** The stored file's SHA-256, read back range by range: the hash is what was stored, not what was sent. */
async function storedHash(media: MediaRef, db: ReturnType<typeof mediaDb>): Promise<string | null> {
  const hash = sha256.create();
  for (const { start, end } of chunksOf(media.size)) {
    const blob = await readRange(media.sha256, start, end, db);
    if (!blob) return null;
    hash.update(new Uint8Array(await blob.arrayBuffer()));
  }
  return bytesToHex(hash.digest());
}

/**
 * Downloads (or resumes) one media file and marks it verified once its hash matches.
 * A network failure keeps every stored range for the next attempt. A damaged file is
 * deleted and an IntegrityError says so. When space runs out (checked first, and on a quota
 * error) a StorageFullError gives the bytes still missing and the bytes free; the ranges
 * stored so far stay as the resume point, counted in the file's bytes and never as ready,
 * because mobile data costs the learner more than the space does, and removing the
 * lesson's media frees them at once.
 */
export async function downloadMedia(media: MediaRef, options: MediaDownloadOptions = {}): Promise<void> {
  const { onProgress = () => {}, signal, db = mediaDb() } = options;
  const stored = await mediaFile(media.sha256, db);
  if (stored?.verified) return onProgress({ done: media.size, total: media.size });
  let done = Math.min(stored?.contiguous ?? 0, media.size);
  onProgress({ done, total: media.size });

  const available = await freeBytes();
  if (available !== undefined && media.size - done > available) throw new StorageFullError(media.size - done, available);

  for (const { start, end } of chunksOf(media.size, done)) {
    signal?.throwIfAborted();
    const bytes = await fetchRange(media, start, end, signal);
    try {
      await storeChunk(media, start, new Blob([bytes], { type: media.mime }), db);
    } catch (error) {
      if (isQuotaError(error)) throw new StorageFullError(media.size - done, (await freeBytes()) ?? 0);
      throw error;
    }
    done = end + 1;
    onProgress({ done, total: media.size });
  }

  if ((await storedHash(media, db)) !== media.sha256) {
    await removeMedia(media.sha256, db);
    throw new IntegrityError(`media ${media.sha256} arrived damaged and was deleted`);
  }
  if (!(await markVerified(media.sha256, db))) throw new IntegrityError(`media ${media.sha256} is not whole`);
}
