// The admin API as the dashboard's screens meet it in unit tests: one course, learners of one
// work unit who have not started, and an empty JP list.

import type { LearnerRow } from '../../src/domain/report.js';
import { figuresByUnit, figuresOf, learnerOf, notStarted } from '../../src/domain/report.js';

export const UNIT = 'Dinas Pendidikan';

export const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A learner of UNIT who has not started the 16-lesson, 10-JP course, as the report lists them. */
export const learnerRow = (nip: string, name: string): LearnerRow =>
  learnerOf({ nip, name, unit: UNIT, position: 'Guru' }, notStarted(16), 10).row;

/**
 * Answers the dashboard's requests for a report with these filters and Agus as its one
 * learner; any other path gets `otherwise` (a 404, or the 403 a coordinator meets).
 */
export function fakeAdminApi({ filters = {}, otherwise = 404 }: { filters?: Record<string, string>; otherwise?: 403 | 404 } = {}) {
  const learners = [learnerOf({ nip: '199507202025211002', name: 'Agus Prasetyo', unit: UNIT, position: 'Guru' }, notStarted(16), 10)];
  const report = {
    courseId: 'orientasi-pppk',
    version: 1,
    title: 'Orientasi PPPK',
    jp: 10,
    category: 'bangkom',
    filters,
    ...figuresOf(learners, []),
    byUnit: figuresByUnit(learners, []),
    learners: learners.map((l) => l.row),
  };
  return (url: string): Response => {
    if (url.startsWith('/api/admin/courses/orientasi-pppk/report')) return jsonResponse(200, report);
    if (url.startsWith('/api/admin/courses'))
      return jsonResponse(200, {
        courses: [{ id: 'orientasi-pppk', version: 1, title: 'Orientasi PPPK', category: 'bangkom', jp: 10, enrolled: 1 }],
      });
    if (url.startsWith('/api/admin/users'))
      return jsonResponse(200, { users: [{ ...learners[0]!.row, id: 'a', role: 'learner', disabled: false }] });
    if (url.startsWith('/api/admin/jp')) return jsonResponse(200, { year: 2026, target: 20, learners: [] });
    return otherwise === 403
      ? jsonResponse(403, { error: 'forbidden', message: 'no' })
      : jsonResponse(404, { error: 'not_found', message: 'no' });
  };
}
