// Device keys: a successful login hands the device a random key for that account (stored
// hashed, like session tokens). Presenting it later proves this device has logged in to the
// account before, which spares it the lockouts meant for strangers guessing passwords. It
// grants nothing else: the password is still checked.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { digest } from './sessions.js';

/** Keys unused this long are pruned; a phone that logs in at least once a year keeps its own. */
export const DEVICE_KEY_KEEP_DAYS = 365;

export async function holdsDeviceKey(db: Kysely<Database>, userId: string, key: string | undefined): Promise<boolean> {
  if (!key) return false;
  const row = await db
    .selectFrom('device_keys')
    .select('user_id')
    .where('key_hash', '=', digest(key))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

/** After a successful login: the key the device holds, or a new one when it held none. */
export async function deviceKeyAfterLogin(
  db: Kysely<Database>,
  userId: string,
  held: string | undefined,
  now = Date.now(),
): Promise<string> {
  if (held) {
    await db.updateTable('device_keys').set({ last_used_at: now }).where('key_hash', '=', digest(held)).execute();
    return held;
  }
  const { key, row } = newDeviceKey(userId, now);
  await db.insertInto('device_keys').values(row).execute();
  return key;
}

/** A new key for a device: the key, given to it once, and the row that stores the key's digest. */
export function newDeviceKey(userId: string, now = Date.now()) {
  const key = randomBytes(32).toString('base64url');
  return { key, row: { key_hash: digest(key), user_id: userId, created_at: now, last_used_at: now } };
}

export async function pruneDeviceKeys(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const result = await db
    .deleteFrom('device_keys')
    .where('last_used_at', '<', now - DEVICE_KEY_KEEP_DAYS * 86_400_000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
