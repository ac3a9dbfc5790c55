// Built files outside the precache, kept on the devices that need them, in caches the
// service worker answers from (media-answer.ts answerKeptAsset):
/** pdf.js and its worker, the app's largest files, on phones with a PDF lesson downloaded (media-pdfjs.ts). */
export const PDFJS_CACHE = 'sinau-pdfjs';
/** The facilitator's check-in screen, on the device that opened it (src/app/admin/check-in-keep.ts). */
export const CHECK_IN_CACHE = 'sinau-check-in';
