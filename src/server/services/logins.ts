// What a successful login writes: the cleared failures, the device key, the last login and
// the session, in one commit (docs/security.md). On SQLite each commit waits for the disk,
// so the four share one transaction. On PostgreSQL they are one statement: a transaction
// would take six round trips, and each costs the server process a wait for the scheduler
// when its CPU is busy, while the connection is held (tests/bench/agency.bench.ts).
import { sql } from 'kysely';
import type { Store } from '../db/database.js';
import { deviceKeyAfterLogin, newDeviceKey } from './device-keys.js';
import { clearAccountFailures } from './login-limits.js';
import { createSession, digest, newSession } from './sessions.js';

export interface Login {
  userId: string;
  nip: string;
  /** The device presented this account's key: it is the owner's as far as limits go. */
  trusted: boolean;
  /** The key the device presented, if any. */
  deviceKey: string | undefined;
}

/** The new session's token and expiry, and the device key to keep for next time. */
export async function completeLogin(store: Store, { userId, nip, trusted, deviceKey }: Login, now = Date.now()) {
  // Only a stranger's success ends a stranger's run of failures: the owner logging in on
  // their own phone must not give whoever is guessing ten more tries.
  const held = trusted ? deviceKey : undefined;
  if (store.dialect === 'sqlite')
    return store.db.transaction().execute(async (trx) => {
      if (!trusted) await clearAccountFailures(trx, [nip]);
      const key = await deviceKeyAfterLogin(trx, userId, held, now);
      await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', userId).execute();
      return { key, ...(await createSession(trx, userId, now)) };
    });
  const session = newSession(userId, now);
  const fresh = held ? undefined : newDeviceKey(userId, now);
  // Data-modifying CTEs run once and to completion whether or not the statement reads them.
  await store.db
    .with('last_login', (db) => db.updateTable('users').set({ last_login_at: now }).where('id', '=', userId))
    .with('failures', (db) => db.deleteFrom('login_failures').where('nip', '=', nip).where(sql<boolean>`${!trusted}`))
    .with('device_key', (db) =>
      fresh
        ? db.insertInto('device_keys').values(fresh.row)
        : db.updateTable('device_keys').set({ last_used_at: now }).where('key_hash', '=', digest(held!)),
    )
    .insertInto('sessions')
    .values(session.row)
    .execute();
  return { key: held ?? fresh!.key, token: session.token, expiresAt: session.expiresAt };
}
