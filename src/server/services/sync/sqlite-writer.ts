import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { EventsTable } from '../../db/schema.js';
import {
  attemptsExceeded,
  conflict,
  type EventWriter,
  overQuota,
  type Pending,
  quotaBytes,
  type Rejection,
  type Stored,
  staleMarks,
} from './writer.js';

/**
 * SQLite has one writer, and a commit costs far more than an insert, so the requests that
 * arrive in one turn of the event loop are stored together in one transaction (group
 * commit). Each request still learns its outcome only after that commit. The statements
 * run on the connection directly: this is the server's hottest path, and Kysely's query
 * building cost more than the inserts themselves.
 */
export function sqliteWriter(sqlite: SQLiteDatabase, onWrite?: (seconds: number) => void): EventWriter {
  const readSeq = sqlite.prepare<[string], number>('select event_seq from users where id = ?').pluck();
  const writeSeq = sqlite.prepare('update users set event_seq = ? where id = ?');
  const owner = sqlite.prepare<[string], string>('select user_id from events where id = ?').pluck();
  const markStale = sqlite.prepare(
    'insert into progress_stale (user_id, course_id, seq) values (@user_id, @course_id, @seq) on conflict (user_id, course_id) do update set seq = excluded.seq',
  );
  const insert = sqlite.prepare(
    `insert into events (id, user_id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing`,
  );
  const readUsage = sqlite.prepare<[string, number], { events: number; bytes: number }>(
    'select events, bytes from learner_usage where user_id = ? and day = ?',
  );
  const addUsage = sqlite.prepare(
    `insert into learner_usage (user_id, day, events, bytes) values (?, ?, ?, ?)
     on conflict (user_id, day) do update set events = learner_usage.events + excluded.events, bytes = learner_usage.bytes + excluded.bytes`,
  );
  const attemptKnown = sqlite
    .prepare<[string, string, string, string], number>(
      'select 1 from quiz_attempts where user_id = ? and course_id = ? and quiz_id = ? and attempt_id = ?',
    )
    .pluck();
  const countAttempts = sqlite
    .prepare<[string, string, string], number>('select count(*) from quiz_attempts where user_id = ? and course_id = ? and quiz_id = ?')
    .pluck();
  const addAttempt = sqlite.prepare('insert into quiz_attempts (user_id, course_id, quiz_id, attempt_id) values (?, ?, ?, ?)');
  const checkIn = sqlite.prepare(
    `insert into attendance (user_id, session_id, event_id, mode, checked_at) values (?, ?, ?, ?, ?)
     on conflict (user_id, session_id) do update set event_id = excluded.event_id, mode = excluded.mode, checked_at = excluded.checked_at
     where excluded.checked_at < attendance.checked_at or (excluded.checked_at = attendance.checked_at and excluded.event_id < attendance.event_id)`,
  );

  type Job = { userId: string; events: Pending[]; day: number; done: (s: Stored) => void; fail: (e: unknown) => void };
  const store = ({ userId, events, day }: Job): Stored => {
    // The quota: the whole batch is checked first, and only when that could go over are
    // the events already stored (resent duplicates, which cost nothing) looked up.
    const used = readUsage.get(userId, day);
    const cost = (list: Pending[]) => list.reduce((n, e) => n + quotaBytes(e.row), 0);
    if (overQuota(used, events.length, cost(events))) {
      const fresh = events.filter((e) => owner.get(e.row.id) === undefined);
      if (overQuota(used, fresh.length, cost(fresh))) return { accepted: [], rejected: [], inserted: [], overQuota: true };
    }
    const first = Number(readSeq.get(userId));
    let seq = first;
    let bytes = 0;
    const accepted: string[] = [];
    const rejected: Rejection[] = [];
    const inserted: EventsTable[] = [];
    for (const { row: e, attempt, checkIn: attended } of events) {
      if (attempt) {
        const stored = owner.get(e.id);
        if (stored !== undefined) {
          if (stored === userId) accepted.push(e.id);
          else rejected.push(conflict(e.id));
          continue;
        }
        // An attempt already counted (sent again under another event id) uses no new one.
        if (!attemptKnown.get(userId, e.course_id, attempt.quizId, attempt.attemptId)) {
          if (attempt.limit > 0 && countAttempts.get(userId, e.course_id, attempt.quizId)! >= attempt.limit) {
            rejected.push(attemptsExceeded(e.id, attempt.limit));
            continue;
          }
          addAttempt.run(userId, e.course_id, attempt.quizId, attempt.attemptId);
        }
      }
      const { id, user_id, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at } = e;
      if (
        insert.run(id, user_id, seq + 1, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at)
          .changes === 1
      ) {
        seq++;
        bytes += quotaBytes(e);
        if (attended) checkIn.run(user_id, attended.sessionId, id, attended.mode, at);
        accepted.push(id);
        inserted.push({ ...e, seq });
      } else if (owner.get(e.id) === userId)
        accepted.push(e.id); // stored earlier: a duplicate
      else rejected.push(conflict(e.id));
    }
    if (seq !== first) {
      writeSeq.run(seq, userId);
      addUsage.run(userId, day, seq - first, bytes);
      for (const mark of staleMarks(inserted)) markStale.run(mark);
    }
    return { accepted, rejected, inserted };
  };
  const storeAll = sqlite.transaction((jobs: Job[]) => jobs.map(store));
  const storeOne = sqlite.transaction(store);

  const storeJobs = (jobs: Job[]) => {
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
  let queue: Job[] = [];
  const flush = () => {
    // Never inside another transaction on this connection, where it would become a
    // savepoint and acknowledge events before the outer commit.
    if (sqlite.inTransaction) return void setImmediate(flush);
    const jobs = queue;
    queue = [];
    // Synchronous, commit to disk included: the whole process waits this long.
    const started = performance.now();
    storeJobs(jobs);
    onWrite?.((performance.now() - started) / 1000);
  };
  return {
    write: (userId, events, day) =>
      new Promise<Stored>((done, fail) => {
        if (queue.push({ userId, events, day, done, fail }) === 1) setImmediate(flush);
      }),
  };
}
