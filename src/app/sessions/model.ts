// What the learner's app decides about a session by itself, with no signal: whether check-in
// is open by the phone's clock, and what became of the check-ins it recorded.
import type { AttendanceMode, Session, SessionMode } from '../../domain/api/sessions.js';
import { checkInWindow } from '../../domain/session-window.js';
import type { LocalEvent } from '../shared/database.js';

/** "Hadir" shows while the server would take a check-in, by the phone's clock. */
export function checkInOpen(session: Session, now: number): boolean {
  if (session.cancelledAt) return false;
  const { opens, closes } = checkInWindow(session);
  return now >= opens && now <= closes;
}

/** The attendance mode a session fixes, or null when the learner says (hybrid). */
export const fixedMode = (mode: SessionMode | undefined): AttendanceMode | null => (mode === 'luring' || mode === 'daring' ? mode : null);

/** Why the server refused a check-in, as the app tells it: the reason's code and the case. */
export type Refusal = 'wrong-code' | 'other-session' | 'outside-time' | 'cancelled' | 'unknown-session' | 'other';

export type AttendanceState =
  | { kind: 'none' }
  | { kind: 'pending' }
  | { kind: 'recorded'; mode: AttendanceMode | null }
  | { kind: 'rejected'; refusal: Refusal; message: string };

/**
 * `invalid-code` covers several rules; the server's message says which (its wording lives in
 * src/server/services/sync/attendance.ts). Anything not recognised reads as a wrong code,
 * whose advice (ask for the current code, try again) fits every case.
 */
export function refusalOf(stored: string | undefined): { refusal: Refusal; message: string } {
  const at = stored?.indexOf(': ') ?? -1;
  const reason = at < 0 ? (stored ?? '') : stored!.slice(0, at);
  const message = at < 0 ? '' : stored!.slice(at + 2);
  if (reason === 'unknown-session') return { refusal: 'unknown-session', message };
  if (reason !== 'invalid-code') return { refusal: 'other', message: message || reason };
  if (/cancelled/i.test(message)) return { refusal: 'cancelled', message };
  if (/another session/i.test(message)) return { refusal: 'other-session', message };
  if (/minutes before it starts/i.test(message)) return { refusal: 'outside-time', message };
  return { refusal: 'wrong-code', message };
}

/**
 * One session's attendance as this device knows it: recorded once the server accepted any
 * check-in (from this device or another), waiting while one is unsent, and otherwise the
 * newest refusal, so a learner who tried again after one sees only what is still true.
 */
export function attendanceOf(events: LocalEvent[], sessionId: string): AttendanceState {
  const mine = events.filter((e) => e.type === 'attendance.checked-in' && e.data.sessionId === sessionId);
  const synced = mine.find((e) => e.status === 'synced');
  if (synced) return { kind: 'recorded', mode: (synced.data.mode as AttendanceMode | undefined) ?? null };
  if (mine.some((e) => e.status === 'pending')) return { kind: 'pending' };
  const newest = mine.filter((e) => e.status === 'rejected').sort((a, b) => b.at.localeCompare(a.at))[0];
  return newest ? { kind: 'rejected', ...refusalOf(newest.reason) } : { kind: 'none' };
}
