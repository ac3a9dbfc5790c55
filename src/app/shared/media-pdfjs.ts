// pdf.js for PDF lessons, only on phones that need it. It is far larger than the rest of the
// app, so it is not precached for every learner: when a PDF lesson's file is downloaded,
// pdf.js and its worker are stored beside it in a cache the service worker answers from
// (media-answer.ts), and when no PDF is left on the phone they go too.
//
// Files of their own, loaded by URL: as modules in the bundle's graph, the bundler's helpers
// they share with the app's first files would be split into one more file every first
// visit loads. The URLs carry pdf.js's hash, so an app update that keeps pdf.js keeps them.
import { keepExactly, PDFJS_CACHE } from './kept-caches.js';

export const PDFJS_URL = new URL('pdfjs-dist/build/pdf.min.mjs', import.meta.url).href;
export const PDFJS_WORKER_URL = new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;

// A browser without Cache Storage has no service worker either: nothing could answer offline.
const cacheStorage = (): CacheStorage | undefined => (typeof caches === 'undefined' ? undefined : caches);

/** Stores pdf.js and its worker, fetching only what is not stored yet, and drops older versions. */
export const storePdfJs = (): Promise<void> => keepExactly(PDFJS_CACHE, [PDFJS_URL, PDFJS_WORKER_URL], cacheStorage());

/** Deletes the stored pdf.js, freeing its space. */
export async function dropPdfJs(): Promise<void> {
  await cacheStorage()?.delete(PDFJS_CACHE);
}
