/// <reference lib="webworker" />
// The first install stores the app shell one file at a time, which takes minutes on weak
// signal. Until it ends the app cannot open offline, so pages are told how far it is
// (after each stored file, and when they ask) and can say "preparing" meanwhile.
import { cacheNames } from 'workbox-core';
import { addPlugins, getCacheKeyForURL } from 'workbox-precaching';

declare const self: ServiceWorkerGlobalScope;

/** The message the app's src/app/pwa.ts reads; it asks with { type: 'INSTALL_PROGRESS' }. */
export interface InstallProgress {
  type: 'INSTALL_PROGRESS';
  cached: number;
  total: number;
}

/** Call after precacheAndRoute(), with the same entries. */
export function reportInstallProgress(entries: { url: string }[]): void {
  const keys = new Set(entries.map((e) => getCacheKeyForURL(e.url)).filter((key) => key !== undefined));
  const progress = async (): Promise<InstallProgress> => {
    const stored = await (await caches.open(cacheNames.precache)).keys();
    return { type: 'INSTALL_PROGRESS', cached: stored.filter((r) => keys.has(r.url)).length, total: keys.size };
  };
  addPlugins([
    {
      cacheDidUpdate: async () => {
        const message = await progress();
        for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(message);
      },
    },
  ]);
  self.addEventListener('message', (event) => {
    if (event.data?.type === 'INSTALL_PROGRESS') event.waitUntil(progress().then((message) => event.source?.postMessage(message)));
  });
}
