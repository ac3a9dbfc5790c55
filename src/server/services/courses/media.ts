// A media lesson's file (docs/course-format.md, "Media lessons"): checked at import from its own
// bytes, and stored at publish in the database in chunks. Media never goes to disk on the
// server: instances share nothing but the database, and any of them must answer a Range.
// Files of up to 250 MiB are only ever streamed, never held whole.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Kysely } from 'kysely';
import {
  MEDIA_CHUNK_BYTES,
  MEDIA_FORMATS,
  MEDIA_SNIFF_BYTES,
  type MediaContainer,
  type MediaKind,
  sniffMedia,
} from '../../../domain/media.js';
import type { Database } from '../../db/schema.js';
import type { CourseFolder, Refusal } from './files.js';

/** A media file of the course, by its hash; its bytes are read again from `path` at publish. */
export interface MediaFile {
  sha256: string;
  mime: string;
  size: number;
  path: string;
}

export type MediaCheck = { ok: true; file: MediaFile } | { ok: false; refusal: Refusal & { path: string } } | { ok: false; wrong: string };

const CONTAINER_NAMES: Record<MediaContainer, string> = {
  mp4: 'an MP4 video',
  m4a: 'an M4A (audio-only MP4)',
  webm: 'a WebM video',
  mp3: 'an MP3',
  ogg: 'an OGG',
  pdf: 'a PDF',
};

// "an MP4", "an audio", "a PDF": by how the word is said, not spelled.
const withArticle = (word: string) => `${/^(?:[aeiou]|M[P4]|OGG)/i.test(word) ? 'an' : 'a'} ${word}`;

/** The extensions a lesson of this type may have, for a problem's message. */
export const extensionsOf = (kind: MediaKind) =>
  Object.entries(MEDIA_FORMATS)
    .filter(([, f]) => f.kind === kind)
    .map(([ext]) => ext)
    .join(', ');

/**
 * Checks that `ref` is a file of the lesson's kind by its extension and its first bytes, and
 * hashes it as it streams by.
 */
export async function checkMedia(folder: CourseFolder, ref: string, kind: MediaKind, limit: number): Promise<MediaCheck> {
  const format = MEDIA_FORMATS[posix.extname(ref).toLowerCase()];
  if (!format || format.kind !== kind) return { ok: false, wrong: `must be a ${extensionsOf(kind)} file for ${withArticle(kind)} lesson` };
  const opened = await folder.stream(ref, limit);
  if (!opened.ok) return { ok: false, refusal: opened };
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let size = 0;
  try {
    for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // The size was checked when it was opened; a file that grows since is still refused.
      if (size > limit) return { ok: false, refusal: { path: opened.path, reason: 'too-large', size, limit } };
      if (head.length < MEDIA_SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, MEDIA_SNIFF_BYTES - head.length)]);
      hash.update(chunk);
    }
  } catch (error) {
    return { ok: false, refusal: { path: opened.path, reason: 'unreadable', code: (error as Error).message } };
  } finally {
    opened.stream.destroy();
  }
  const container = sniffMedia(head);
  if (!container || !format.containers.includes(container)) {
    const is = container ? `it is ${CONTAINER_NAMES[container]}` : 'its bytes are none of the accepted formats';
    return { ok: false, wrong: `is not ${withArticle(format.name)} file (${is})` };
  }
  return { ok: true, file: { sha256: hash.digest('hex'), mime: format.mime, size, path: opened.path } };
}

/** Whether a captions file is WebVTT: UTF-8 that starts with the WEBVTT signature line. */
export function isWebVtt(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  return /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(text);
}

export type StoreMediaResult = { ok: true } | { ok: false; path: string; why: 'unreadable' | 'changed'; detail?: string };

/**
 * Writes a media file's chunks, then its row. The row comes last, so a row means every chunk
 * is there: a publish that dies half-way leaves chunks the next one writes over (the same
 * bytes, as they are addressed by the file's hash) and no row that could be served.
 */
export async function storeMedia(
  db: Kysely<Database>,
  source: CourseFolder,
  media: MediaFile,
  now = Date.now(),
): Promise<StoreMediaResult> {
  const stored = await db.selectFrom('media').select('sha256').where('sha256', '=', media.sha256).executeTakeFirst();
  if (stored) return { ok: true };
  const opened = await source.stream(media.path, media.size);
  if (!opened.ok) return { ok: false, path: media.path, why: 'unreadable', detail: opened.reason };
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let size = 0;
  const flush = async (bytes: number) => {
    const all = Buffer.concat(pending);
    const data = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    await db
      .insertInto('media_chunks')
      .values({ sha256: media.sha256, index: index++, data })
      .onConflict((oc) => oc.columns(['sha256', 'index']).doNothing())
      .execute();
  };
  try {
    for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= MEDIA_CHUNK_BYTES) await flush(MEDIA_CHUNK_BYTES);
    }
    if (pendingBytes > 0) await flush(pendingBytes);
  } catch (error) {
    return { ok: false, path: media.path, why: 'unreadable', detail: (error as Error).message };
  } finally {
    opened.stream.destroy();
  }
  if (size !== media.size || hash.digest('hex') !== media.sha256) {
    // What was written under this hash is not its file; nothing may serve it. Unless another
    // publish stored the real file meanwhile: its row says its chunks are the right ones.
    const other = await db.selectFrom('media').select('sha256').where('sha256', '=', media.sha256).executeTakeFirst();
    if (!other) await db.deleteFrom('media_chunks').where('sha256', '=', media.sha256).execute();
    return { ok: false, path: media.path, why: 'changed' };
  }
  await db
    .insertInto('media')
    .values({ sha256: media.sha256, mime: media.mime, size: media.size, chunk_bytes: MEDIA_CHUNK_BYTES, created_at: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { ok: true };
}
