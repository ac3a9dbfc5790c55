// Step 2 for `attendance.checked-in` (docs/sessions.md, "Checking in"): the code must be one
// the session's facilitator screen showed around the event's corrected time, during the
// session. The messages are shown to the learner as they are, so they say what to do.
import type { Kysely } from 'kysely';
import { jakartaIso } from '../../../domain/jakarta.js';
import { CHECK_IN_MARGIN_MS } from '../../../domain/session-window.js';
import { base32Decode, codeMatches } from '../../../domain/totp.js';
import type { CourseSessionsTable, Database } from '../../db/schema.js';
import type { Rejection } from './writer.js';

type SessionFacts = Pick<CourseSessionsTable, 'id' | 'course_id' | 'starts_at' | 'ends_at' | 'cancelled_at' | 'secret'>;

/** The sessions one request asks about, each read once. */
export type SessionCache = Map<string, Promise<SessionFacts | undefined>>;

const clockOf = (ms: number) => `${jakartaIso(ms).slice(11, 16)} WIB`;

export async function checkCheckIn(
  db: Kysely<Database>,
  event: { courseId: string; data: { sessionId: string; code: string } },
  at: number,
  cache: SessionCache,
): Promise<Omit<Rejection, 'id'> | null> {
  const { sessionId, code } = event.data;
  if (!cache.has(sessionId))
    cache.set(
      sessionId,
      db
        .selectFrom('course_sessions')
        .select(['id', 'course_id', 'starts_at', 'ends_at', 'cancelled_at', 'secret'])
        .where('id', '=', sessionId)
        .executeTakeFirst(),
    );
  const session = await cache.get(sessionId);
  if (!session || session.course_id !== event.courseId)
    return { reason: 'unknown-session', message: 'This course has no such session. Scan the code shown for this session again.' };
  if (session.cancelled_at !== null)
    return { reason: 'invalid-code', message: 'This session was cancelled, so there is nothing to check in to.' };
  const startsAt = Number(session.starts_at);
  const endsAt = Number(session.ends_at);
  if (at < startsAt - CHECK_IN_MARGIN_MS || at > endsAt + CHECK_IN_MARGIN_MS)
    return {
      reason: 'invalid-code',
      message: `Check-in for this session is open from 30 minutes before it starts to 30 minutes after it ends (${clockOf(startsAt - CHECK_IN_MARGIN_MS)} to ${clockOf(endsAt + CHECK_IN_MARGIN_MS)}), and your check-in was at ${clockOf(at)}.`,
    };
  if (codeMatches(base32Decode(session.secret), code, at)) return null;
  // A learner in the wrong room (or the wrong call) is told so, rather than that the code is wrong.
  const others = await db
    .selectFrom('course_sessions')
    .select('secret')
    .where('course_id', '=', event.courseId)
    .where('id', '!=', sessionId)
    .where('starts_at', '<=', at + CHECK_IN_MARGIN_MS)
    .where('ends_at', '>=', at - CHECK_IN_MARGIN_MS)
    .execute();
  if (others.some((o) => codeMatches(base32Decode(o.secret), code, at)))
    return { reason: 'invalid-code', message: 'This code belongs to another session. Check in with the code shown for this session.' };
  return {
    reason: 'invalid-code',
    message: 'The code is wrong or has expired. Codes change every 30 seconds: check in with the code on the screen now.',
  };
}
