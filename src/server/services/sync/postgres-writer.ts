import { type Kysely, sql, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema.js';
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
 * PostgreSQL: one transaction per request. The learner's row is locked (FOR UPDATE) while
 * the sequence numbers are handed out and the events stored, so a pull can never pass an
 * event that commits later ("a pull never skips", docs/sync.md); other learners' requests
 * commit in parallel on other connections.
 */
export function postgresWriter(db: Kysely<Database>): EventWriter {
  const store = async (trx: Transaction<Database>, userId: string, events: Pending[], day: number): Promise<Stored> => {
    const { event_seq } = await trx.selectFrom('users').select('event_seq').where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
    // After the lock, in a statement of its own: a statement reads what had committed when it
    // began, so this one sees what another device of this learner stored while we waited.
    // Which ids are stored and by whom, and the day's usage, come back in one round trip:
    // under CPU pressure each round trip is a wait for the scheduler, with the lock held.
    const { owned, used_events, used_bytes } = await trx
      .selectNoFrom((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('events')
            .select(['id', 'user_id'])
            .where('id', '=', sql<string>`any(${events.map((e) => e.row.id)}::text[])`),
        ).as('owned'),
        eb.selectFrom('learner_usage').select('events').where('user_id', '=', userId).where('day', '=', day).as('used_events'),
        eb.selectFrom('learner_usage').select('bytes').where('user_id', '=', userId).where('day', '=', day).as('used_bytes'),
      ])
      .executeTakeFirstOrThrow();
    const owners = new Map(owned.map((r) => [r.id, r.user_id]));
    const candidates = events.filter((e) => !owners.has(e.row.id));
    if (
      overQuota(
        used_events === null ? undefined : { events: Number(used_events), bytes: Number(used_bytes) },
        candidates.length,
        candidates.reduce((n, e) => n + quotaBytes(e.row), 0),
      )
    )
      return { accepted: [], rejected: [], inserted: [], overQuota: true };

    // Attempts over a quiz's limit are refused before they take a sequence number.
    const rejected: Rejection[] = [];
    const attempts = new Map<string, Set<string>>();
    const attemptsOf = async (courseId: string, quizId: string) => {
      const key = `${courseId}/${quizId}`;
      let known = attempts.get(key);
      if (!known) {
        const rows = await trx
          .selectFrom('quiz_attempts')
          .select('attempt_id')
          .where('user_id', '=', userId)
          .where('course_id', '=', courseId)
          .where('quiz_id', '=', quizId)
          .execute();
        known = new Set(rows.map((r) => r.attempt_id));
        attempts.set(key, known);
      }
      return known;
    };
    const newAttempts: { eventId: string; row: { user_id: string; course_id: string; quiz_id: string; attempt_id: string } }[] = [];
    const admitted: Pending[] = [];
    for (const e of candidates) {
      const { attempt } = e;
      if (attempt) {
        const known = await attemptsOf(e.row.course_id, attempt.quizId);
        if (!known.has(attempt.attemptId)) {
          if (attempt.limit > 0 && known.size >= attempt.limit) {
            rejected.push(attemptsExceeded(e.row.id, attempt.limit));
            continue;
          }
          known.add(attempt.attemptId);
          newAttempts.push({
            eventId: e.row.id,
            row: { user_id: userId, course_id: e.row.course_id, quiz_id: attempt.quizId, attempt_id: attempt.attemptId },
          });
        }
      }
      admitted.push(e);
    }

    let seq = Number(event_seq);
    const fresh = admitted.map((e) => ({ ...e.row, seq: ++seq }));
    // The events, the learner's new sequence, the stale marks and the day's usage: one
    // statement (data-modifying CTEs over the rows actually inserted), so one round trip, and
    // the rows go as one array per column instead of 12 parameters each, with what each costs
    // against the quota (quotaBytes) to add up the inserted ones. Another learner's
    // transaction may insert the same id at this moment: the primary key decides, and the
    // loser is told "conflict" rather than overwriting anything.
    const inserted = new Set<string>();
    if (fresh.length > 0) {
      const column = <K extends keyof (typeof fresh)[number]>(key: K) => fresh.map((e) => e[key]);
      const { rows } = await sql<{ id: string }>`
        with fresh as (
          select * from unnest(${column('id')}::text[], ${column('seq')}::bigint[], ${column('device_id')}::text[], ${column('type')}::text[],
                               ${column('course_id')}::text[], ${column('course_version')}::integer[], ${column('at')}::bigint[],
                               ${column('data_json')}::text[], ${column('result_json')}::text[], ${column('received_at')}::bigint[],
                               ${column('device_at')}::bigint[], ${fresh.map(quotaBytes)}::bigint[])
            as e(id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at, quota_bytes)
        ),
        ins as (
          insert into events (id, user_id, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at)
          select id, ${userId}, seq, device_id, type, course_id, course_version, at, data_json, result_json, received_at, device_at from fresh
          on conflict (id) do nothing
          returning id, course_id, seq
        ),
        sequence as (update users set event_seq = ${seq} where id = ${userId} and exists (select 1 from ins)),
        stale as (
          insert into progress_stale (user_id, course_id, seq)
          select ${userId}, course_id, max(seq) from ins group by course_id
          on conflict (user_id, course_id) do update set seq = excluded.seq
        ),
        usage as (
          insert into learner_usage (user_id, day, events, bytes)
          select ${userId}, ${day}, count(*), sum(fresh.quota_bytes) from ins join fresh using (id) having count(*) > 0
          on conflict (user_id, day) do update
            set events = learner_usage.events + excluded.events, bytes = learner_usage.bytes + excluded.bytes
        )
        select id from ins`.execute(trx);
      for (const r of rows) inserted.add(r.id);
    }
    const refused = new Set(rejected.map((r) => r.id));
    const accepted: string[] = [];
    for (const { row: e } of events) {
      if (refused.has(e.id)) continue;
      if (inserted.has(e.id) || owners.get(e.id) === userId) accepted.push(e.id);
      else rejected.push(conflict(e.id));
    }
    const stored = fresh.filter((e) => inserted.has(e.id));
    if (stored.length > 0) {
      const counted = newAttempts.filter((a) => inserted.has(a.eventId)).map((a) => a.row);
      if (counted.length > 0)
        await trx
          .insertInto('quiz_attempts')
          .values(counted)
          .onConflict((oc) => oc.doNothing())
          .execute();
      const checkIns = checkInRows(
        userId,
        admitted.filter((e) => inserted.has(e.row.id)),
      );
      if (checkIns.length > 0)
        await trx
          .insertInto('attendance')
          .values(checkIns)
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
    }
    return { accepted, rejected, inserted: stored };
  };
  return { write: (userId, events, day) => db.transaction().execute((trx) => store(trx, userId, events, day)) };
}
