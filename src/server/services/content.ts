// What learners read: their enrolled courses, course packages and assets.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function listCoursesFor(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('courses', 'courses.id', 'enrolments.course_id')
    .innerJoin('course_versions', (j) =>
      j.onRef('course_versions.course_id', '=', 'courses.id').onRef('course_versions.version', '=', 'courses.current_version'),
    )
    .select([
      'courses.id',
      'course_versions.version',
      'course_versions.title',
      'course_versions.summary',
      'course_versions.category',
      'course_versions.jp',
      'course_versions.download_bytes',
      'course_versions.package_json',
    ])
    .where('enrolments.user_id', '=', userId)
    .orderBy('course_versions.title')
    .execute();
  return rows.map((r) => {
    const modules = (JSON.parse(r.package_json) as { modules: { lessons: unknown[] }[] }).modules;
    return {
      id: r.id,
      version: r.version,
      title: r.title,
      summary: r.summary,
      category: r.category,
      jp: r.jp,
      modules: modules.length,
      lessons: modules.reduce((n, m) => n + m.lessons.length, 0),
      downloadBytes: r.download_bytes,
    };
  });
}

export const isEnrolled = async (db: Kysely<Database>, userId: string, courseId: string) =>
  !!(await db
    .selectFrom('enrolments')
    .select('course_id')
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .executeTakeFirst());

/** The current version's package JSON, as stored (a string, served without re-encoding). */
export async function currentPackage(db: Kysely<Database>, courseId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('courses')
    .innerJoin('course_versions', (j) =>
      j.onRef('course_versions.course_id', '=', 'courses.id').onRef('course_versions.version', '=', 'courses.current_version'),
    )
    .select('course_versions.package_json')
    .where('courses.id', '=', courseId)
    .executeTakeFirst();
  return row?.package_json;
}

export const findAsset = (db: Kysely<Database>, sha256: string) =>
  db.selectFrom('assets').select(['mime', 'size', 'data']).where('sha256', '=', sha256).executeTakeFirst();
