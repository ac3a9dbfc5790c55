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
  staleMarks,
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
    // Another learner's transaction may insert the same id at this moment: the primary key
    // decides, and the loser is told "conflict" rather than overwriting anything.
    const inserted = new Set<string>();
    // A request's 500 events at most, 12 parameters each: one statement, under the protocol's 65,535.
    for (let i = 0; i < fresh.length; i += 500) {
      const rows = await trx
        .insertInto('events')
        .values(fresh.slice(i, i + 500))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
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
      // The learner's new sequence, the stale marks and the day's usage: three tables, one
      // statement (data-modifying CTEs), so one round trip.
      await trx
        .with('sequence', (db) => db.updateTable('users').set({ event_seq: seq }).where('id', '=', userId))
        .with('stale', (db) =>
          db
            .insertInto('progress_stale')
            .values(staleMarks(stored))
            .onConflict((oc) => oc.columns(['user_id', 'course_id']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq') }))),
        )
        .insertInto('learner_usage')
        .values({ user_id: userId, day, events: stored.length, bytes: stored.reduce((n, e) => n + quotaBytes(e), 0) })
        .onConflict((oc) =>
          oc.columns(['user_id', 'day']).doUpdateSet((eb) => ({
            events: eb('learner_usage.events', '+', eb.ref('excluded.events')),
            bytes: eb('learner_usage.bytes', '+', eb.ref('excluded.bytes')),
          })),
        )
        .execute();
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
