// A course's sessions kept on the device, per learner (a unit's sessions are not another
// unit's), so the list, the calendar file and "Hadir" work with no signal. Kept as one meta
// record per learner and course: the main bundle's database needs no new table for them.
import type { Session, SessionList } from '../../domain/api/sessions.js';
import { useSession } from '../session.js';
import { db } from '../shared/database.js';

export interface KeptSessions {
  sessions: Session[];
  fetchedAt: number;
}

export const sessionsKey = (userId: string, courseId: string) => `sessions:${userId}:${courseId}`;

export const keptSessions = async (userId: string, courseId: string): Promise<KeptSessions | null> =>
  ((await db.meta.get(sessionsKey(userId, courseId)))?.value as KeptSessions | undefined) ?? null;

/** In start order, as a timetable reads. */
export async function keepSessions(userId: string, courseId: string, list: SessionList, now = Date.now()): Promise<void> {
  const sessions = [...list.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  await db.meta.put({ key: sessionsKey(userId, courseId), value: { sessions, fetchedAt: now } satisfies KeptSessions });
}

const running = new Map<string, Promise<void>>();

/**
 * Asks the server for the course's sessions and keeps them; never throws. Offline or on a
 * server error the kept list serves; a 404 (no longer enrolled) forgets it.
 */
export function refreshSessions(courseId: string): Promise<void> {
  const { token, user } = useSession.getState();
  if (!token || !user || !navigator.onLine) return Promise.resolve();
  const key = sessionsKey(user.id, courseId);
  const known = running.get(key);
  if (known) return known;
  const run = (async () => {
    // Plain fetch, not the app's client: one import fewer that the shared chunks must export.
    const response = await fetch(`/api/courses/${encodeURIComponent(courseId)}/sessions`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    }).catch(() => null);
    if (response?.ok) await keepSessions(user.id, courseId, (await response.json()) as SessionList);
    else if (response?.status === 404) await db.meta.delete(key);
  })()
    .catch(() => undefined)
    .finally(() => running.delete(key));
  running.set(key, run);
  return run;
}
