import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { EventsTable } from '../../db/schema.js';
import { conflict, type EventWriter, type NewEvent, type Rejection, type Stored, staleMarks } from './writer.js';

/**
 * SQLite has one writer, and a commit costs far more than an insert, so the requests that
 * arrive in one turn of the event loop are stored together in one transaction (group
 * commit). Each request still learns its outcome only after that commit. The statements
 * run on the connection directly: this is the server's hottest path, and Kysely's query
 * building cost more than the inserts themselves.
 */
export function sqliteWriter(sqlite: SQLiteDatabase): EventWriter {
  const readSeq = sqlite.prepare<[string], number>('select event_seq from users where id = ?').pluck();
  const writeSeq = sqlite.prepare('update users set event_seq = ? where id = ?');
  const owner = sqlite.prepare<[string], string>('select user_id from events where id = ?').pluck();
  const markStale = sqlite.prepare(
    'insert into progress_stale (user_id, course_id, seq) values (@user_id, @course_id, @seq) on conflict (user_id, course_id) do update set seq = excluded.seq',
  );
  const insert = sqlite.prepare(
    `insert into events (id, user_id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing`,
  );
  type Job = { userId: string; events: NewEvent[]; done: (s: Stored) => void; fail: (e: unknown) => void };
  const store = ({ userId, events }: Job): Stored => {
    const first = Number(readSeq.get(userId));
    let seq = first;
    const accepted: string[] = [];
    const rejected: Rejection[] = [];
    const inserted: EventsTable[] = [];
    for (const e of events) {
      const { id, user_id, device_id, type, course_id, course_version, at, data_json, result_json, received_at } = e;
      if (
        insert.run(id, user_id, seq + 1, device_id, type, course_id, course_version, at, data_json, result_json, received_at).changes === 1
      ) {
        seq++;
        accepted.push(id);
        inserted.push({ ...e, seq });
      } else if (owner.get(e.id) === userId)
        accepted.push(e.id); // stored earlier: a duplicate
      else rejected.push(conflict(e.id));
    }
    if (seq !== first) {
      writeSeq.run(seq, userId);
      for (const mark of staleMarks(inserted)) markStale.run(mark);
    }
    return { accepted, rejected, inserted };
  };
  const storeAll = sqlite.transaction((jobs: Job[]) => jobs.map(store));
  const storeOne = sqlite.transaction(store);

  let queue: Job[] = [];
  const flush = () => {
    // Never inside another transaction on this connection, where it would become a
    // savepoint and acknowledge events before the outer commit.
    if (sqlite.inTransaction) return void setImmediate(flush);
    const jobs = queue;
    queue = [];
    let outcomes: Stored[];
    try {
      outcomes = storeAll(jobs);
    } catch (error) {
      // The database is locked by another process (busy_timeout has passed): every job
      // would wait as long again, so all fail now and their phones retry later.
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
        for (const job of jobs) job.fail(error);
        return;
      }
      // One bad job must not fail its neighbours: retry each alone.
      for (const job of jobs) {
        try {
          job.done(storeOne(job));
        } catch (error) {
          job.fail(error);
        }
      }
      return;
    }
    for (const [i, job] of jobs.entries()) job.done(outcomes[i]!);
  };
  return {
    write: (userId, events) =>
      new Promise<Stored>((done, fail) => {
        if (queue.push({ userId, events, done, fail }) === 1) setImmediate(flush);
      }),
  };
}
