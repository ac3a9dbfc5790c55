// Stored events as the rest of the server reads them: which columns, the fold's view, and
// each learner's events together.
import type { Selectable } from 'kysely';
import type { FoldEvent } from '../../domain/progress.js';
import type { QuizResult } from '../../domain/scoring.js';
import { type EventsTable, isoOf } from '../db/schema.js';

/** What of a stored event is pulled or folded. */
export const STORED_EVENT_COLUMNS = ['id', 'seq', 'type', 'course_id', 'course_version', 'at', 'data_json', 'result_json'] as const;
export type StoredEvent = Pick<Selectable<EventsTable>, (typeof STORED_EVENT_COLUMNS)[number]>;

/** A stored event as the fold reads it. */
export const foldEventOf = (r: StoredEvent): FoldEvent => ({
  id: r.id,
  type: r.type,
  courseVersion: Number(r.course_version),
  at: isoOf(r.at),
  data: JSON.parse(r.data_json),
  result: r.result_json ? (JSON.parse(r.result_json) as QuizResult) : null,
});

/** Stored events grouped by learner, as the fold reads them, with each learner's newest sequence number. */
export function eventsByLearner(rows: (StoredEvent & { user_id: string })[]): Map<string, { events: FoldEvent[]; seq: number }> {
  const byUser = new Map<string, { events: FoldEvent[]; seq: number }>();
  for (const r of rows) {
    const entry = byUser.get(r.user_id) ?? { events: [], seq: 0 };
    entry.events.push(foldEventOf(r));
    entry.seq = Math.max(entry.seq, Number(r.seq));
    byUser.set(r.user_id, entry);
  }
  return byUser;
}
