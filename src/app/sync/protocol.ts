// The sync run is defined in src/app/shared/sync-protocol.ts, which the service worker
// shares; this path re-exports it for the modules that still import it from here.
export * from '../shared/sync-protocol.js';
