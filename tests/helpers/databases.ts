// Test databases: SQLite always; PostgreSQL when reachable. With CI=true an unreachable
// PostgreSQL fails the run instead of quietly testing less.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../../src/server/db/database.js';

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  dialect: Dialect;
  url: string;
  drop(): Promise<void>;
}

let postgresProbe: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why not. */
function probePostgres(): Promise<string | null> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      return `PostgreSQL at ${ADMIN_URL} is not reachable (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresProbe;
}

/** The dialects to test against. Top-level await in a test file: `describe.each(await dialects())`. */
export async function dialects(): Promise<Dialect[]> {
  const why = await probePostgres();
  if (!why) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') throw new Error(`${why}; CI requires PostgreSQL.`);
  console.warn(
    `\n  ⚠ PostgreSQL tests are not run: ${why}.\n    Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n`,
  );
  return ['sqlite'];
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sinau-test-'));
    return { dialect, url: `sqlite:${join(dir, 'sinau.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sinau_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
