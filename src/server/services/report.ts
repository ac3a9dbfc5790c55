// The evaluation report for BKPSDM (docs/evaluation.md), computed from synced events: the
// funnel first, then learning (pre-test vs post-test, normalized gain), JP, study time
// and the reaction survey, for the whole course and per work unit.
import type { Kysely } from 'kysely';
import { groupNip } from '../../domain/nip.js';
import {
  figuresByUnit,
  figuresOf,
  type LearnerRow,
  learnerOf,
  notStarted,
  type ProgressSummary,
  type Report,
  type ReportFilters,
  summarize,
} from '../../domain/report.js';
import { SUMMARY_COLUMNS, summaryOf } from '../db/progress-table.js';
import type { Database } from '../db/schema.js';
import { currentFacts, type VersionFacts } from './course-versions.js';
import { toCsv } from './csv.js';
import { eventsByLearner, STORED_EVENT_COLUMNS } from './events.js';
import { refreshProgress } from './progress.js';

/**
 * The report of one course. Without a date range it reads each learner's kept progress
 * (services/progress.ts); with one, it folds just the events inside the range.
 */
export async function courseReport(db: Kysely<Database>, courseId: string, filters: ReportFilters = {}): Promise<Report | null> {
  const facts = await currentFacts(db, courseId);
  if (!facts) return null;
  const { version } = facts;
  let users = db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .select(['users.id', 'users.nip', 'users.name', 'users.unit', 'users.position'])
    .where('enrolments.course_id', '=', courseId);
  if (filters.unit) users = users.where('users.unit', '=', filters.unit);
  const enrolled = await users.orderBy('users.unit').orderBy('users.name').execute();
  // Kept progress is read below, and the folds that bring it up to date issue certificates.
  await refreshProgress(db, { courseId });
  const summaries =
    filters.from === undefined && filters.to === undefined
      ? await keptSummaries(db, facts, filters.unit)
      : await summariesInRange(db, facts, filters);
  const certified = await certifiedLearners(db, courseId, filters);

  const learners = enrolled.map((u) =>
    learnerOf(u, summaries.get(u.id) ?? notStarted(facts.outline.lessonIds.length), facts.jp, certified.has(u.id)),
  );
  const questions = facts.surveyQuestions;
  return {
    courseId,
    version,
    title: facts.title,
    jp: facts.jp,
    category: facts.category,
    filters,
    ...figuresOf(learners, questions),
    byUnit: figuresByUnit(learners, questions),
    learners: learners.map((l) => l.row),
  };
}

/** Each learner's kept progress. */
async function keptSummaries(db: Kysely<Database>, facts: VersionFacts, unit: string | undefined): Promise<Map<string, ProgressSummary>> {
  let query = db
    .selectFrom('progress')
    .select(['progress.user_id', ...SUMMARY_COLUMNS.map((c) => `progress.${c}` as const)])
    .where('progress.course_id', '=', facts.courseId);
  if (unit) query = query.innerJoin('users', 'users.id', 'progress.user_id').where('users.unit', '=', unit);
  const summaries = new Map<string, ProgressSummary>();
  for (const row of await query.execute()) summaries.set(row.user_id, summaryOf(row));
  return summaries;
}

/** Each learner's progress from their events inside the date range only. */
async function summariesInRange(db: Kysely<Database>, facts: VersionFacts, filters: ReportFilters): Promise<Map<string, ProgressSummary>> {
  let events = db
    .selectFrom('events')
    .select(['user_id', ...STORED_EVENT_COLUMNS])
    .where('course_id', '=', facts.courseId)
    .where('user_id', 'in', (eb) => eb.selectFrom('enrolments').select('user_id').where('course_id', '=', facts.courseId));
  if (filters.from !== undefined) events = events.where('at', '>=', filters.from);
  if (filters.to !== undefined) events = events.where('at', '<', filters.to);
  const byUser = eventsByLearner(await events.execute());
  return new Map([...byUser].map(([user, { events }]) => [user, summarize(facts, events)]));
}

/**
 * Learners holding a certificate of the course that is not revoked; with a date range, one
 * whose completion lies inside it, as the certificate dates it. The unit filter applies
 * through the report's learners.
 */
async function certifiedLearners(db: Kysely<Database>, courseId: string, filters: ReportFilters): Promise<Set<string>> {
  let query = db.selectFrom('certificates').select('user_id').where('course_id', '=', courseId).where('revoked_at', 'is', null);
  if (filters.from !== undefined) query = query.where('completed_at', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('completed_at', '<', filters.to);
  return new Set((await query.execute()).map((r) => r.user_id));
}

const CSV_COLUMNS: [keyof LearnerRow, string][] = [
  ['nip', 'NIP'],
  ['name', 'Nama'],
  ['unit', 'Unit kerja'],
  ['position', 'Jabatan'],
  ['started', 'Mulai'],
  ['lessonsDone', 'Pelajaran selesai'],
  ['pre', 'Pre-test'],
  ['post', 'Post-test'],
  ['gain', 'Gain (g)'],
  ['completedAt', 'Selesai pada'],
  ['jp', 'JP'],
];

/** One row per enrolled learner. The NIP is grouped, so it stays text with all 18 digits. */
export function reportCsv(report: Report): string {
  return toCsv(
    CSV_COLUMNS.map(([, h]) => h),
    report.learners.map((row) =>
      CSV_COLUMNS.map(([k]) => (k === 'lessonsDone' ? `${row.lessonsDone}/${row.lessonsTotal}` : k === 'nip' ? groupNip(row.nip) : row[k])),
    ),
  );
}
