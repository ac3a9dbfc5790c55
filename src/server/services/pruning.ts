// Rows that only ever grow otherwise: ended sessions, old login failures, unused device
// keys. Pruned when the server starts and every hour; each replica doing it too is harmless.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { pruneDeviceKeys } from './device-keys.js';
import { pruneLoginFailures } from './login-limits.js';
import { pruneSessions } from './sessions.js';

export const PRUNE_EVERY_MS = 3_600_000;

export async function pruneLogins(db: Kysely<Database>, now = Date.now()) {
  const sessions = await pruneSessions(db, now);
  const failures = await pruneLoginFailures(db, now);
  const deviceKeys = await pruneDeviceKeys(db, now);
  return { sessions, ...failures, deviceKeys };
}

/** Prunes once the app is ready and then hourly, until it closes. */
export function pruneRegularly(app: FastifyInstance, db: Kysely<Database>): void {
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    running = pruneLogins(db).catch((error: unknown) => app.log.warn({ err: error }, 'pruning old logins failed'));
  };
  app.addHook('onReady', async () => {
    run();
    // A timer must not keep a process alive that is otherwise done (a CLI, a test).
    timer = setInterval(run, PRUNE_EVERY_MS).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
