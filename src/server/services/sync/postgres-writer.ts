import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, EventsTable } from '../../db/schema.js';
import {
  attemptsExceeded,
  checkInRows,
  conflict,
  type EventWriter,
  overQuota,
  type Pending,
  quotaBytes,
  type Rejection,
  type Stored,
} from './writer.js';

/**
 * Group writes in flight at once. While one commits, the requests arriving meanwhile gather
 * into the next; two let one group be built while the other waits on the database.
 */
const GROUPS_IN_FLIGHT = 2;

type Job = { userId: string; events: Pending[]; day: number; done: (s: Stored) => void; fail: (e: unknown) => void };
type Attempt = { user_id: string; course_id: string; quiz_id: string; attempt_id: string };

/**
 * PostgreSQL: the requests that arrive while earlier groups are being written are stored
 * together in one transaction (group commit, as on SQLite), in a fixed number of round
 * trips however many learners the group holds: each round trip is a socket write and a
 * wake-up of the server's one thread, and they, not the rows, set the cost of a request.
 *
 * The learners' rows are locked (FOR NO KEY UPDATE, in id order so that two groups never
 * wait on each other, nor on an admin's change to several accounts, which takes them in the
 * same order: db/locks.ts) while the sequence numbers are handed out and the events stored,
 * so a pull can never pass an event that commits later ("a pull never skips", docs/sync.md);
 * other instances' groups commit in parallel on other connections. Each request learns its own
 * outcome only after the commit. When a group fails, each of its requests is retried alone,
 * so one bad request does not fail its neighbours.
 */
export function postgresWriter(db: Kysely<Database>): EventWriter {
  const storeGroup = async (trx: Transaction<Database>, jobs: Job[]): Promise<Stored[]> => {
    const userIds = [...new Set(jobs.map((j) => j.userId))].sort();
    const locked = await sql<{ id: string; event_seq: string }>`
      select id, event_seq from users where id = any(${userIds}::text[]) order by id for no key update`.execute(trx);
    const seqs = new Map(locked.rows.map((r) => [r.id, Number(r.event_seq)]));

    // After the lock, in a statement of its own: a statement reads what had committed when it
    // began, so this one sees what another device of these learners stored while we waited.
    // Which ids are stored and by whom, the day's usage, and the attempts already counted at
    // the tests submitted to come back in one round trip.
    const testKey = (userId: string, courseId: string, quizId: string) => `${userId}/${courseId}/${quizId}`;
    // Per learner and test submitted to: the attempts counted, read below, then those this group adds.
    const counted = new Map<string, Set<string>>();
    const tests: [userId: string, courseId: string, quizId: string][] = [];
    for (const { userId, events } of jobs)
      for (const { row, attempt } of events) {
        const key = attempt && testKey(userId, row.course_id, attempt.quizId);
        if (!key || counted.has(key)) continue;
        counted.set(key, new Set());
        tests.push([userId, row.course_id, attempt.quizId]);
      }
    const test = (i: 0 | 1 | 2) => tests.map((t) => t[i]);
    const {
      rows: [known],
    } = await sql<{ owned: [string, string][]; usage: [string, number, string, string][]; attempts: Attempt[] }>`
      select
        (select coalesce(json_agg(json_build_array(id, user_id)), '[]') from events
          where id = any(${jobs.flatMap((j) => j.events.map((e) => e.row.id))}::text[])) as owned,
        (select coalesce(json_agg(json_build_array(u.user_id, u.day, u.events, u.bytes)), '[]') from learner_usage u
          join unnest(${jobs.map((j) => j.userId)}::text[], ${jobs.map((j) => j.day)}::integer[]) as k(user_id, day)
            on u.user_id = k.user_id and u.day = k.day) as usage,
        (select coalesce(json_agg(a), '[]') from quiz_attempts a
          join unnest(${test(0)}::text[], ${test(1)}::text[], ${test(2)}::text[]) as t(user_id, course_id, quiz_id)
            on a.user_id = t.user_id and a.course_id = t.course_id and a.quiz_id = t.quiz_id) as attempts`.execute(trx);
    // Who held each id before this group, and who will once its earlier requests are stored.
    const ownedBefore = new Map(known!.owned);
    const owners = new Map(ownedBefore);
    const usage = new Map<string, { events: number; bytes: number }>();
    for (const [userId, day, events, bytes] of known!.usage)
      usage.set(`${userId}/${day}`, { events: Number(events), bytes: Number(bytes) });
    for (const a of known!.attempts) counted.get(testKey(a.user_id, a.course_id, a.quiz_id))!.add(a.attempt_id);

    // Each request in turn, as if alone, against what the requests before it in the group
    // leave: a learner's two devices in one group number their events one after the other.
    // (A request holds each id once: services/sync drops repeats.) `fresh` holds the rows
    // this group will insert, with their places in the learners' sequences, and beside each
    // its request's day and what it costs against the quota.
    const fresh: EventsTable[] = [];
    const days: number[] = [];
    const costs: number[] = [];
    const newAttempts: (Attempt & { eventId: string })[] = [];
    const checkIns: Pending[] = [];
    const plans = jobs.map(({ userId, events, day }): { refused: Rejection[]; rows: EventsTable[] } | 'over-quota' => {
      const candidates = events.filter((e) => !owners.has(e.row.id));
      const candidateCosts = candidates.map((e) => quotaBytes(e.row));
      const usageKey = `${userId}/${day}`;
      const used = usage.get(usageKey);
      if (
        overQuota(
          used,
          candidates.length,
          candidateCosts.reduce((n, c) => n + c, 0),
        )
      )
        return 'over-quota';
      const refused: Rejection[] = [];
      const rows: EventsTable[] = [];
      let seq = seqs.get(userId)!;
      let bytes = 0;
      for (const [i, e] of candidates.entries()) {
        // Attempts over a quiz's limit are refused before they take a sequence number.
        const { attempt } = e;
        if (attempt) {
          const taken = counted.get(testKey(userId, e.row.course_id, attempt.quizId))!;
          if (!taken.has(attempt.attemptId)) {
            if (attempt.limit > 0 && taken.size >= attempt.limit) {
              refused.push(attemptsExceeded(e.row.id, attempt.limit));
              continue;
            }
            taken.add(attempt.attemptId);
            newAttempts.push({
              eventId: e.row.id,
              user_id: userId,
              course_id: e.row.course_id,
              quiz_id: attempt.quizId,
              attempt_id: attempt.attemptId,
            });
          }
        }
        owners.set(e.row.id, userId);
        const row = { ...e.row, user_id: userId, seq: ++seq };
        const cost = candidateCosts[i]!;
        rows.push(row);
        fresh.push(row);
        days.push(day);
        costs.push(cost);
        if (e.checkIn) checkIns.push({ row, checkIn: e.checkIn });
        bytes += cost;
      }
      seqs.set(userId, seq);
      usage.set(usageKey, { events: (used?.events ?? 0) + rows.length, bytes: (used?.bytes ?? 0) + bytes });
      return { refused, rows };
    });

    // The events, the learners' new sequences, the stale marks and the day's usage: one
    // statement (data-modifying CTEs over the rows actually inserted), the rows sent as one
    // array per column, with what each costs against the quota (quotaBytes) to add up the
    // inserted ones. Inserted in id order, so that two groups racing for the same ids wait in
    // the same order. Another learner's transaction may insert the same id at this moment:
    // the primary key decides, and the loser is told "conflict" rather than overwriting anything.
    const inserted = new Set<string>();
    if (fresh.length > 0) {
      const column = <K extends keyof EventsTable>(key: K) => fresh.map((e) => e[key]);
      const { rows } = await sql<{ id: string }>`
        with fresh as (
          select * from unnest(${column('id')}::text[], ${column('user_id')}::text[], ${column('seq')}::bigint[], ${column('device_id')}::text[],
                               ${column('type')}::text[], ${column('course_id')}::text[], ${column('course_version')}::integer[],
                               ${column('at')}::bigint[], ${column('data_json')}::text[], ${column('result_json')}::text[],
                               ${column('received_at')}::bigint[], ${column('device_at')}::bigint[], ${days}::integer[],
                               ${costs}::bigint[])
            as e(id, user_id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at, day, quota_bytes)
        ),
        ins as (
          insert into events (id, user_id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at)
          select id, user_id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at
          from fresh order by id
          on conflict (id) do nothing
          returning id, user_id, course_id, seq
        ),
        sequence as (
          update users set event_seq = s.seq from (select user_id, max(seq) as seq from ins group by user_id) s where users.id = s.user_id
        ),
        stale as (
          insert into progress_stale (user_id, course_id, seq)
          select user_id, course_id, max(seq) from ins group by user_id, course_id
          on conflict (user_id, course_id) do update set seq = excluded.seq
        ),
        usage as (
          insert into learner_usage (user_id, day, events, bytes)
          select ins.user_id, fresh.day, count(*), sum(fresh.quota_bytes) from ins join fresh using (id) group by ins.user_id, fresh.day
          on conflict (user_id, day) do update
            set events = learner_usage.events + excluded.events, bytes = learner_usage.bytes + excluded.bytes
        )
        select id from ins`.execute(trx);
      for (const r of rows) inserted.add(r.id);
    }

    const attemptRows = newAttempts.filter((a) => inserted.has(a.eventId)).map(({ eventId: _, ...row }) => row);
    if (attemptRows.length > 0)
      await trx
        .insertInto('quiz_attempts')
        .values(attemptRows)
        .onConflict((oc) => oc.doNothing())
        .execute();
    const attendance = checkInRows(checkIns.filter((e) => inserted.has(e.row.id)));
    if (attendance.length > 0)
      await trx
        .insertInto('attendance')
        .values(attendance)
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'session_id'])
            .doUpdateSet((eb) => ({
              event_id: eb.ref('excluded.event_id'),
              mode: eb.ref('excluded.mode'),
              checked_at: eb.ref('excluded.checked_at'),
            }))
            .where((eb) =>
              eb.or([
                eb('excluded.checked_at', '<', eb.ref('attendance.checked_at')),
                eb.and([
                  eb('excluded.checked_at', '=', eb.ref('attendance.checked_at')),
                  eb('excluded.event_id', '<', eb.ref('attendance.event_id')),
                ]),
              ]),
            ),
        )
        .execute();

    // Each request's outcome: an id is acknowledged when it is now this learner's, stored by
    // this group or before it; otherwise it is another's (or went to another's at this very
    // moment), a conflict.
    return jobs.map(({ userId, events }, i): Stored => {
      const plan = plans[i]!;
      if (plan === 'over-quota') return { accepted: [], rejected: [], inserted: [], overQuota: true };
      const refused = new Set(plan.refused.map((r) => r.id));
      const accepted: string[] = [];
      const rejected = [...plan.refused];
      for (const { row: e } of events) {
        if (refused.has(e.id)) continue;
        if ((inserted.has(e.id) ? owners.get(e.id) : ownedBefore.get(e.id)) === userId) accepted.push(e.id);
        else rejected.push(conflict(e.id));
      }
      return { accepted, rejected, inserted: plan.rows.filter((r) => inserted.has(r.id)) };
    });
  };

  const run = (jobs: Job[]) => db.transaction().execute((trx) => storeGroup(trx, jobs));
  const storeJobs = async (jobs: Job[]) => {
    let outcomes: Stored[];
    try {
      outcomes = await run(jobs);
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.fail(error);
      // One bad request must not fail its neighbours: retry each alone, one after another,
      // so that a failed group never holds more connections than it did.
      for (const job of jobs) await run([job]).then(([s]) => job.done(s!), job.fail);
      return;
    }
    for (const [i, job] of jobs.entries()) job.done(outcomes[i]!);
  };

  let queue: Job[] = [];
  let inFlight = 0;
  const flush = () => {
    if (queue.length === 0 || inFlight >= GROUPS_IN_FLIGHT) return;
    const jobs = queue;
    queue = [];
    inFlight++;
    void storeJobs(jobs).finally(() => {
      inFlight--;
      flush();
    });
  };
  return {
    write: (userId, events, day) =>
      new Promise<Stored>((done, fail) => {
        if (queue.push({ userId, events, day, done, fail }) === 1) setImmediate(flush);
      }),
  };
}
