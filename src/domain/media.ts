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

/** What a media file is, as its first bytes say; `m4a` is an MP4 whose brand says audio only. */
export type MediaContainer = 'mp4' | 'm4a' | 'webm' | 'mp3' | 'ogg' | 'pdf';

/** The extensions a media lesson's file may have, what each must hold and the type it is served as. */
export const MEDIA_FORMATS: Record<string, { kind: MediaKind; containers: MediaContainer[]; mime: string; name: string }> = {
  '.mp4': { kind: 'video', containers: ['mp4'], mime: 'video/mp4', name: 'MP4' },
  '.webm': { kind: 'video', containers: ['webm'], mime: 'video/webm', name: 'WebM' },
  '.mp3': { kind: 'audio', containers: ['mp3'], mime: 'audio/mpeg', name: 'MP3' },
  '.m4a': { kind: 'audio', containers: ['m4a', 'mp4'], mime: 'audio/mp4', name: 'M4A' },
  '.ogg': { kind: 'audio', containers: ['ogg'], mime: 'audio/ogg', name: 'OGG' },
  '.oga': { kind: 'audio', containers: ['ogg'], mime: 'audio/ogg', name: 'OGG' },
  '.pdf': { kind: 'pdf', containers: ['pdf'], mime: 'application/pdf', name: 'PDF' },
};

/** How many leading bytes sniffMedia needs to decide. */
export const MEDIA_SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));
// QuickTime (`qt  `) is not MP4: browsers may not play it, so it is not accepted as one.
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ']);

/** The container a file's first bytes announce, or undefined for anything a media lesson may not hold. */
export function sniffMedia(head: Uint8Array): MediaContainer | undefined {
  if (ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (brand.length < 4 || brand === 'qt  ') return undefined;
    return AUDIO_BRANDS.has(brand) ? 'm4a' : 'mp4';
  }
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3)
    return ebmlDocType(head) === 'webm' ? 'webm' : undefined;
  if (ascii(head, 0, 4) === 'OggS') return 'ogg';
  if (ascii(head, 0, 5) === '%PDF-') return 'pdf';
  if (ascii(head, 0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame: 11 sync bits, a version other than the reserved 01 and a layer other
  // than 00 (which AAC's ADTS frames, with the same sync bits, carry).
  const [b0 = 0, b1 = 0] = head;
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0 && ((b1 >> 3) & 3) !== 1 && ((b1 >> 1) & 3) !== 0) return 'mp3';
  return undefined;
}

/** The EBML header's DocType ("webm", "matroska"), read from the elements after its magic. */
function ebmlDocType(head: Uint8Array): string | undefined {
  // Skip the header element's own size (a variable-length integer), then walk its children.
  let at = 4 + vintLength(head[4] ?? 0);
  while (at + 2 < head.length) {
    const idLength = vintLength(head[at] ?? 0);
    const id = head.subarray(at, at + idLength);
    at += idLength;
    const sizeLength = vintLength(head[at] ?? 0);
    if (sizeLength === 0) return undefined;
    let size = (head[at] ?? 0) & (0xff >> sizeLength);
    for (let i = 1; i < sizeLength; i++) size = size * 256 + (head[at + i] ?? 0);
    at += sizeLength;
    if (idLength === 2 && id[0] === 0x42 && id[1] === 0x82) return ascii(head, at, size);
    at += size;
  }
  return undefined;
}

/** A variable-length integer's length in bytes, from its first byte (0 when invalid). */
function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) if (first & (0x100 >> length)) return length;
  return 0;
}
