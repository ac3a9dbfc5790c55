import { type Kysely, type Migration, Migrator } from 'kysely';
import * as initial from './migrations/2026-11-28-0001-initial.js';
import * as secrets from './migrations/2026-11-28-0002-secrets.js';
import * as progress from './migrations/2026-11-28-0003-progress.js';
import * as logins from './migrations/2026-11-29-0001-logins.js';
import * as syncLimits from './migrations/2026-11-29-0002-sync-limits.js';
import * as certificates from './migrations/2026-11-29-0003-certificates.js';
import * as media from './migrations/2026-11-29-0004-media.js';
import * as sessions from './migrations/2026-11-29-0005-sessions.js';

// Listed here rather than read from a folder, so the compiled server and the tests find
// the same set. Names sort by date; never rename or edit one that has shipped.
const migrations: Record<string, Migration> = {
  '2026-11-28-0001-initial': initial,
  '2026-11-28-0002-secrets': secrets,
  '2026-11-28-0003-progress': progress,
  '2026-11-29-0001-logins': logins,
  '2026-11-29-0002-sync-limits': syncLimits,
  '2026-11-29-0003-certificates': certificates,
  '2026-11-29-0004-media': media,
  '2026-11-29-0005-sessions': sessions,
};

/** Brings the schema up to date. Kysely's migrator holds a lock, so replicas may race here. */
// biome-ignore lint/suspicious/noExplicitAny: any database, whatever its types
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
