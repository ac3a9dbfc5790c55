// POST /api/sync, protocol v1. The numbered steps follow DESIGN §3.
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import { LearnerEvent } from '../../domain/events.js';
import type { FoldEvent } from '../../domain/progress.js';
import { type QuizResult, scoreQuiz } from '../../domain/scoring.js';
import type { Store } from '../db/database.js';
import type { Database, EventsTable, User } from '../db/schema.js';
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

export interface SyncOutcome {
  accepted: string[];
  rejected: Rejection[];
  /** Each pulled event as JSON text (see pulledJson). */
  events: string[];
  cursor: string;
  more: boolean;
  /** How many events were new to the server. */
  stored: number;
}

type Valid = z.infer<typeof LearnerEvent>;

interface Context {
  db: Kysely<Database>;
  cursors: CursorCodec;
  writer: EventWriter;
}

type Graded = { event: Valid; result: QuizResult | null };
/** `inserted`: the rows this write stored, with their sequence numbers, in sequence order. */
type Stored = { accepted: string[]; rejected: Rejection[]; inserted: EventsTable[] };
/** An event ready to store: all but its place in the learner's sequence. */
export type NewEvent = Omit<EventsTable, 'seq'>;

const conflict = (id: string): Rejection => ({ id, reason: 'conflict', message: 'this event id is already stored under another account' });

export interface EventWriter {
  /** Resolves only once the events are durable: then, and only then, may ids be acknowledged. */
  write(userId: string, events: NewEvent[]): Promise<Stored>;
}

/**
 * PostgreSQL: one transaction per request. The learner's row is locked (FOR UPDATE) while
 * the sequence numbers are handed out and the events stored, so a pull can never pass an
 * event that commits later (DESIGN §3, "a pull never skips"); other learners' requests
 * commit in parallel on other connections.
 */
function postgresWriter(db: Kysely<Database>): EventWriter {
  const store = async (trx: Transaction<Database>, userId: string, events: NewEvent[]): Promise<Stored> => {
    const { event_seq } = await trx.selectFrom('users').select('event_seq').where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
    const owners = new Map<string, string>();
    for (let i = 0; i < events.length; i += 500) {
      const ids = events.slice(i, i + 500).map((e) => e.id);
      for (const r of await trx.selectFrom('events').select(['id', 'user_id']).where('id', 'in', ids).execute())
        owners.set(r.id, r.user_id);
    }
    let seq = Number(event_seq);
    const fresh = events.filter((e) => !owners.has(e.id)).map((e) => ({ ...e, seq: ++seq }));
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
    const accepted: string[] = [];
    const rejected: Rejection[] = [];
    for (const e of events) {
      if (inserted.has(e.id) || owners.get(e.id) === userId) accepted.push(e.id);
      else rejected.push(conflict(e.id));
    }
    const stored = fresh.filter((e) => inserted.has(e.id));
    if (stored.length > 0) {
      await trx.updateTable('users').set({ event_seq: seq }).where('id', '=', userId).execute();
      await trx
        .insertInto('progress_stale')
        .values(staleMarks(stored))
        .onConflict((oc) => oc.columns(['user_id', 'course_id']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq') })))
        .execute();
    }
    return { accepted, rejected, inserted: stored };
  };
  return { write: (userId, events) => db.transaction().execute((trx) => store(trx, userId, events)) };
}

/**
 * SQLite has one writer, and a commit costs far more than an insert, so the requests that
 * arrive in one turn of the event loop are stored together in one transaction (group
 * commit). Each request still learns its outcome only after that commit. The statements
 * run on the connection directly: this is the server's hottest path, and Kysely's query
 * building cost more than the inserts themselves.
 */
function sqliteWriter(sqlite: SQLiteDatabase): EventWriter {
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

/** The learner's newest stored event per course: their progress there must be folded again (services/progress.ts). */
function staleMarks(stored: EventsTable[]): { user_id: string; course_id: string; seq: number }[] {
  const newest = new Map<string, EventsTable>();
  for (const e of stored) newest.set(e.course_id, e); // stored is in sequence order
  return [...newest.values()].map((e) => ({ user_id: e.user_id, course_id: e.course_id, seq: e.seq }));
}

export const eventWriter = (store: Store): EventWriter =>
  store.dialect === 'sqlite' ? sqliteWriter(store.sqlite) : postgresWriter(store.db);

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

  // 4. Store (see the writers above): ids are acknowledged only once their transaction commits.
  const accepted: string[] = [];
  let inserted: EventsTable[] = [];
  if (valid.length > 0) {
    const now = Date.now();
    const rows = valid.map(({ event, result }) => ({
      id: event.id,
      user_id: user.id,
      device_id: request.deviceId,
      type: event.type,
      course_id: event.courseId,
      course_version: event.courseVersion,
      at: Date.parse(event.at),
      data_json: JSON.stringify(event.data),
      result_json: result ? JSON.stringify(result) : null,
      received_at: now,
    }));
    const stored = await writer.write(user.id, rows);
    accepted.push(...stored.accepted);
    rejected.push(...stored.rejected);
    inserted = stored.inserted;
  }
  // 5. Only now, after the commit, are the ids acknowledged (the response is built below).

  // 6. Pull: this learner's events after the cursor, in server order, one page. The rows
  // stored just now hold the sequence numbers from their first to their last, and no other
  // rows do (they were handed out under the learner's lock), so those come from memory and
  // only the rest from the database.
  const mine = inserted.filter((r) => r.seq > after);
  let query = db.selectFrom('events').select(STORED_EVENT_COLUMNS).where('user_id', '=', user.id).where('seq', '>', after);
  if (mine.length > 0) query = query.where((eb) => eb.not(eb.between('seq', mine[0]!.seq, mine.at(-1)!.seq)));
  const others = await query
    .orderBy('seq')
    .limit(PAGE_SIZE + 1)
    .execute();
  const rows = mergeBySeq(others, mine).slice(0, PAGE_SIZE + 1);
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1)?.seq ?? after;
  return {
    accepted,
    rejected,
    events: page.map(pulledJson),
    cursor: cursors.encode(user.id, Number(last)),
    more,
    stored: inserted.length,
  };
}

function mergeBySeq<T extends { seq: number }>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && Number(a[i]!.seq) < b[j]!.seq)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** What of a stored event is pulled or folded. */
export const STORED_EVENT_COLUMNS = ['id', 'seq', 'type', 'course_id', 'course_version', 'at', 'data_json', 'result_json'] as const;
type StoredEvent = Pick<Selectable<EventsTable>, (typeof STORED_EVENT_COLUMNS)[number]>;

/**
 * A pulled event as JSON text (DESIGN §3): `data` and `result` were stored as JSON written
 * by this server, so they are spliced in as they are instead of parsed and printed again.
 */
export function pulledJson(r: StoredEvent): string {
  const result = r.result_json ? `,"result":${r.result_json}` : '';
  return `{"id":${JSON.stringify(r.id)},"seq":${Number(r.seq)},"type":${JSON.stringify(r.type)},"courseId":${JSON.stringify(r.course_id)},"courseVersion":${Number(r.course_version)},"at":"${new Date(Number(r.at)).toISOString()}","data":${r.data_json}${result}}`;
}

/** The 200 reply of POST /api/sync as JSON text. */
export const syncReplyJson = (o: SyncOutcome): string =>
  `{"accepted":${JSON.stringify(o.accepted)},"rejected":${JSON.stringify(o.rejected)},"events":[${o.events.join(',')}],"cursor":${JSON.stringify(o.cursor)},"more":${o.more}}`;

/** A stored event as the fold reads it. */
export const foldEventOf = (r: StoredEvent): FoldEvent => ({
  id: r.id,
  type: r.type,
  courseVersion: Number(r.course_version),
  at: new Date(Number(r.at)).toISOString(),
  data: JSON.parse(r.data_json),
  result: r.result_json ? (JSON.parse(r.result_json) as QuizResult) : null,
});

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
