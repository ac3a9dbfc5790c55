/// <reference lib="webworker" />
// The service worker: precache the app shell (versioned by the build's content hashes)
// and answer every in-app navigation with it, so any URL opens offline. Routing and cache
// policy only; the sync it triggers is the app's own code (src/app/shared/sync-protocol.ts).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { db } from '../app/shared/database.js';
import { answerKeptAsset, answerMedia, MEDIA_PATH } from '../app/shared/media-answer.js';
import { runSync } from '../app/shared/sync-protocol.js';
import { reportInstallProgress } from './install-progress.js';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] };

const shell = self.__WB_MANIFEST;
precacheAndRoute(shell);
reportInstallProgress(shell);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));
// Media lessons play from the ranges the app stored, so seeking works with no signal.
registerRoute(
  ({ url }) => url.origin === self.location.origin && MEDIA_PATH.test(url.pathname),
  ({ request }) => answerMedia(request),
);
// Built files outside the precache, kept by those who need them: pdf.js on phones with a PDF
// lesson downloaded (src/app/shared/media-pdfjs.ts), the facilitator's check-in screen on
// the laptop that opened it (src/app/admin/check-in-keep.ts). Precached files never get here.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/assets/'),
  ({ request }) => answerKeptAsset(request),
);

// The API, media aside, never needs this worker: the browser sends those requests straight
// to the network (static routing, Chromium 123+) instead of starting the worker for each one.
// That matters most when a new version waits: a sync or any API call while the old worker is
// being stopped would start it again, and the new version would wait for its idle timeout
// (30 s and more) after the learner tapped "Muat ulang".
interface RoutingInstallEvent extends ExtendableEvent {
  addRoutes?(rules: { condition: { urlPattern: { pathname: string } }; source: 'network' | 'fetch-event' }[]): Promise<void>;
}
self.addEventListener('install', (event) => {
  const install = event as RoutingInstallEvent;
  if (!install.addRoutes) return;
  const routes = install.addRoutes([
    { condition: { urlPattern: { pathname: '/api/media/*' } }, source: 'fetch-event' },
    { condition: { urlPattern: { pathname: '/api/*' } }, source: 'network' },
  ]);
  install.waitUntil(routes.catch(() => undefined));
});

// The first install takes control at once; later versions wait for the app to say
// SKIP_WAITING, which it only does when the learner accepts "new version — reload".
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync: the browser wakes us when the phone finds signal. An open app syncs
// itself (it shows the status); with none open, the worker runs the same sync code.
interface SyncEvent extends ExtendableEvent {
  tag: string;
}
self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  if (e.tag === 'sinau-sync') e.waitUntil(backgroundSync());
});

async function backgroundSync(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length > 0) {
    for (const client of windows) client.postMessage({ type: 'SYNC' });
    return;
  }
  const session = (await db.meta.get('session'))?.value as { token: string; userId: string } | null | undefined;
  if (!session) return;
  const run = await runSync(session.userId, session.token);
  // Failing makes the browser retry later with its own backoff.
  if (!run.ok && run.failure !== 'expired') throw new Error(`sync failed: ${run.failure}`);
}
