// Video, audio and PDF lessons (docs/course-format.md, "Media lessons"): what a package says
// of a lesson's media file, and the byte-range arithmetic that the server's media route and
// the service worker's stored-range answers share, so both read a Range header alike.

export const MEDIA_KINDS = ['video', 'audio', 'pdf'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** The largest media file a course may carry: an hour of 360p video. */
export const MEDIA_MAX_BYTES = 250 * 1024 * 1024;
/** The app downloads media in ranges of at most this many bytes, each stored as it arrives. */
export const MEDIA_CHUNK_BYTES = 1024 * 1024;

/** A media lesson's file, as the package lists it: fetched from /api/media/<sha256>. */
export interface MediaRef {
  kind: MediaKind;
  sha256: string;
  size: number;
  mime: string;
  /** An image asset's sha256 (downloaded with the text, like any image). */
  poster?: string;
  /** A WebVTT asset's sha256 (downloaded with the text) and its language. */
  captions?: { sha256: string; language: 'id' | 'en' };
}

/** An inclusive byte range, as HTTP counts it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range` header asks of a file of `size` bytes: null when there is no
 * header or it is not a single bytes range we serve (answer the whole file, 200), or
 * 'unsatisfiable' (416) when it lies wholly past the end. Several ranges in one header are
 * answered whole: players never ask for them, and a multipart reply buys nothing here.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, from, to] = m;
  if (from === '' && to === '') return null;
  if (from === '') {
    // "bytes=-500": the last 500 bytes.
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return end < start ? null : { start, end };
}

/** The Content-Range of a 206 answer, or of a 416 (`bytes * /size`). */
export const contentRange = (range: ByteRange | 'unsatisfiable', size: number): string =>
  range === 'unsatisfiable' ? `bytes */${size}` : `bytes ${range.start}-${range.end}/${size}`;

/** The ranges a download asks for, in order: each at most MEDIA_CHUNK_BYTES, from `from` on. */
export function chunksOf(size: number, from = 0, chunk = MEDIA_CHUNK_BYTES): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let start = from; start < size; start += chunk) ranges.push({ start, end: Math.min(start + chunk, size) - 1 });
  return ranges;
}
