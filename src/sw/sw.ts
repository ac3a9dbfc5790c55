/// <reference lib="webworker" />
// The service worker: precache the app shell (versioned by the build's content hashes)
// and answer every in-app navigation with it, so any URL opens offline. Routing and cache
// policy only; what it triggers lives in code the app shares.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// The first install takes control at once; later versions wait for the app to say
// SKIP_WAITING, which it only does when the learner accepts "new version — reload".
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
