// Opens the database named by DATABASE_URL: `sqlite:<path>` (embedded, the default) or
// `postgres://…`. Everything above this file is dialect-agnostic.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { DEFAULTS } from '../config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** A PostgreSQL pool's connections at one moment, and how many it may open. */
export interface PoolStats {
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export type Store = {
  db: Kysely<Database>;
  close(): Promise<void>;
} & (
  | { dialect: 'postgres'; poolStats(): PoolStats }
  /** The connection itself, for the one path that must skip Kysely's overhead: storing events. */
  | { dialect: 'sqlite'; sqlite: SQLite.Database }
);

/** The PostgreSQL driver, loaded only when a postgres:// URL asks for it. */
function loadPg(): typeof pg {
  const driver = createRequire(import.meta.url)('pg') as typeof pg;
  // int8 (bigint, count(*)) arrives as a string by default. Our int8 values are epoch
  // milliseconds and counters, far below 2^53, so numbers are exact and match SQLite.
  driver.types.setTypeParser(driver.types.builtins.INT8, (v) => Number(v));
  driver.types.setTypeParser(driver.types.builtins.NUMERIC, (v) => Number(v));
  return driver;
}

/**
 * Kysely prepares every query anew; preparing costs more than running an indexed query.
 * Statements are reusable in better-sqlite3 (it is synchronous), so keep the recent ones.
 */
function withStatementCache(sqlite: SQLite.Database, size = 256): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (source: string) => {
        let statement = cache.get(source);
        if (statement) {
          cache.delete(source); // re-insert: the Map's order is the recency order
        } else {
          statement = prepare(source);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
        }
        cache.set(source, statement);
        return statement;
      };
    },
  });
}

/** `poolSize`: PostgreSQL connections this process may hold (DATABASE_POOL_SIZE). */
export function openStore(url: string, { poolSize = DEFAULTS.databasePoolSize }: { poolSize?: number } = {}): Store {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new (loadPg().Pool)({ connectionString: url, max: poolSize });
    // An idle connection dropped by the database (restart, failover) must not take the
    // process down; the pool replaces it on the next query.
    pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize });
    return { db, dialect: 'postgres', poolStats, close: () => db.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length) || ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before it returns, so an acknowledged event survives a power
    // cut, not only a crash (docs/sync.md). Group commit (services/sync/sqlite-writer.ts)
    // shares the cost.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, not "${url}"`);
}
