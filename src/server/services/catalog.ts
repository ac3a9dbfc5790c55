// Published courses as an admin sees them: whether one exists, and the list with how many
// learners each has enrolled.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const courseExists = async (db: Kysely<Database>, courseId: string) =>
  !!(await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst());

/** Each course's current version, by title; with `unit`, `enrolled` counts that unit's accounts only. */
export async function listPublishedCourses(db: Kysely<Database>, unit?: string) {
  const rows = await db
    .selectFrom('courses')
    .innerJoin('course_versions', (j) =>
      j.onRef('course_versions.course_id', '=', 'courses.id').onRef('course_versions.version', '=', 'courses.current_version'),
    )
    .leftJoin('enrolments', (j) => {
      const course = j.onRef('enrolments.course_id', '=', 'courses.id');
      return !unit
        ? course
        : course.on('enrolments.user_id', 'in', (eb) => eb.selectFrom('users').select('users.id').where('users.unit', '=', unit));
    })
    .select((eb) => [
      'courses.id',
      'course_versions.version',
      'course_versions.title',
      'course_versions.category',
      'course_versions.jp',
      eb.fn.count<number>('enrolments.user_id').as('enrolled'),
    ])
    .groupBy(['courses.id', 'course_versions.version', 'course_versions.title', 'course_versions.category', 'course_versions.jp'])
    .orderBy('course_versions.title')
    .execute();
  return rows.map((r) => ({ ...r, enrolled: Number(r.enrolled) }));
}
