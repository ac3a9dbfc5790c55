// The `progress` table (schema.ts; docs/evaluation.md#the-kept-progress-table): its columns
// listed once, and the one mapping between a row and a learner's summary for the report.
import type { Insertable, Selectable } from 'kysely';
import type { ProgressSummary } from '../../domain/report.js';
import { isoOf, type ProgressTable } from './schema.js';

/**
 * Every column, by what it holds: the key, the fold's bookkeeping, or the summary itself.
 * `satisfies` makes the compiler refuse a column missing here or named twice.
 */
const COLUMNS = {
  user_id: 'key',
  course_id: 'key',
  course_version: 'fold',
  folded_seq: 'fold',
  started_at: 'summary',
  lessons_done: 'summary',
  lessons_total: 'summary',
  pre_score: 'summary',
  post_score: 'summary',
  post_attempts: 'summary',
  post_passed: 'summary',
  completed_at: 'summary',
  study_seconds: 'summary',
  survey_json: 'summary',
  updated_at: 'fold',
} as const satisfies Record<keyof ProgressTable, 'key' | 'fold' | 'summary'>;

type Kind = (typeof COLUMNS)[keyof typeof COLUMNS];
type ColumnOf<K extends Kind> = { [C in keyof typeof COLUMNS]: (typeof COLUMNS)[C] extends K ? C : never }[keyof typeof COLUMNS];
const columnsOf = <K extends Kind>(...kinds: K[]) =>
  (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((c) => (kinds as Kind[]).includes(COLUMNS[c])) as ColumnOf<K>[];

/** One row per learner and course. */
export const PROGRESS_KEY = columnsOf('key');
/** What a newer fold replaces in a learner's row: everything but the key. */
export const REFOLDED_COLUMNS = columnsOf('fold', 'summary');
/** What the report reads back. */
export const SUMMARY_COLUMNS = columnsOf('summary');

export type ProgressRow = Selectable<ProgressTable>;
export type SummaryRow = Pick<ProgressRow, ColumnOf<'summary'>>;

/** A learner's row after a fold of their events up to `foldedSeq` against `courseVersion`. */
export function rowOf(
  s: ProgressSummary,
  fold: { userId: string; courseId: string; courseVersion: number; foldedSeq: number },
  now: number,
): Insertable<ProgressTable> {
  return {
    user_id: fold.userId,
    course_id: fold.courseId,
    course_version: fold.courseVersion,
    folded_seq: fold.foldedSeq,
    started_at: s.startedAt ?? now,
    lessons_done: s.lessonsDone,
    lessons_total: s.lessonsTotal,
    pre_score: s.pre,
    post_score: s.post,
    post_attempts: s.postAttempts,
    post_passed: s.postPassed ? 1 : 0,
    completed_at: s.completedAt ? Date.parse(s.completedAt) : null,
    study_seconds: s.studySeconds,
    survey_json: s.survey ? JSON.stringify(s.survey) : null,
    updated_at: now,
  };
}

/** The summary a row was written from. */
export function summaryOf(row: SummaryRow): ProgressSummary {
  return {
    startedAt: Number(row.started_at),
    lessonsDone: row.lessons_done,
    lessonsTotal: row.lessons_total,
    pre: row.pre_score,
    post: row.post_score,
    postAttempts: row.post_attempts,
    postPassed: row.post_passed === 1,
    complete: row.completed_at !== null,
    completedAt: isoOf(row.completed_at),
    studySeconds: Number(row.study_seconds),
    survey: row.survey_json ? JSON.parse(row.survey_json) : null,
  };
}
