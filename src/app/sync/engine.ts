// WARNING: part of the main bundle. When to sync: at start, on `online`, on returning to
// the app, after the learner does something, on "Sinkronkan sekarang", from Background
// Sync where the browser has it, and on a capped exponential backoff with jitter while
// anything waits. State for the always-visible sync status.
import { liveQuery } from 'dexie';
import { create } from 'zustand';
import { refreshServerProgress } from '../courses/catalogue.js';
import { useSession } from '../session.js';
import { db } from '../shared/database.js';
import { lastSyncKey, runSync, type SyncFailure, type SyncRun } from '../shared/sync-protocol.js';

interface SyncState {
  running: boolean;
  failure: SyncFailure | null;
  lastSyncAt: number | null;
}

export const useSync = create<SyncState>(() => ({ running: false, failure: null, lastSyncAt: null }));

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<void> | undefined;

function schedule(ms: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void syncNow(), ms);
}

const lastSyncAt = async (userId: string) => ((await db.meta.get(lastSyncKey(userId)))?.value as number | undefined) ?? null;

/** Runs one sync unless one is running; safe to call from anywhere, any number of times. */
export function syncNow(): Promise<void> {
  inFlight ??= (async () => {
    const { token, user, expire } = useSession.getState();
    if (!user) return;
    // The stored time first, whatever happens next: an offline start still shows when this
    // learner last synced (here or from the service worker), not "never".
    useSync.setState({ lastSyncAt: await lastSyncAt(user.id) });
    if (!token) return useSync.setState({ failure: 'expired' });
    // Known offline: no request; the `online` event starts the next attempt.
    if (!navigator.onLine) return useSync.setState({ failure: 'offline' });
    useSync.setState({ running: true });
    const run: SyncRun = await runSync(user.id, token).catch(() => ({ ok: false, failure: 'server', sent: 0, received: 0 }));
    useSync.setState({ running: false, failure: run.ok ? null : (run.failure ?? 'server'), lastSyncAt: await lastSyncAt(user.id) });
    if (run.ok) {
      attempt = 0;
      void refreshServerProgress();
      return;
    }
    if (run.failure === 'expired') return expire();
    // Capped exponential backoff with full jitter, or the server's own Retry-After.
    attempt++;
    const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    schedule(run.retryAfter ? run.retryAfter * 1000 : backoff);
  })().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

let nudge: ReturnType<typeof setTimeout> | undefined;
/** After a learner action: sync soon, batching a burst of actions into one request. */
export function syncSoon(): void {
  clearTimeout(nudge);
  nudge = setTimeout(() => void syncNow(), 2_000);
  void navigator.serviceWorker?.ready
    .then((r) => (r as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('sinau-sync'))
    .catch(() => undefined);
}

export function startSyncTriggers(): () => void {
  const onOnline = () => {
    attempt = 0;
    void syncNow();
  };
  const onVisible = () => document.visibilityState === 'visible' && void syncNow();
  const onMessage = (event: MessageEvent) => event.data?.type === 'SYNC' && void syncNow();
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  navigator.serviceWorker?.addEventListener('message', onMessage);
  const stopSession = useSession.subscribe((s, previous) => {
    if (s.token && s.token !== previous.token) void syncNow();
  });
  // Any new pending event (a learner action) nudges a sync.
  let pending = 0;
  const outbox = liveQuery(async () => {
    const user = useSession.getState().user;
    return user ? db.events.where('[userId+status]').equals([user.id, 'pending']).count() : 0;
  }).subscribe((n) => {
    if (n > pending) syncSoon();
    pending = n;
  });
  void syncNow();
  return () => {
    outbox.unsubscribe();
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    navigator.serviceWorker?.removeEventListener('message', onMessage);
    stopSession();
    clearTimeout(timer);
    clearTimeout(nudge);
  };
}
