// The event writers' common shape: each stores a learner's new events durably, hands out
// their sequence numbers under the learner's lock, and says which ids it may acknowledge.
// Under that same lock each enforces the learner's limits (quiz attempts, the daily quota),
// so two devices syncing at once cannot both slip under a limit.
import type { Rejection } from '../../../domain/api/sync.js';
import type { Store } from '../../db/database.js';
import type { AttendanceTable, EventsTable } from '../../db/schema.js';
import { postgresWriter } from './postgres-writer.js';
import { sqliteWriter } from './sqlite-writer.js';

export type { Rejection, RejectReason } from '../../../domain/api/sync.js';

/** Per learner and day (Asia/Jakarta): more is refused until the next day. */
export const DAILY_EVENTS = 20_000;
export const DAILY_BYTES = 20 * 1024 * 1024;

/**
 * `inserted`: the rows this write stored, with their sequence numbers, in sequence order.
 * `overQuota`: nothing was stored, because the learner's day is full.
 */
export type Stored = { accepted: string[]; rejected: Rejection[]; inserted: EventsTable[]; overQuota?: true };
/** An event ready to store: all but its place in the learner's sequence. */
export type NewEvent = Omit<EventsTable, 'seq'>;

/** A quiz.submitted event's attempt, and how many attempts its quiz allows (0 = unlimited). */
export interface AttemptOf {
  quizId: string;
  attemptId: string;
  limit: number;
}

/**
 * An attendance.checked-in event's session and how the learner attended, once its code is
 * checked. The writers keep one attendance per learner and session, written with the event
 * that makes it: of several check-ins the earliest (by corrected time, then event id)
 * counts, so which one that is does not depend on the order devices synced in.
 */
export interface CheckInOf {
  sessionId: string;
  mode: 'luring' | 'daring';
}

export interface Pending {
  row: NewEvent;
  attempt?: AttemptOf;
  checkIn?: CheckInOf;
}

export interface EventWriter {
  /**
   * Resolves only once the events are durable: then, and only then, may ids be
   * acknowledged. `day` is the quota's day of this write.
   */
  write(userId: string, events: Pending[], day: number): Promise<Stored>;
}

/** What an event's envelope (all but its data) costs against the daily quota. */
export const QUOTA_ENVELOPE_BYTES = 100;
/** What an event costs against the daily quota: its data's UTF-8 bytes and the envelope. */
export const quotaBytes = (row: NewEvent): number => Buffer.byteLength(row.data_json) + QUOTA_ENVELOPE_BYTES;

/** Whether storing `events` more events of `bytes` would go past the day's quota. */
export const overQuota = (used: { events: number; bytes: number } | undefined, events: number, bytes: number): boolean =>
  (used?.events ?? 0) + events > DAILY_EVENTS || (used?.bytes ?? 0) + bytes > DAILY_BYTES;

export const conflict = (id: string): Rejection => ({
  id,
  reason: 'conflict',
  message: 'this event id is already stored under another account',
});

export const attemptsExceeded = (id: string, limit: number): Rejection => ({
  id,
  reason: 'attempts-exceeded',
  message: `this test allows ${limit} attempt${limit === 1 ? '' : 's'}, and all have been used`,
});

/**
 * The attendance rows of the check-ins among `stored`, the earliest per learner and session:
 * one statement may not write the same row twice.
 */
export function checkInRows(stored: Pending[]): AttendanceTable[] {
  const earliest = new Map<string, AttendanceTable>();
  for (const { row, checkIn } of stored) {
    if (!checkIn) continue;
    const mine = { user_id: row.user_id, session_id: checkIn.sessionId, event_id: row.id, mode: checkIn.mode, checked_at: row.at };
    const key = `${row.user_id}/${checkIn.sessionId}`;
    const before = earliest.get(key);
    if (!before || mine.checked_at < before.checked_at || (mine.checked_at === before.checked_at && mine.event_id < before.event_id))
      earliest.set(key, mine);
  }
  return [...earliest.values()];
}

/** The learner's newest stored event per course: their progress there must be folded again (services/progress.ts). */
export function staleMarks(stored: EventsTable[]): { user_id: string; course_id: string; seq: number }[] {
  const newest = new Map<string, EventsTable>();
  for (const e of stored) newest.set(e.course_id, e); // stored is in sequence order
  return [...newest.values()].map((e) => ({ user_id: e.user_id, course_id: e.course_id, seq: e.seq }));
}

/** `onSqliteWrite`: told how long each SQLite group write held the process, in seconds. */
export const eventWriter = (store: Store, onSqliteWrite?: (seconds: number) => void): EventWriter =>
  store.dialect === 'sqlite' ? sqliteWriter(store.sqlite, onSqliteWrite) : postgresWriter(store.db);
