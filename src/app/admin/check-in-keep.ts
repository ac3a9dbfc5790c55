// The facilitator's check-in screen keeps the session's secret on the device once it was
// opened with a signal, so a reload in a hall with none still shows the codes. Kept only
// until check-in closes (the end + 30 minutes): after that the secret is of no use, and
// whoever finds the device should not be able to make the session's codes. localStorage,
// not IndexedDB: a few hundred bytes, read before the first paint, and the app's database
// is the learner's.
import type { Session } from '../../domain/api/sessions.js';
import { checkInWindow } from '../../domain/session-window.js';
import { CHECK_IN_CACHE, keepExactly } from '../shared/kept-caches.js';

const PREFIX = 'sinau.check-in.';

export interface KeptCheckIn {
  /** Whose it is: another account logged in on the same device does not get it. */
  userId: string;
  session: Session;
  courseTitle?: string;
  /** base32, as GET /api/admin/sessions/:id/check-in gives it. */
  secret: string;
  /** How many had checked in, and when that was read (ms). */
  count?: number;
  countedAt?: number;
}

const expiry = (kept: KeptCheckIn) => checkInWindow(kept.session).closes;

function read(key: string): KeptCheckIn | undefined {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Deletes every kept secret whose check-in has closed (or that cannot be read). */
export function forgetClosed(now: number): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    const kept = read(key);
    if (!kept?.session || expiry(kept) <= now) localStorage.removeItem(key);
  }
}

/** The kept check-in of a session for this user, if check-in has not closed yet. */
export function keptCheckIn(sessionId: string, userId: string, now: number): KeptCheckIn | undefined {
  forgetClosed(now);
  const kept = read(PREFIX + sessionId);
  return kept?.userId === userId ? kept : undefined;
}

/** Keeps it until check-in closes; one that has closed already is not kept at all. */
export function keepCheckIn(kept: KeptCheckIn, now: number): void {
  const key = PREFIX + kept.session.id;
  if (expiry(kept) <= now) localStorage.removeItem(key);
  else
    try {
      localStorage.setItem(key, JSON.stringify(kept));
    } catch {
      // Storage full or refused: the screen still works while it stays open.
    }
}

/**
 * Stores the built files this page has loaded (its chunks, styles and fonts under /assets/)
 * in a cache the service worker answers from, and drops those of older builds: an
 * administrator's chunks are not precached, and the browser's HTTP cache may evict them, so
 * without this a reload with no signal could find the screen's code missing. When the
 * last kept check-in has closed the cache goes too.
 */
export async function keepScreenFiles(storage: CacheStorage | undefined = globalThis.caches): Promise<void> {
  if (!storage) return;
  if (!Object.keys(localStorage).some((key) => key.startsWith(PREFIX))) {
    await storage.delete(CHECK_IN_CACHE);
    return;
  }
  const files = (await loadedResources())
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
    .map((url) => url.origin + url.pathname);
  await keepExactly(CHECK_IN_CACHE, [...new Set(files)], storage);
}

/** What the page has fetched, by Resource Timing. Read through an observer with the buffered
 * entries, which sees them even where performance.getEntries is replaced (fake clocks). */
function loadedResources(): Promise<PerformanceEntryList> {
  if (typeof PerformanceObserver === 'undefined') return Promise.resolve(performance.getEntriesByType('resource'));
  return new Promise((resolve) => {
    const observer = new PerformanceObserver((list) => {
      observer.disconnect();
      resolve(list.getEntries());
    });
    observer.observe({ type: 'resource', buffered: true });
  });
}
