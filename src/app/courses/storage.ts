// WARNING: part of the main bundle. Space on the phone, as both downloads meet it: the
// course's text and images (download.ts, in the main bundle) and its media (media-download.ts,
// a lazy chunk, which takes these from the main bundle's files rather than a copy of its own).

/** A download that does not fit: the bytes it still needs and the bytes free. */
export class StorageFullError extends Error {
  constructor(
    readonly needed: number,
    readonly available: number,
  ) {
    super(`not enough storage: ${needed} bytes needed, ${available} available`);
  }
}

/** A file whose bytes do not match its SHA-256. */
export class IntegrityError extends Error {}

/** Bytes the browser would still let us store, when it says. */
export async function freeBytes(): Promise<number | undefined> {
  const estimate = await navigator.storage?.estimate?.();
  return estimate?.quota !== undefined && estimate.usage !== undefined ? estimate.quota - estimate.usage : undefined;
}

/** IndexedDB's quota error, as the browser throws it or as Dexie wraps it. */
export const isQuotaError = (error: unknown) => {
  const e = error as { name?: string; inner?: { name?: string } };
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
};
