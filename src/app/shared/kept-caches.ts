// Built files outside the precache, kept on the devices that need them, in caches the
// service worker answers from (media-answer.ts answerKeptAsset):
/** pdf.js and its worker, the app's largest files, on phones with a PDF lesson downloaded (media-pdfjs.ts). */
export const PDFJS_CACHE = 'sinau-pdfjs';
/** The facilitator's check-in screen, on the device that opened it (src/app/admin/check-in-keep.ts). */
export const CHECK_IN_CACHE = 'sinau-check-in';

/** Makes the cache `name` hold exactly `urls` (absolute): fetches those it lacks, once, and
 * deletes the rest, such as the files of an older build. Without Cache Storage there is no
 * service worker either, so nothing to keep. */
export async function keepExactly(name: string, urls: string[], storage: CacheStorage | undefined = globalThis.caches): Promise<void> {
  if (!storage) return;
  const cache = await storage.open(name);
  for (const url of urls) if (!(await cache.match(url))) await cache.add(url);
  for (const request of await cache.keys()) if (!urls.includes(request.url)) await cache.delete(request);
}
