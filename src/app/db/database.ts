// The app's database is defined in src/app/shared/database.ts, which the service worker
// shares; this path re-exports it for the modules that still import it from here.
export * from '../shared/database.js';
