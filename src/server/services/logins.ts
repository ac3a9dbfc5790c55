// What a successful login writes: the cleared failures, the device key, the last login and
// the session, in one commit (docs/security.md). On SQLite each commit waits for the disk.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deviceKeyAfterLogin } from './device-keys.js';
import { clearAccountFailures } from './login-limits.js';
import { createSession } from './sessions.js';

export interface Login {
  userId: string;
  nip: string;
  /** The device presented this account's key: it is the owner's as far as limits go. */
  trusted: boolean;
  /** The key the device presented, if any. */
  deviceKey: string | undefined;
}

/** The new session's token and expiry, and the device key to keep for next time. */
export function completeLogin(db: Kysely<Database>, { userId, nip, trusted, deviceKey }: Login, now = Date.now()) {
  return db.transaction().execute(async (trx) => {
    // Only a stranger's success ends a stranger's run of failures: the owner logging in on
    // their own phone must not give whoever is guessing ten more tries.
    if (!trusted) await clearAccountFailures(trx, [nip]);
    const key = await deviceKeyAfterLogin(trx, userId, trusted ? deviceKey : undefined, now);
    await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', userId).execute();
    return { key, ...(await createSession(trx, userId, now)) };
  });
}
