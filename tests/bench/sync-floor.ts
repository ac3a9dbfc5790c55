// The floor under what the server can do: the database alone storing the rows the server
// stored, in big transactions from one connection, into a copy of the events table as it
// was before they arrived, with the server's durability settings. No server can answer its
// last request before the database has stored every row once.
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { EventsTable } from '../../src/server/db/schema.js';
import type { SyncServer } from './sync-server.js';

const COLUMNS = [
  'id',
  'user_id',
  'seq',
  'device_id',
  'type',
  'course_id',
  'course_version',
  'at',
  'data_json',
  'result_json',
  'received_at',
  'device_at',
] as const;

let copies = 0;

export interface Floor {
  /** Seconds to store the rows the server stored since `since` (with new ids), `perTransaction` rows a commit. */
  seconds(since: number, perTransaction: number): Promise<number>;
}

const rowsSince = async (env: SyncServer, since: number): Promise<EventsTable[]> =>
  (await env.store.db.selectFrom('events').selectAll().where('received_at', '>=', since).execute()).map((r) => ({
    ...r,
    id: randomUUID(),
  }));

/** Call before the phase: copies the events table as it is now. */
export async function floorBefore(env: SyncServer): Promise<Floor> {
  const store = env.store;
  if (store.dialect === 'sqlite') {
    const path = env.database.url.slice('sqlite:'.length).replace(/sinau\.db$/, `floor-${++copies}.db`);
    store.sqlite.exec(`vacuum into '${path}'`);
    return {
      async seconds(since, perTransaction) {
        const rows = await rowsSince(env, since);
        const raw = new SQLite(path);
        raw.pragma('journal_mode = WAL');
        raw.pragma('synchronous = FULL');
        raw.pragma('foreign_keys = ON');
        const insert = raw.prepare(`insert into events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
        const batch = raw.transaction((chunk: EventsTable[]) => {
          for (const r of chunk) insert.run(COLUMNS.map((c) => r[c]));
        });
        const started = performance.now();
        for (let i = 0; i < rows.length; i += perTransaction) batch(rows.slice(i, i + perTransaction));
        const seconds = (performance.now() - started) / 1000;
        raw.close();
        return rows.length === 0 ? Number.NaN : seconds;
      },
    };
  }
  // PostgreSQL: a table like events (its indexes, constraints and the key to users), filled
  // with the rows stored so far, in the server's own database and so on its disk.
  const table = `floor_events_${++copies}`;
  const client = new pg.Client({ connectionString: env.database.url });
  await client.connect();
  try {
    await client.query(`create table ${table} (like events including all)`);
    await client.query(`alter table ${table} add foreign key (user_id) references users (id)`);
    await client.query(`insert into ${table} select * from events`);
    await client.query(`analyze ${table}`);
  } finally {
    await client.end();
  }
  return {
    async seconds(since, perTransaction) {
      const rows = await rowsSince(env, since);
      const raw = new pg.Client({ connectionString: env.database.url });
      await raw.connect();
      const PER_STATEMENT = 400; // 12 columns: well under the protocol's 65,535 parameters
      try {
        const started = performance.now();
        for (let i = 0; i < rows.length; i += perTransaction) {
          await raw.query('begin');
          const chunk = rows.slice(i, i + perTransaction);
          for (let j = 0; j < chunk.length; j += PER_STATEMENT) {
            const part = chunk.slice(j, j + PER_STATEMENT);
            const values = part.map((_, k) => `(${COLUMNS.map((__, c) => `$${k * COLUMNS.length + c + 1}`).join(', ')})`);
            await raw.query(
              `insert into ${table} (${COLUMNS.join(', ')}) values ${values.join(', ')}`,
              part.flatMap((r) => COLUMNS.map((c) => r[c])),
            );
          }
          await raw.query('commit');
        }
        const seconds = (performance.now() - started) / 1000;
        await raw.query(`drop table ${table}`);
        return rows.length === 0 ? Number.NaN : seconds;
      } finally {
        await raw.end();
      }
    },
  };
}
