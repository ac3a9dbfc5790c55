// Yearly competency development hours (JP) per learner against a target (docs/evaluation.md):
// only `bangkom` courses count; orientation does not. A completion counts in its year in
// Asia/Jakarta, as its certificate does: finished on 31 December at 23:00 there, it is that year's.
import type { Kysely } from 'kysely';
import { jakartaYear } from '../../domain/certificates.js';
import type { JpRow } from '../../domain/report.js';
import type { Database } from '../db/schema.js';
import { courseReport } from './report.js';

export async function jpForYear(db: Kysely<Database>, year: number, target: number, unit?: string): Promise<JpRow[]> {
  let learners = db.selectFrom('users').select(['nip', 'name', 'unit', 'position']).where('role', '=', 'learner');
  if (unit) learners = learners.where('unit', '=', unit);
  const rows = new Map<string, JpRow>(
    (await learners.execute()).map((u) => [u.nip, { ...u, jp: 0, target, shortfall: target, courses: [] }]),
  );
  const courses = await db
    .selectFrom('courses')
    .innerJoin('course_versions', (j) =>
      j.onRef('course_versions.course_id', '=', 'courses.id').onRef('course_versions.version', '=', 'courses.current_version'),
    )
    .select('courses.id')
    .where('course_versions.category', '=', 'bangkom')
    .execute();
  for (const { id } of courses) {
    const report = await courseReport(db, id, unit ? { unit } : {});
    for (const learner of report?.learners ?? []) {
      const row = rows.get(learner.nip);
      if (!row || !learner.completedAt || jakartaYear(learner.completedAt) !== year) continue;
      row.jp += learner.jp;
      row.courses.push({ courseId: id, jp: learner.jp, completedAt: learner.completedAt });
    }
  }
  for (const row of rows.values()) row.shortfall = Math.max(0, row.target - row.jp);
  return [...rows.values()].sort((a, b) => b.shortfall - a.shortfall || a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name));
}
