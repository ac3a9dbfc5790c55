// POST /api/sync, protocol v1. The numbered steps follow the protocol in docs/sync.md.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { LearnerEvent } from '../../../domain/events.js';
import { type QuizResult, scoreQuiz } from '../../../domain/scoring.js';
import type { Database, EventsTable, User } from '../../db/schema.js';
import { versionFacts } from '../course-versions.js';
import type { CursorCodec } from '../cursor.js';
import { STORED_EVENT_COLUMNS } from '../events.js';
import { pulledJson } from './wire.js';
import type { EventWriter, Rejection } from './writer.js';

export { pulledJson, syncReplyJson } from './wire.js';
export { eventWriter, type Rejection, type RejectReason } from './writer.js';

export const MAX_EVENTS = 500;
export const PAGE_SIZE = 500;

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
      device_at: null,
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
