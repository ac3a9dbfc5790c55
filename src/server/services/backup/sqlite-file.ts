// SQLite files as whole files: what one holds, and how one takes another's place so that
// a reader finds either the old database or the new one, never a mix.
import { chownSync, closeSync, existsSync, fstatSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from '../../db/migrate.js';

/** A database is Sinau's when Kysely's migrations and these tables are there. */
const SINAU_TABLES = ['kysely_migration', 'users', 'courses', 'events'];

/** Beside the main file while SQLite has it open; a -wal left beside another file would be replayed into it. */
export const SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface Contents {
  events: number;
  /** Migrations applied, oldest first; the last is the schema version. */
  applied: string[];
}

/**
 * What `sqlite` holds, checked: intact (integrity_check), Sinau's, and of a schema this
 * build knows. `name` is how the messages call the file.
 */
export async function inspect(sqlite: SQLite.Database, name: string): Promise<Contents> {
  let problems: string[];
  try {
    problems = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new Error(`${name} is not a SQLite database; name a file made by sinau backup.`);
    if (code === 'SQLITE_CORRUPT') throw damaged(name, (error as Error).message);
    throw error;
  }
  if (problems.join() !== 'ok') {
    // SQLite's lines start with "*** in database main ***" and may span lines: the message stays on one.
    const detail = problems.map((p) =>
      p
        .replace(/\*\*\* in database \w+ \*\*\*/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    throw damaged(name, `${detail.slice(0, 2).join('; ')}${detail.length > 2 ? '; …' : ''}`);
  }
  const tables = new Set(sqlite.prepare<[], string>("select name from sqlite_master where type = 'table'").pluck().all());
  const missing = SINAU_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0)
    throw new Error(
      `${name} is a SQLite database but not Sinau's (it has no ${missing.join(', ')} table); name a file made by sinau backup.`,
    );
  const applied = sqlite.prepare<[], string>('select name from kysely_migration order by name').pluck().all();
  const known = new Set(await knownMigrations());
  const unknown = applied.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new Error(
      `${name} has schema ${applied.at(-1)}, newer than this Sinau knows (${[...known].at(-1)}); restore it with the Sinau version that made it, or a newer one.`,
    );
  const events = sqlite.prepare<[], number>('select count(*) from events').pluck().get()!;
  return { events, applied };
}

const damaged = (name: string, detail: string) =>
  new Error(`${name} is damaged (integrity_check: ${detail}); use another backup, an older one if need be.`);

let known: Promise<string[]> | undefined;
/** The migrations of this build: exactly what it applies to an empty database. */
function knownMigrations(): Promise<string[]> {
  known ??= (async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    try {
      return await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  })();
  return known;
}

/** Brings the schema of the database at `path` up to date; the migrations it applied. */
export async function migrateFile(path: string): Promise<string[]> {
  const sqlite = new SQLite(path, { fileMustExist: true });
  sqlite.pragma('foreign_keys = ON'); // as the server runs them (db/database.ts)
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** Flushes a file, or a folder's list of names, to the disk. */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return; // a platform that cannot open folders
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some platforms and file systems cannot sync a folder; the file itself was synced.
    if (!fstatSync(fd).isDirectory()) throw error;
  } finally {
    closeSync(fd);
  }
}

/** Removes a file SQLite worked on, with whatever it left beside it. */
export function removeWithSideFiles(path: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Puts the finished, synced file `ready` at `target`. A new `target` is made with link(),
 * which fails rather than overwrite a file that appeared meanwhile. An existing one is
 * replaced by rename(), atomic on one file system; the old database's side files are moved
 * aside first (a -wal left there would be replayed into the new file) and moved back if the
 * rename fails.
 */
export function install(ready: string, target: string, { replace }: { replace: boolean }): void {
  if (!replace) {
    try {
      linkSync(ready, target);
      rmSync(ready);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new Error(`${target} appeared meanwhile; look at what made it, then run the command again.`);
      // File systems without hard links (FAT on a USB drive): a plain rename, after one more look.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      if (existsSync(target)) throw new Error(`${target} appeared meanwhile; look at what made it, then run the command again.`);
      renameSync(ready, target);
    }
    fsyncPath(dirname(target));
    return;
  }
  // The new file belongs to whoever owned the old one (a server running as its own user).
  const old = statSync(target);
  try {
    chownSync(ready, old.uid, old.gid);
  } catch {} // only root may give a file away, and then it was ours already
  const aside = SIDE_FILES.filter((suffix) => existsSync(`${target}${suffix}`));
  for (const suffix of aside) renameSync(`${target}${suffix}`, `${ready}${suffix}.old`);
  try {
    renameSync(ready, target);
  } catch (error) {
    for (const suffix of aside) renameSync(`${ready}${suffix}.old`, `${target}${suffix}`);
    throw error;
  }
  fsyncPath(dirname(target));
  for (const suffix of aside) rmSync(`${ready}${suffix}.old`, { force: true });
}

/**
 * Makes sure no other process has the database at `path` open (a sinau command, a server
 * of a version without markers, the sqlite3 shell): SQLite's own lock says so, and the
 * kernel drops it when a process dies. While it is ours, any -wal is folded into the main
 * file, so that setting it aside loses nothing.
 */
export function quiesce(path: string): void {
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(path, { fileMustExist: true, timeout: 0 });
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('begin exclusive; commit');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new Error(`${path} is open in another process (a sinau command or server); stop it, then run sinau restore again.`);
    // A database too damaged to open is what a restore is for: it is replaced as it is.
  } finally {
    sqlite?.close();
  }
}
