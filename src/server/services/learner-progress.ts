// One learner's progress in one course, folded from their events at the moment it is asked
// (the kept progress of services/progress.ts serves the reports instead).
import type { Kysely } from 'kysely';
import { foldProgress, type Progress } from '../../domain/progress.js';
import type { Database } from '../db/schema.js';
import { isEnrolled } from './content.js';
import { currentFacts } from './course-versions.js';
import { foldEventOf, STORED_EVENT_COLUMNS } from './events.js';

/**
 * The course's current version and the progress in it; undefined when the learner is not
 * enrolled or the course has no published version.
 */
export async function learnerProgress(
  db: Kysely<Database>,
  userId: string,
  courseId: string,
): Promise<{ version: number; progress: Progress } | undefined> {
  const facts = (await isEnrolled(db, userId, courseId)) ? await currentFacts(db, courseId) : null;
  if (!facts) return undefined;
  const rows = await db
    .selectFrom('events')
    .select(STORED_EVENT_COLUMNS)
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .execute();
  return { version: facts.version, progress: foldProgress(facts.outline, rows.map(foldEventOf)) };
}
