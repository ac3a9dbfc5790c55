// The event writers' common shape: each stores a learner's new events durably, hands out
// their sequence numbers under the learner's lock, and says which ids it may acknowledge.
import type { Store } from '../../db/database.js';
import type { EventsTable } from '../../db/schema.js';
import { postgresWriter } from './postgres-writer.js';
import { sqliteWriter } from './sqlite-writer.js';

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

/** `inserted`: the rows this write stored, with their sequence numbers, in sequence order. */
export type Stored = { accepted: string[]; rejected: Rejection[]; inserted: EventsTable[] };
/** An event ready to store: all but its place in the learner's sequence. */
export type NewEvent = Omit<EventsTable, 'seq'>;

export const conflict = (id: string): Rejection => ({
  id,
  reason: 'conflict',
  message: 'this event id is already stored under another account',
});

export interface EventWriter {
  /** Resolves only once the events are durable: then, and only then, may ids be acknowledged. */
  write(userId: string, events: NewEvent[]): Promise<Stored>;
}

/** The learner's newest stored event per course: their progress there must be folded again (services/progress.ts). */
export function staleMarks(stored: EventsTable[]): { user_id: string; course_id: string; seq: number }[] {
  const newest = new Map<string, EventsTable>();
  for (const e of stored) newest.set(e.course_id, e); // stored is in sequence order
  return [...newest.values()].map((e) => ({ user_id: e.user_id, course_id: e.course_id, seq: e.seq }));
}

export const eventWriter = (store: Store): EventWriter =>
  store.dialect === 'sqlite' ? sqliteWriter(store.sqlite) : postgresWriter(store.db);
