// POST /api/sync, protocol v1. The numbered steps follow DESIGN §3.
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { LearnerEvent } from '../../domain/events.js';
import { type QuizResult, scoreQuiz } from '../../domain/scoring.js';
import type { Dialect } from '../db/database.js';
import type { Database, User } from '../db/schema.js';
import { versionFacts } from './course-versions.js';
import type { CursorCodec } from './cursor.js';

export const MAX_EVENTS = 500;
export const PAGE_SIZE = 500;

export type RejectReason =
  | 'invalid'
  | 'unknown-course'
  | 'unknown-version'
  | 'unknown-lesson'
  | 'unknown-quiz'
  | 'unknown-survey'
  | 'not-enrolled'
  | 'conflict';

export interface Rejection {
  id: string;
  reason: RejectReason;
  message: string;
}

export interface PulledEvent {
  id: string;
  seq: number;
  type: string;
  courseId: string;
  courseVersion: number;
  at: string;
  data: unknown;
  result?: QuizResult;
}

export interface SyncOutcome {
  accepted: string[];
  rejected: Rejection[];
  events: PulledEvent[];
  cursor: string;
  more: boolean;
}

type Valid = z.infer<typeof LearnerEvent>;

interface Context {
  db: Kysely<Database>;
  cursors: CursorCodec;
  writer: EventWriter;
}

type Graded = { event: Valid; result: QuizResult | null };
type Stored = { accepted: string[]; rejected: Rejection[] };

/**
 * Stores one learner's events under a lock on the learner's row, which hands out the
 * per-learner sequence in the same transaction: a pull can never pass an event that
 * commits later (DESIGN §3, "a pull never skips").
 */
async function storeEvents(
  trx: Transaction<Database>,
  dialect: Dialect,
  userId: string,
  deviceId: string,
  valid: Graded[],
): Promise<Stored> {
  const accepted: string[] = [];
  const rejected: Rejection[] = [];
  const lock = trx.selectFrom('users').select('event_seq').where('id', '=', userId);
  const { event_seq } = await (dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirstOrThrow();
  const ids = valid.map((v) => v.event.id);
  const existing = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx
      .selectFrom('events')
      .select(['id', 'user_id'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) existing.set(r.id, r.user_id);
  }
  let seq = Number(event_seq);
  const now = Date.now();
  const fresh = [];
  for (const { event, result } of valid) {
    const owner = existing.get(event.id);
    if (owner === userId)
      accepted.push(event.id); // stored earlier: a duplicate
    else if (owner) rejected.push({ id: event.id, reason: 'conflict', message: 'this event id is already stored under another account' });
    else
      fresh.push({
        id: event.id,
        user_id: userId,
        seq: ++seq,
        device_id: deviceId,
        type: event.type,
        course_id: event.courseId,
        course_version: event.courseVersion,
        at: Date.parse(event.at),
        data_json: JSON.stringify(event.data),
        result_json: result ? JSON.stringify(result) : null,
        received_at: now,
      });
  }
  // Another learner's transaction may insert the same id at this moment: the primary key
  // decides, and the loser is told "conflict" rather than overwriting anything.
  const inserted = new Set<string>();
  for (let i = 0; i < fresh.length; i += 100) {
    const rows = await trx
      .insertInto('events')
      .values(fresh.slice(i, i + 100))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const r of rows) inserted.add(r.id);
  }
  for (const row of fresh) {
    if (inserted.has(row.id)) accepted.push(row.id);
    else rejected.push({ id: row.id, reason: 'conflict', message: 'this event id is already stored under another account' });
  }
  if (seq !== Number(event_seq)) await trx.updateTable('users').set({ event_seq: seq }).where('id', '=', userId).execute();
  return { accepted, rejected };
}

export interface EventWriter {
  write(userId: string, deviceId: string, valid: Graded[]): Promise<Stored>;
}

/**
 * PostgreSQL: one transaction per request; the row lock orders a learner's writers while
 * other learners' requests commit in parallel on other connections.
 * SQLite: one writer at a time anyway, and each commit costs about a millisecond, so the
 * requests that arrive while a transaction runs are stored together in the next one
 * (group commit). Each request still learns its own outcome only after that commit.
 */
export function eventWriter(db: Kysely<Database>, dialect: Dialect): EventWriter {
  if (dialect === 'postgres')
    return { write: (userId, deviceId, valid) => db.transaction().execute((trx) => storeEvents(trx, dialect, userId, deviceId, valid)) };

  type Job = { userId: string; deviceId: string; valid: Graded[]; done: (s: Stored) => void; fail: (e: unknown) => void };
  let queue: Job[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (queue.length > 0) {
      const jobs = queue;
      queue = [];
      const outcomes: Stored[] = [];
      try {
        await db.transaction().execute(async (trx) => {
          for (const job of jobs) outcomes.push(await storeEvents(trx, dialect, job.userId, job.deviceId, job.valid));
        });
        for (const [i, job] of jobs.entries()) job.done(outcomes[i]!);
      } catch {
        // One bad job must not fail its neighbours: retry each alone.
        for (const job of jobs)
          await db
            .transaction()
            .execute((trx) => storeEvents(trx, dialect, job.userId, job.deviceId, job.valid))
            .then(job.done, job.fail);
      }
    }
    flushing = false;
  };
  return {
    write: (userId, deviceId, valid) =>
      new Promise<Stored>((done, fail) => {
        queue.push({ userId, deviceId, valid, done, fail });
        if (!flushing) void flush();
      }),
  };
}

export async function sync(
  { db, cursors, writer }: Context,
  user: User,
  request: { deviceId: string; cursor: string | null; events: unknown[] },
): Promise<SyncOutcome> {
  // 1. The cursor is checked first: a forged one fails the request before anything is stored.
  const after = cursors.decode(user.id, request.cursor);

  // 2. Each event is validated on its own; one bad event does not hold back the rest.
  const rejected: Rejection[] = [];
  const valid: Graded[] = [];
  const seen = new Set<string>();
  const enrolled = new Set(
    (await db.selectFrom('enrolments').select('course_id').where('user_id', '=', user.id).execute()).map((e) => e.course_id),
  );
  const courseExists = new Map<string, Promise<boolean>>();
  for (const raw of request.events) {
    const parsed = LearnerEvent.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? String((raw as { id: string }).id).slice(0, 100) : '';
    if (!parsed.success) {
      rejected.push({
        id,
        reason: 'invalid',
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; '),
      });
      continue;
    }
    const event = parsed.data;
    if (seen.has(event.id)) continue; // the same event twice in one request is one event
    seen.add(event.id);
    const problem = await checkReferences(db, event, enrolled, courseExists);
    if (problem) {
      rejected.push({ id: event.id, ...problem });
      continue;
    }
    // 3. Graded against the key of the event's own course version.
    let result: QuizResult | null = null;
    if (event.type === 'quiz.submitted') {
      const facts = await versionFacts(db, event.courseId, event.courseVersion);
      result = scoreQuiz(facts!.quizzes.get(event.data.quizId)!, event.data.responses);
    }
    valid.push({ event, result });
  }

  // 4. Store (see storeEvents): ids are acknowledged only once their transaction commits.
  const accepted: string[] = [];
  if (valid.length > 0) {
    const stored = await writer.write(user.id, request.deviceId, valid);
    accepted.push(...stored.accepted);
    rejected.push(...stored.rejected);
  }
  // 5. Only now, after the commit, are the ids acknowledged (the response is built below).

  // 6. Pull: this learner's events after the cursor, in server order, one page.
  const rows = await db
    .selectFrom('events')
    .select(['id', 'seq', 'type', 'course_id', 'course_version', 'at', 'data_json', 'result_json'])
    .where('user_id', '=', user.id)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(PAGE_SIZE + 1)
    .execute();
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1)?.seq ?? after;
  return {
    accepted,
    rejected,
    events: page.map(toPulled),
    cursor: cursors.encode(user.id, Number(last)),
    more,
  };
}

export function toPulled(r: {
  id: string;
  seq: number;
  type: string;
  course_id: string;
  course_version: number;
  at: number;
  data_json: string;
  result_json: string | null;
}): PulledEvent {
  return {
    id: r.id,
    seq: Number(r.seq),
    type: r.type,
    courseId: r.course_id,
    courseVersion: r.course_version,
    at: new Date(Number(r.at)).toISOString(),
    data: JSON.parse(r.data_json),
    ...(r.result_json ? { result: JSON.parse(r.result_json) as QuizResult } : {}),
  };
}

async function checkReferences(
  db: Kysely<Database>,
  event: Valid,
  enrolled: Set<string>,
  courseExists: Map<string, Promise<boolean>>,
): Promise<Omit<Rejection, 'id'> | null> {
  if (!courseExists.has(event.courseId))
    courseExists.set(
      event.courseId,
      db
        .selectFrom('courses')
        .select('id')
        .where('id', '=', event.courseId)
        .executeTakeFirst()
        .then((r) => !!r),
    );
  if (!(await courseExists.get(event.courseId))) return { reason: 'unknown-course', message: `no course "${event.courseId}"` };
  if (!enrolled.has(event.courseId)) return { reason: 'not-enrolled', message: `you are not enrolled in "${event.courseId}"` };
  const facts = await versionFacts(db, event.courseId, event.courseVersion);
  if (!facts) return { reason: 'unknown-version', message: `"${event.courseId}" has no version ${event.courseVersion}` };
  const data = event.data as { lessonId?: string; quizId?: string; surveyId?: string };
  if (data.lessonId !== undefined && !facts.lessonIds.has(data.lessonId))
    return { reason: 'unknown-lesson', message: `version ${event.courseVersion} has no lesson "${data.lessonId}"` };
  if (data.quizId !== undefined && !facts.quizzes.has(data.quizId))
    return { reason: 'unknown-quiz', message: `version ${event.courseVersion} has no quiz "${data.quizId}"` };
  if (event.type === 'survey.submitted' && data.surveyId !== facts.surveyId)
    return { reason: 'unknown-survey', message: `version ${event.courseVersion} has no survey "${data.surveyId}"` };
  return null;
}
