// Published courses as an admin sees them: the list with enrolment counts, and each one's
// report as JSON or as a CSV file (docs/evaluation.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AdminCourseList, Report, ReportQuery } from '../../../../domain/api/admin.js';
import { CourseId } from '../../../../domain/api/courses.js';
import { errors } from '../../../../domain/api/errors.js';
import type { ReportFilters } from '../../../../domain/report.js';
import { HttpError } from '../../../errors.js';
import { listPublishedCourses } from '../../../services/catalog.js';
import { courseReport, reportCsv } from '../../../services/report.js';
import type { ApiOptions } from '../options.js';

const filtersOf = (q: ReportQuery): ReportFilters => ({
  ...(q.unit ? { unit: q.unit } : {}),
  ...(q.from ? { from: Date.parse(`${q.from}T00:00:00Z`) } : {}),
  // `to` is a whole day: events up to its end count.
  ...(q.to ? { to: Date.parse(`${q.to}T00:00:00Z`) + 86_400_000 } : {}),
});

const CoursesQuery = z.object({ unit: ReportQuery.shape.unit });

export const adminCourseRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  const report = async (id: string, q: ReportQuery) => {
    const result = await courseReport(db, id, filtersOf(q));
    if (!result) throw new HttpError(404, 'not-found', `No course "${id}".`);
    return result;
  };

  app.get(
    '/courses/:id/report',
    {
      config: { coordinators: 'own-unit' },
      schema: {
        params: CourseId,
        querystring: ReportQuery,
        response: { 200: Report, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => report(request.params.id, request.query),
  );

  app.get(
    '/courses/:id/report.csv',
    {
      config: { coordinators: 'own-unit' },
      // A string payload is sent as is: the 200 schema documents it.
      schema: {
        params: CourseId,
        querystring: ReportQuery,
        response: { 200: z.string(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await report(request.params.id, request.query);
      reply.type('text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="laporan-${result.courseId}.csv"`);
      reply.header('cache-control', 'private, no-store');
      return reply.code(200).send(reportCsv(result));
    },
  );

  // A coordinator needs the list to choose a course's report; with `unit`, `enrolled` counts
  // that unit's learners only, so the list tells a coordinator nothing about other units.
  app.get(
    '/courses',
    {
      config: { coordinators: 'own-unit' },
      schema: { querystring: CoursesQuery, response: { 200: AdminCourseList, ...errors(400, 401, 403) } },
    },
    async (request) => ({ courses: await listPublishedCourses(db, request.query.unit) }),
  );
};
