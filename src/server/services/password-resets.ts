// An admin gives accounts new one-time passwords: a learner who lost theirs, or everyone who
// never logged in (an import whose answer never reached the browser). The passwords exist
// in the answer only; the database keeps their hashes.
import type { Kysely } from 'kysely';
import { groupNip } from '../../domain/nip.js';
import { lockAccounts } from '../db/locks.js';
import type { Database } from '../db/schema.js';
import { toCsv } from './csv.js';
import { clearAccountFailures } from './login-limits.js';
import { generatePassword, hashPasswords } from './passwords.js';
import { revokeUserSessions } from './sessions.js';

export interface IssuedPassword {
  nip: string;
  name: string;
  unit: string;
  password: string;
}

interface Account {
  id: string;
  nip: string;
  name: string;
  unit: string;
}

/**
 * New one-time passwords for these accounts. Their sessions end (whoever held the old
 * password is logged out) and a lockout an attacker caused is lifted. Device keys stay:
 * they grant nothing without the password, and removing them would expose the owner to
 * lockouts just when they come to log in with the new one.
 * With `neverLoggedIn`, an account that logged in meanwhile is left alone and not listed.
 */
export async function resetPasswords(
  db: Kysely<Database>,
  accounts: Account[],
  { neverLoggedIn = false, now = Date.now() } = {},
): Promise<IssuedPassword[]> {
  const passwords = accounts.map(() => generatePassword());
  const hashes = await hashPasswords(passwords);
  return db.transaction().execute(async (trx) => {
    await lockAccounts(trx, { ids: accounts.map((a) => a.id) });
    const issued: (IssuedPassword & { id: string })[] = [];
    for (const [i, account] of accounts.entries()) {
      let update = trx
        .updateTable('users')
        .set({ password_hash: hashes[i]!, must_change_password: 1, updated_at: now })
        .where('id', '=', account.id);
      if (neverLoggedIn) update = update.where('last_login_at', 'is', null);
      const { numUpdatedRows } = await update.executeTakeFirst();
      if (numUpdatedRows > 0n)
        issued.push({ id: account.id, nip: account.nip, name: account.name, unit: account.unit, password: passwords[i]! });
    }
    await revokeUserSessions(
      trx,
      issued.map((a) => a.id),
      now,
    );
    await clearAccountFailures(
      trx,
      issued.map((a) => a.nip),
    );
    return issued.map(({ id: _, ...rest }) => rest);
  });
}

/** The accounts, not disabled, that have never logged in; optionally of one work unit. */
export function neverLoggedIn(db: Kysely<Database>, unit?: string): Promise<Account[]> {
  let query = db
    .selectFrom('users')
    .select(['id', 'nip', 'name', 'unit'])
    .where('last_login_at', 'is', null)
    .where('disabled_at', 'is', null)
    .orderBy('unit')
    .orderBy('name');
  if (unit) query = query.where('unit', '=', unit);
  return query.execute();
}

/** The passwords as a file to print or hand out; NIPs in their printed groups. */
export const passwordsCsv = (issued: readonly IssuedPassword[]) =>
  toCsv(
    ['NIP', 'Nama', 'Unit kerja', 'Kata sandi sekali pakai'],
    issued.map((p) => [groupNip(p.nip), p.name, p.unit, p.password]),
  );
