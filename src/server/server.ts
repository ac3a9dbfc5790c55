// The listener: migrate, build the app, listen, and close gracefully on SIGTERM/SIGINT so
// in-flight requests finish and the database closes cleanly.
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openStore } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';

export async function serve(config: Config, onReady?: (url: string) => Promise<void> | void) {
  const store = openStore(config.databaseUrl, { poolSize: config.databasePoolSize });
  await migrateToLatest(store.db);
  const app = await buildApp({
    store,
    staticDir: config.staticDir,
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    jpTarget: config.jpTarget,
    publicUrl: config.publicUrl,
    agency: config.agency,
    signerName: config.signerName,
    signerTitle: config.signerTitle,
    metricsToken: config.metricsToken,
  });
  app.server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  // No limit on a whole request here: each route bounds its body (routes/body-deadline.ts),
  // so a course upload may take minutes while a trickling sync is cut off after 30 s.
  app.server.requestTimeout = 0;
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await onReady?.(`http://localhost:${port}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // Closing the listener closes the kept-alive connections idle at that moment, once. One
    // whose request was still in flight goes idle after its reply and would hold the close
    // open until keepAliveTimeout, past the force timer: close those as they go idle too.
    const reap = setInterval(() => app.server.closeIdleConnections(), 100);
    reap.unref();
    await app.close();
    clearInterval(reap);
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { app, store };
}
