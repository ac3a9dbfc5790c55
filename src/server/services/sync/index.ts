// POST /api/sync, protocol v1. The numbered steps follow the protocol in docs/sync.md.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { LearnerEvent } from '../../../domain/events.js';
import { jakartaDay, jakartaDayStart } from '../../../domain/jakarta.js';
import { type QuizResult, scoreQuiz } from '../../../domain/scoring.js';
import { isWellFormedText, malformedTextPath } from '../../../domain/text.js';
import type { Database, EventsTable, User } from '../../db/schema.js';
import { versionFacts } from '../course-versions.js';
import type { CursorCodec } from '../cursor.js';
import { STORED_EVENT_COLUMNS } from '../events.js';
import { checkCheckIn, type SessionCache } from './attendance.js';
import { pulledJson } from './wire.js';
import type { AttemptOf, CheckInOf, EventWriter, Pending, Rejection } from './writer.js';

export { pulledJson, syncReplyJson } from './wire.js';
export { eventWriter, type Rejection, type RejectReason } from './writer.js';

export const MAX_EVENTS = 500;
export const PAGE_SIZE = 500;
/** A pull page also stops once its events pass this many bytes of JSON (at least one event). */
export const PAGE_BYTES = 1024 * 1024;

/** A device clock this far from the server's is corrected; nearer, it is trusted. */
export const MAX_SKEW_MS = 2 * 60_000;
/** An event still later than its receipt by this much, after correction, is refused. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Sinau did not exist before this: an earlier `at` is a broken clock, not history. */
export const EARLIEST_AT = Date.parse('2020-01-01T00:00:00Z');

export interface SyncRequest {
  deviceId: string;
  cursor: string | null;
  events: unknown[];
  /** The device's time when it sent the request. */
  clock?: string | undefined;
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
  /** The courses a learner is enrolled in (services/enrolments coursesOf, batched across requests). */
  enrolments: (userId: string) => Promise<Set<string> | undefined>;
}

type Graded = { event: Valid; at: number; result: QuizResult | null; attempt?: AttemptOf; checkIn?: CheckInOf };

/** The learner's day is full: nothing was stored; try again after `retryAfterMs`. */
export class QuotaExceeded extends Error {
  constructor(readonly retryAfterMs: number) {
    super('daily quota exceeded');
  }
}

/** Jakarta's date as a day number (days since 1970-01-01 there), and when the next one starts. */
function jakartaDayOf(now: number): { day: number; endsAt: number } {
  const day = jakartaDay(now);
  return { day, endsAt: jakartaDayStart(day + 1) };
}

const idOf = (raw: unknown): string => {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return '';
  // At most 100 characters of it, and only as well-formed text: the reply must be too.
  const echo = id.slice(0, 100);
  return isWellFormedText(echo) ? echo.toLowerCase() : '';
};

export async function sync(
  { db, cursors, writer, enrolments }: Context,
  user: User,
  request: SyncRequest,
  now = Date.now(),
): Promise<SyncOutcome> {
  // 1. The cursor is checked first: a forged one fails the request before anything is stored.
  const after = cursors.decode(user.id, request.cursor);

  // Phones with a wrong clock are common: when the device's clock is off by more than a
  // little, every event's time is shifted by the difference rather than trusted or refused.
  const clock = request.clock ? Date.parse(request.clock) : Number.NaN;
  const skew = Number.isFinite(clock) && Math.abs(now - clock) > MAX_SKEW_MS ? now - clock : 0;

  // 2. Each event is validated on its own; one bad event does not hold back the rest.
  const rejected: Rejection[] = [];
  const valid: Graded[] = [];
  const seen = new Set<string>();
  const enrolled = (await enrolments(user.id)) ?? new Set<string>();
  const courseExists = new Map<string, Promise<boolean>>();
  const sessions: SessionCache = new Map();
  for (const raw of request.events) {
    const badText = malformedTextPath(raw);
    if (badText) {
      rejected.push({ id: idOf(raw), reason: 'invalid', message: `${badText}: a NUL or an unpaired surrogate is not text` });
      continue;
    }
    const parsed = LearnerEvent.safeParse(raw);
    const id = idOf(raw);
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
    const at = Date.parse(event.at) + skew;
    if (at > now + MAX_FUTURE_MS || at < EARLIEST_AT) {
      const corrected = skew ? ` (${new Date(at).toISOString()} after correcting the device clock by ${Math.round(skew / 1000)} s)` : '';
      rejected.push({
        id: event.id,
        reason: 'invalid-time',
        message: `"at" ${event.at}${corrected} is ${at < EARLIEST_AT ? 'before 2020' : 'in the future'}`,
      });
      continue;
    }
    const problem = await checkReferences(db, event, enrolled, courseExists);
    if (problem) {
      rejected.push({ id: event.id, ...problem });
      continue;
    }
    // A check-in's code and time are checked against the session (docs/sessions.md), with
    // the corrected time: a phone an hour off still checks in.
    if (event.type === 'attendance.checked-in') {
      const refused = await checkCheckIn(db, event, at, sessions);
      if (refused) rejected.push({ id: event.id, ...refused });
      else valid.push({ event, at, result: null, checkIn: { sessionId: event.data.sessionId, mode: event.data.mode } });
      continue;
    }
    // 3. Graded against the key of the event's own course version. The result says how
    // many answers were right, never which: with attempts limited, the key cannot be found.
    if (event.type === 'quiz.submitted') {
      const facts = (await versionFacts(db, event.courseId, event.courseVersion))!;
      const { quizId, attemptId, responses } = event.data;
      const limit = facts.attemptLimits.get(quizId) ?? 0;
      valid.push({ event, at, result: scoreQuiz(facts.quizzes.get(quizId)!, responses), attempt: { quizId, attemptId, limit } });
    } else valid.push({ event, at, result: null });
  }

  // A resent event this learner's earlier request stored is acknowledged, whatever this
  // request would now say of it (the phone's clock set right since, so its time looks in the
  // future; a check-in code judged by that time; an enrolment removed since): a rejection
  // must mean the event will never be accepted. Looked up only when something was refused.
  const accepted: string[] = await heldAmong(db, user.id, rejected);
  if (accepted.length > 0) {
    const held = new Set(accepted);
    rejected.splice(0, rejected.length, ...rejected.filter((r) => !held.has(r.id)));
  }

  // 4. Store (see the writers): ids are acknowledged only once their transaction commits.

  let inserted: EventsTable[] = [];
  if (valid.length > 0) {
    const pending = valid.map(
      ({ event, at, result, attempt, checkIn }): Pending => ({
        row: {
          id: event.id,
          user_id: user.id,
          device_id: request.deviceId,
          type: event.type,
          course_id: event.courseId,
          course_version: event.courseVersion,
          at,
          data_json: JSON.stringify(event.data),
          result_json: result ? JSON.stringify(result) : null,
          received_at: now,
          device_at: skew ? Date.parse(event.at) : null,
        },
        ...(attempt ? { attempt } : {}),
        ...(checkIn ? { checkIn } : {}),
      }),
    );
    const { day, endsAt } = jakartaDayOf(now);
    const stored = await writer.write(user.id, pending, day);
    if (stored.overQuota) throw new QuotaExceeded(endsAt - now);
    accepted.push(...stored.accepted);
    rejected.push(...stored.rejected);
    inserted = stored.inserted;
  }
  // 5. Only now, after the commit, are the ids acknowledged (the response is built below).

  // 6. Pull: this learner's events after the cursor, in server order, one page. The rows
  // stored just now hold the sequence numbers from their first to their last, and no other
  // rows do (they were handed out under the learner's lock), so those come from memory and
  // only the rest from the database. A device whose cursor stands just before them, as one
  // that synced last usually does, needs no query at all: it has seen every row before them,
  // and no row after them existed when they committed (one stored since comes next time).
  const mine = inserted.filter((r) => r.seq > after);
  const others =
    mine[0]?.seq === after + 1
      ? []
      : await db
          .selectFrom('events')
          .select(STORED_EVENT_COLUMNS)
          .where('user_id', '=', user.id)
          .where('seq', '>', after)
          .$if(mine.length > 0, (q) => q.where((eb) => eb.not(eb.between('seq', mine[0]!.seq, mine.at(-1)!.seq))))
          .orderBy('seq')
          .limit(PAGE_SIZE + 1)
          .execute();
  const rows = mergeBySeq(others, mine).slice(0, PAGE_SIZE + 1);
  const events: string[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, PAGE_SIZE)) {
    const json = pulledJson(row);
    if (events.length > 0 && bytes + json.length > PAGE_BYTES) break;
    events.push(json);
    bytes += json.length;
  }
  const more = rows.length > events.length;
  const last = events.length > 0 ? rows[events.length - 1]!.seq : after;
  return {
    accepted,
    rejected,
    events,
    cursor: cursors.encode(user.id, Number(last)),
    more,
    stored: inserted.length,
  };
}

/** Which of the refused ids this learner's events already hold. */
async function heldAmong(db: Kysely<Database>, userId: string, rejected: Rejection[]): Promise<string[]> {
  const ids = [...new Set(rejected.map((r) => r.id).filter((id) => id !== ''))];
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('events').select('id').where('user_id', '=', userId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
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

async function checkReferences(
  db: Kysely<Database>,
  event: Valid,
  enrolled: Set<string>,
  courseExists: Map<string, Promise<boolean>>,
): Promise<Omit<Rejection, 'id'> | null> {
  // An enrolment names a course that exists (a foreign key): only a course the learner is not
  // enrolled in is looked up, to tell an unknown course from another's.
  if (!enrolled.has(event.courseId)) {
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
    return { reason: 'not-enrolled', message: `you are not enrolled in "${event.courseId}"` };
  }
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
