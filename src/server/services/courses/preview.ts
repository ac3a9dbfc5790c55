// What an upload would change, for the admin to read before publishing: the outline, its
// size, and each lesson against the version learners have now.
import type { Kysely } from 'kysely';
import type { CourseUploadAnswer, LessonChange } from '../../../domain/api/course-upload.js';
import type { CoursePackage, LessonPackage } from '../../../domain/course.js';
import type { Database } from '../../db/schema.js';
import type { LoadedCourse } from './load.js';

const sameLesson = (a: LessonPackage, b: LessonPackage) => a.title === b.title && a.minutes === b.minutes && a.html === b.html;

export async function previewCourse(
  db: Kysely<Database>,
  course: LoadedCourse,
): Promise<Pick<CourseUploadAnswer, 'course' | 'changes'> & { course: NonNullable<CourseUploadAnswer['course']> }> {
  const pkg = course.package;
  const row = await db
    .selectFrom('courses')
    .innerJoin('course_versions', (j) =>
      j.onRef('course_versions.course_id', '=', 'courses.id').onRef('course_versions.version', '=', 'courses.current_version'),
    )
    .select(['course_versions.version', 'course_versions.package_json'])
    .where('courses.id', '=', pkg.id)
    .executeTakeFirst();
  const published = new Map<string, LessonPackage>();
  if (row) for (const m of (JSON.parse(row.package_json) as CoursePackage).modules) for (const l of m.lessons) published.set(l.id, l);

  const changes = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  const seen = new Set<string>();
  const outline = pkg.modules.map((m) => ({
    id: m.id,
    title: m.title,
    lessons: m.lessons.map((l) => {
      seen.add(l.id);
      const before = published.get(l.id);
      const change: LessonChange = !before ? 'added' : sameLesson(before, l) ? 'same' : 'changed';
      if (change !== 'same') changes[change].push(l.id);
      return { id: l.id, title: l.title, minutes: l.minutes, html: l.html, change };
    }),
  }));
  for (const id of published.keys()) if (!seen.has(id)) changes.removed.push(id);
  return {
    course: {
      id: pkg.id,
      version: pkg.version,
      title: pkg.title,
      modules: pkg.modules.length,
      lessons: outline.reduce((n, m) => n + m.lessons.length, 0),
      sizeBytes: course.downloadBytes,
      publishedVersion: row?.version ?? null,
      outline,
    },
    changes,
  };
}
