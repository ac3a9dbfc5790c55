// Session tokens: 32 random bytes given to the client once; only their SHA-256 is stored,
// so a leaked database holds no usable token. Logout revokes; expiry is fixed at login.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, User } from '../db/schema.js';

export const SESSION_DAYS = 30;
/** Expired and revoked sessions are kept this long (they answer 401 either way), then pruned. */
export const ENDED_SESSION_KEEP_DAYS = 7;
const DAY = 86_400_000;

/** What is stored of a secret handed to a client (a token, a device key). */
export const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** A new session: its token, given to the client once, and the row that stores the token's digest. */
export function newSession(userId: string, now = Date.now()) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_DAYS * DAY;
  return {
    token,
    expiresAt,
    row: { token_hash: digest(token), user_id: userId, created_at: now, expires_at: expiresAt, revoked_at: null },
  };
}

export async function createSession(db: Kysely<Database>, userId: string, now = Date.now()) {
  const { token, expiresAt, row } = newSession(userId, now);
  await db.insertInto('sessions').values(row).execute();
  return { token, expiresAt };
}

/** The user behind each live token (by token), leaving out those unknown, expired, revoked or disabled. */
export async function usersForTokens(db: Kysely<Database>, tokens: readonly string[], now = Date.now()): Promise<Map<string, User>> {
  const byDigest = new Map(tokens.map((t) => [digest(t), t]));
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.token_hash')
    .where('sessions.token_hash', 'in', [...byDigest.keys()])
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .execute();
  return new Map(rows.map(({ token_hash, ...user }) => [byDigest.get(token_hash)!, user]));
}

export async function revokeSession(db: Kysely<Database>, token: string, now = Date.now()) {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', digest(token)).execute();
}

/** Ends every session of these accounts, e.g. when an admin gives them a new password. */
export async function revokeUserSessions(db: Kysely<Database>, userIds: string[], now = Date.now()) {
  if (userIds.length === 0) return;
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', 'in', userIds).where('revoked_at', 'is', null).execute();
}

export async function pruneSessions(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const before = now - ENDED_SESSION_KEEP_DAYS * DAY;
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
