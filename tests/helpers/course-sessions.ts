// Course sessions for tests: a valid body to vary, and a logged-in coordinator.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.js';
import { addUser, login, type TestServer } from './server.js';

/** A session on 1 December 2026, 08:00–12:00 in Jakarta; `fields` replace any of it. */
export const sessionBody = (fields: Record<string, unknown> = {}) => ({
  title: 'Pertemuan 1',
  mode: 'hybrid',
  startsAt: '2026-12-01T01:00:00.000Z',
  endsAt: '2026-12-01T05:00:00.000Z',
  ...fields,
});

/** A coordinator of `unit`, logged in. */
export const addCoordinator = async (server: TestServer, unit: string): Promise<string> =>
  login(server, await addUser(server.db, { role: 'coordinator', unit }));

/** An attendance row as a check-in stores it, for tests about what is read from them. */
export async function recordAttendance(
  db: Kysely<Database>,
  { userId, sessionId, mode, at }: { userId: string; sessionId: string; mode: 'luring' | 'daring'; at: number },
): Promise<void> {
  await db
    .insertInto('attendance')
    .values({ user_id: userId, session_id: sessionId, event_id: randomUUID(), mode, checked_at: at })
    .execute();
}

/** An attendance.checked-in event of the sample course at `at` (ms). */
export const checkInEvent = (sessionId: string, code: string, at: number, mode: 'luring' | 'daring' = 'luring') => ({
  id: randomUUID(),
  type: 'attendance.checked-in',
  courseId: 'orientasi-pppk',
  courseVersion: 1,
  at: new Date(at).toISOString(),
  data: { sessionId, code, mode },
});
