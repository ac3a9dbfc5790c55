import { z } from 'zod';
import { HttpError } from '../errors.js';
import { DEFAULT_JP_TARGET, jpForYear } from '../services/jp.js';
import { courseReport, type ReportFilters, reportCsv } from '../services/report.js';
import { publicUser } from '../services/users.js';
import type { RouteContext, TypedApp } from './context.js';
import { errors, UserBody } from './schemas.js';

export function adminRoutes(app: TypedApp, { store: { db }, hooks }: RouteContext) {
  app.get(
    '/api/admin/users',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        querystring: z.object({ unit: z.string().max(200).optional() }),
        response: { 200: z.object({ users: z.array(UserBody.extend({ disabled: z.boolean() })) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      let query = db.selectFrom('users').selectAll().orderBy('unit').orderBy('name');
      if (request.query.unit) query = query.where('unit', '=', request.query.unit);
      const users = await query.execute();
      return { users: users.map((u) => ({ ...publicUser(u), disabled: u.disabled_at !== null })) };
    },
  );

  const ReportQuery = z.object({
    unit: z.string().max(200).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  });
  const filtersOf = (q: z.infer<typeof ReportQuery>): ReportFilters => ({
    ...(q.unit ? { unit: q.unit } : {}),
    ...(q.from ? { from: Date.parse(`${q.from}T00:00:00Z`) } : {}),
    // `to` is a whole day: events up to its end count.
    ...(q.to ? { to: Date.parse(`${q.to}T00:00:00Z`) + 86_400_000 } : {}),
  });
  const report = async (id: string, q: z.infer<typeof ReportQuery>) => {
    const result = await courseReport(db, id, filtersOf(q));
    if (!result) throw new HttpError(404, 'not-found', `No course "${id}".`);
    return result;
  };

  app.get(
    '/api/admin/courses/:id/report',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        params: z.object({ id: z.string().max(64) }),
        querystring: ReportQuery,
        response: { 200: z.looseObject({ courseId: z.string() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ ...(await report(request.params.id, request.query)) }),
  );

  app.get(
    '/api/admin/courses/:id/report.csv',
    {
      preHandler: hooks.requireAdmin,
      // A string payload is sent as is: the 200 schema documents it.
      schema: {
        params: z.object({ id: z.string().max(64) }),
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

  app.get(
    '/api/admin/jp',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          target: z.coerce.number().min(0).max(1000).optional(),
          unit: z.string().max(200).optional(),
        }),
        response: { 200: z.looseObject({ year: z.number(), target: z.number() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const year = request.query.year ?? new Date().getUTCFullYear();
      const target = request.query.target ?? DEFAULT_JP_TARGET;
      // Sorted by shortfall, largest first: who still needs hours this year.
      return { year, target, learners: await jpForYear(db, year, target, request.query.unit) };
    },
  );
}
