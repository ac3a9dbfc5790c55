import { type Kysely, PostgresAdapter } from 'kysely';
import type { Database } from './schema.js';

/**
 * On PostgreSQL, locks these accounts' rows in id order, the order in which the sync writer
 * locks a group's learners (services/sync/postgres-writer.ts). A transaction that changes
 * several accounts and takes them in another order could otherwise hold one that a group
 * waits for while it waits for one the group holds: a deadlock, and a failed request.
 * SQLite has no row locks (one writer at a time): nothing to do there.
 */
export async function lockAccounts(trx: Kysely<Database>, accounts: { ids: string[] } | { nips: string[] }): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  const query = trx.selectFrom('users').select('id').orderBy('id').forNoKeyUpdate();
  if ('ids' in accounts) {
    if (accounts.ids.length > 0) await query.where('id', 'in', accounts.ids).execute();
  } else if (accounts.nips.length > 0) await query.where('nip', 'in', accounts.nips).execute();
}
