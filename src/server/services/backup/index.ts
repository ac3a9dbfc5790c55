// `sinau backup` and `sinau restore` for SQLite (docs/operations.md). Both work on a file
// beside their target and put it in place only once it is complete, checked and on disk.
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { holdForRestore } from './hold.js';
import { type Contents, fsyncPath, inspect, install, migrateFile, quiesce, removeWithSideFiles } from './sqlite-file.js';

export { holdForServing } from './hold.js';
export { postgresCommands } from './postgres.js';

/** The file behind a `sqlite:` DATABASE_URL: undefined for PostgreSQL, null for an in-memory database. */
export function sqlitePath(databaseUrl: string): string | null | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined;
  const path = databaseUrl.slice('sqlite:'.length);
  return path === '' || path === ':memory:' ? null : path;
}

const fileOf = (path: string | null): string => {
  if (path === null) throw new Error('DATABASE_URL names an in-memory database, which only its own process can see; name a file.');
  return path;
};

export interface Outcome extends Contents {
  bytes: number;
  ms: number;
}

/**
 * Copies the database at `source`, while servers keep writing to it, to `file`.
 *
 * SQLite's online backup API in a single step: one read transaction, so the copy is the
 * database as it was at one moment, and in WAL mode writers never wait for a reader. In
 * its usual small steps the copy starts over whenever another process writes between two
 * steps, and under steady syncing it never finished: on a 100 MB database with another
 * process committing every few milliseconds it restarted 1,051 times in 7 s and never got
 * past the first 3%. VACUUM INTO is as consistent, but rebuilds every table and index
 * where this copies pages: on a million events (270 MB) it held its read transaction twice
 * as long (1.1 s against 0.56 s), and the server's WAL cannot be reset meanwhile.
 */
export async function backupSqlite(database: string | null, file: string, { force }: { force: boolean }): Promise<Outcome> {
  const started = performance.now();
  const source = fileOf(database);
  if (!existsSync(source)) throw new Error(`there is no database at ${source}; check DATABASE_URL.`);
  if (existsSync(file) && !force) throw new Error(`${file} exists; choose another name, or add --force to overwrite it.`);
  // Never made here: a missing folder is most often a backup drive that is not mounted, and
  // the copy would quietly land on the server's own disk instead.
  const folder = dirname(resolve(file));
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new Error(`the folder ${folder} does not exist; create it (or mount the backup drive) first.`);
  const partial = `${file}.partial-${process.pid}`;
  removeWithSideFiles(partial);
  try {
    // Read-only: a backup must never write to the live database, not even a checkpoint.
    const live = new SQLite(source, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      await live.backup(partial, { progress: () => 0x7fffffff });
    } finally {
      live.close();
    }
    const copy = new SQLite(partial, { fileMustExist: true });
    let contents: Contents;
    try {
      // A backup is one file: out of WAL mode, nothing needs to travel beside it.
      copy.pragma('journal_mode = DELETE');
      contents = await inspect(copy, `the copy of ${source}`);
    } finally {
      copy.close();
    }
    chmodSync(partial, 0o600); // password hashes and sessions are in it
    fsyncPath(partial);
    install(partial, file, { replace: existsSync(file) });
    return { ...contents, bytes: statSync(file).size, ms: performance.now() - started };
  } finally {
    removeWithSideFiles(partial);
  }
}

export interface Restored extends Outcome {
  /** Migrations applied to bring the backup's schema up to date. */
  migrated: string[];
  replaced: boolean;
}

/**
 * Checks `file` and puts it at `target`. The copy is checked and migrated beside the
 * target before anything there changes, so a backup that fails a check or a migration
 * leaves the target as it was, and a server started on the result need not migrate.
 */
export async function restoreSqlite(file: string, database: string | null, { force }: { force: boolean }): Promise<Restored> {
  const started = performance.now();
  const target = fileOf(database);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${file} does not exist; name a file made by sinau backup.`);
  mkdirSync(dirname(target), { recursive: true });
  const incoming = `${target}.incoming-${process.pid}`;
  removeWithSideFiles(incoming);
  try {
    copyFileSync(file, incoming);
    // A database copied by hand while in use may keep recent commits in its -wal.
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${incoming}-wal`);
    const copy = new SQLite(incoming, { fileMustExist: true });
    let before: Contents;
    try {
      before = await inspect(copy, file);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const migrated = await migrateFile(incoming);
    retireCursorKey(incoming);
    chmodSync(incoming, 0o600);
    fsyncPath(incoming);

    const release = holdForRestore(target);
    let replaced: boolean;
    try {
      replaced = existsSync(target);
      if (replaced && !force)
        throw new Error(`${target} already holds a database; add --force to replace it (sinau backup it first if it may be needed).`);
      if (replaced) quiesce(target);
      install(incoming, target, { replace: replaced });
    } finally {
      release();
    }
    return {
      events: before.events,
      applied: [...before.applied, ...migrated],
      migrated,
      replaced,
      bytes: statSync(target).size,
      ms: performance.now() - started,
    };
  } finally {
    removeWithSideFiles(incoming);
  }
}

/**
 * A restored learner's sequence numbers are behind those their phones have pulled, and
 * the next events stored take those numbers again: a phone's cursor would pass over them
 * for good. With the cursor key gone the server makes a new one, every phone's cursor is
 * answered invalid-cursor, and the app pulls from the start, which merges idempotently.
 */
function retireCursorKey(path: string): void {
  const sqlite = new SQLite(path, { fileMustExist: true });
  try {
    sqlite.prepare("delete from secrets where name = 'sync-cursor'").run();
  } finally {
    sqlite.close();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
