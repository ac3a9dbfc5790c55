// Media lessons play with no signal (DESIGN.md §15): the service worker (src/sw/sw.ts) answers
// /api/media/<sha256> with this, from the ranges the app stored, honouring Range so that
// seeking works. Only a file stored whole and verified is answered here; anything else goes
// to the network, so a half-downloaded file is never played from the phone. Written against
// Request and Response alone, so the app's unit tests run it in Node as the worker runs it.
import { contentRange, parseRange } from '../../domain/media.js';
import { CHECK_IN_CACHE, PDFJS_CACHE } from './kept-caches.js';
import { type MediaDatabase, mediaDb, mediaFile, readRange } from './media-store.js';

export const MEDIA_PATH = /^\/api\/media\/([0-9a-f]{64})$/;

/** Answers a media request from the store as the server would (same headers), else from the network. */
export async function answerMedia(
  request: Request,
  db: MediaDatabase = mediaDb(),
  network: (request: Request) => Promise<Response> = (r) => fetch(r),
): Promise<Response> {
  const sha256 = MEDIA_PATH.exec(new URL(request.url).pathname)?.[1];
  // A store that cannot be read (private mode, a blocked upgrade) must not break playback online.
  const file = sha256 ? await mediaFile(sha256, db).catch(() => undefined) : undefined;
  if (!sha256 || !file?.verified) return network(request);

  const headers = new Headers({
    'accept-ranges': 'bytes',
    'content-type': file.mime,
    etag: `"${sha256}"`,
    'cache-control': 'public, max-age=31536000, immutable',
  });
  const range = parseRange(request.headers.get('range'), file.size);
  if (range === 'unsatisfiable') {
    headers.set('content-range', contentRange(range, file.size));
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  const body = file.size === 0 ? new Blob([]) : await readRange(sha256, start, end, db).catch(() => null);
  // Verified yet unreadable: the browser evicted part of the store. The network may still help.
  if (!body) return network(request);
  headers.set('content-length', String(body.size));
  if (range) headers.set('content-range', contentRange(range, file.size));
  return new Response(request.method === 'HEAD' ? null : body, { status: range ? 206 : 200, headers });
}

/** A built file outside the precache (pdf.js, the check-in screen's chunks) from the cache
 * that kept it, else from the network. */
export async function answerKeptAsset(
  request: Request,
  network: (request: Request) => Promise<Response> = (r) => fetch(r),
): Promise<Response> {
  const stored = await Promise.all(
    [PDFJS_CACHE, CHECK_IN_CACHE].map((name) =>
      caches
        .open(name)
        .then((cache) => cache.match(request))
        .catch(() => undefined),
    ),
  );
  return stored.find((r) => r !== undefined) ?? network(request);
}
