// Course sessions (docs/sessions.md): scheduling, changing and cancelling them, and reading
// them for the admin screens and the learner's list.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CreateSessionBody, Session, UpdateSessionBody } from '../../../domain/api/sessions.js';
import { sessionTimesProblem } from '../../../domain/api/sessions.js';
import { base32Encode } from '../../../domain/totp.js';
import { type CourseSessionsTable, type Database, isoOf, type User } from '../../db/schema.js';
import { HttpError } from '../../errors.js';

export type SessionRow = Selectable<CourseSessionsTable>;

/** 160 bits, the key length RFC 4226 recommends for HMAC-SHA-1 and plenty for SHA-256. */
const SECRET_BYTES = 20;

export const sessionOf = (row: SessionRow): Session => ({
  id: row.id,
  courseId: row.course_id,
  title: row.title,
  mode: row.mode,
  startsAt: isoOf(row.starts_at),
  endsAt: isoOf(row.ends_at),
  place: row.place,
  meetingUrl: row.meeting_url,
  unit: row.unit,
  cancelledAt: isoOf(row.cancelled_at),
  updatedAt: isoOf(row.updated_at),
});

export const findSession = (db: Kysely<Database>, id: string): Promise<SessionRow | undefined> =>
  db.selectFrom('course_sessions').selectAll().where('id', '=', id).executeTakeFirst();

/** The session, or a 404 — also for a coordinator asking about another unit's, whose existence is not theirs to know. */
export async function sessionFor(db: Kysely<Database>, id: string, user: User): Promise<SessionRow> {
  const row = await findSession(db, id);
  if (!row || (user.role === 'coordinator' && row.unit !== null && row.unit !== user.unit))
    throw new HttpError(404, 'not-found', `No session "${id}".`);
  return row;
}

/**
 * The session a user may run (change, cancel, open the check-in of): any for an
 * administrator; for a coordinator one of their own unit. Another unit's is a 404 as for
 * reads; one for every unit, which they may read, is a 403.
 */
export async function managedSession(db: Kysely<Database>, id: string, user: User): Promise<SessionRow> {
  const row = await sessionFor(db, id, user);
  if (user.role !== 'admin' && row.unit !== user.unit)
    throw new HttpError(403, 'forbidden', 'Only an administrator runs a session for every unit.');
  return row;
}

export async function createSession(db: Kysely<Database>, courseId: string, body: CreateSessionBody, by: User): Promise<SessionRow> {
  const course = await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst();
  if (!course) throw new HttpError(404, 'not-found', `No course "${courseId}".`);
  const now = Date.now();
  const row: SessionRow = {
    id: randomUUID(),
    course_id: courseId,
    title: body.title,
    mode: body.mode,
    starts_at: Date.parse(body.startsAt),
    ends_at: Date.parse(body.endsAt),
    place: body.place ?? null,
    meeting_url: body.meetingUrl ?? null,
    unit: body.unit ?? null,
    secret: base32Encode(randomBytes(SECRET_BYTES)),
    created_by: by.id,
    cancelled_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('course_sessions').values(row).execute();
  return row;
}

export async function updateSession(db: Kysely<Database>, id: string, body: UpdateSessionBody, by: User): Promise<SessionRow> {
  const row = await managedSession(db, id, by);
  if (row.cancelled_at !== null) throw new HttpError(409, 'cancelled', 'This session was cancelled; schedule a new one instead.');
  const startsAt = body.startsAt ?? isoOf(row.starts_at);
  const endsAt = body.endsAt ?? isoOf(row.ends_at);
  const problem = sessionTimesProblem(startsAt, endsAt);
  if (problem) throw new HttpError(400, 'invalid-request', `endsAt: ${problem}`);
  const changes: Partial<SessionRow> = {
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.mode !== undefined ? { mode: body.mode } : {}),
    ...(body.place !== undefined ? { place: body.place } : {}),
    ...(body.meetingUrl !== undefined ? { meeting_url: body.meetingUrl } : {}),
    ...(body.unit !== undefined ? { unit: body.unit } : {}),
    starts_at: Date.parse(startsAt),
    ends_at: Date.parse(endsAt),
    updated_at: Date.now(),
  };
  await db.updateTable('course_sessions').set(changes).where('id', '=', id).execute();
  return { ...row, ...changes };
}

/** Cancelling twice keeps the first time: the learners' apps already show it. */
export async function cancelSession(db: Kysely<Database>, id: string, by: User): Promise<SessionRow> {
  const row = await managedSession(db, id, by);
  if (row.cancelled_at !== null) return row;
  const now = Date.now();
  await db.updateTable('course_sessions').set({ cancelled_at: now, updated_at: now }).where('id', '=', id).execute();
  return { ...row, cancelled_at: now, updated_at: now };
}

/**
 * A course's sessions, oldest first. `unit`: only those for that unit and for every unit
 * (a coordinator's view, or a learner's).
 */
export async function listSessions(db: Kysely<Database>, courseId: string, unit?: string): Promise<SessionRow[]> {
  let query = db.selectFrom('course_sessions').selectAll().where('course_id', '=', courseId);
  if (unit !== undefined) query = query.where((eb) => eb.or([eb('unit', 'is', null), eb('unit', '=', unit)]));
  return query.orderBy('starts_at').orderBy('id').execute();
}
