// Stored events as the rest of the server reads them: which columns, and the fold's view.
import type { Selectable } from 'kysely';
import type { FoldEvent } from '../../domain/progress.js';
import type { QuizResult } from '../../domain/scoring.js';
import type { EventsTable } from '../db/schema.js';

/** What of a stored event is pulled or folded. */
export const STORED_EVENT_COLUMNS = ['id', 'seq', 'type', 'course_id', 'course_version', 'at', 'data_json', 'result_json'] as const;
export type StoredEvent = Pick<Selectable<EventsTable>, (typeof STORED_EVENT_COLUMNS)[number]>;

/** A stored event as the fold reads it. */
export const foldEventOf = (r: StoredEvent): FoldEvent => ({
  id: r.id,
  type: r.type,
  courseVersion: Number(r.course_version),
  at: new Date(Number(r.at)).toISOString(),
  data: JSON.parse(r.data_json),
  result: r.result_json ? (JSON.parse(r.result_json) as QuizResult) : null,
});
