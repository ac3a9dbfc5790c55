import { z } from 'zod';
import type { ReportFilters } from '../../domain/report.js';
import { EnrolAnswer, USER_FIELD_MAX } from '../../domain/staff.js';
import { HttpError } from '../errors.js';
import { enrol } from '../services/enrolments.js';
import { DEFAULT_JP_TARGET, jpForYear } from '../services/jp.js';
import { courseReport, reportCsv } from '../services/report.js';
import { applyUserImport, existingNips, planUserImport } from '../services/user-import.js';
import { NIP_PATTERN, publicUser } from '../services/users.js';
import type { RouteContext, TypedApp } from './context.js';
import { errors, UserBody } from './schemas.js';

export function adminRoutes(app: TypedApp, { store: { db }, hooks }: RouteContext) {
  app.get(
    '/api/admin/users',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        querystring: z.object({ unit: z.string().max(USER_FIELD_MAX).optional() }),
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
    unit: z.string().max(USER_FIELD_MAX).optional(),
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
          unit: z.string().max(USER_FIELD_MAX).optional(),
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

  // Staff import from the admin screen: a preview first (what would change, every bad row
  // with its line), then the same CSV again with apply: true. New accounts' initial
  // passwords come back once, in this response only, for the operator to hand out.
  app.post(
    '/api/admin/users/import',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        body: z.object({ csv: z.string().min(1).max(900_000), apply: z.boolean().default(false) }),
        response: { 200: z.looseObject({ applied: z.boolean() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const plan = planUserImport(request.body.csv);
      const existing = await existingNips(db, plan);
      const preview = {
        problems: plan.problems,
        create: plan.rows.filter((r) => !existing.has(r.nip)).length,
        update: plan.rows.filter((r) => existing.has(r.nip)).length,
      };
      if (!request.body.apply || plan.problems.length > 0) return { applied: false, ...preview };
      const result = await applyUserImport(db, plan);
      return { applied: true, ...preview, created: result.created, updated: result.updated, passwords: result.passwords };
    },
  );

  app.post(
    '/api/admin/enrol',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        // One object rather than a union: a union of objects drops the keys it does not know,
        // so { unit, nips } used to pass as { unit } and enrol the whole unit.
        body: z.object({
          courseId: z.string().max(64),
          all: z.literal(true).optional(),
          unit: z.string().min(1).max(USER_FIELD_MAX).optional(),
          nips: z.array(z.string().regex(NIP_PATTERN, 'must be 18 digits')).min(1).max(10_000).optional(),
        }),
        response: { 200: EnrolAnswer, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { courseId, all, unit, nips } = request.body;
      const named = [all && 'all', unit !== undefined && 'unit', nips && 'nips'].filter((k) => typeof k === 'string');
      if (named.length !== 1)
        throw new HttpError(
          400,
          'bad-request',
          named.length === 0
            ? 'Say whom to enrol: all, unit or nips.'
            : `Say whom to enrol with one of all, unit or nips, not ${named.join(' and ')} together.`,
        );
      const exists = await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst();
      if (!exists) throw new HttpError(404, 'not-found', `No course "${courseId}".`);
      return enrol(db, courseId, all ? { all } : unit !== undefined ? { unit } : { nips: nips ?? [] });
    },
  );

  // Disabling stops the account's tokens at once (every request checks it, and they are
  // revoked); its events stay in the reports. Enabling again lets the learner log in again
  // with the same password.
  app.post(
    '/api/admin/users/:nip/:action',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        params: z.object({ nip: z.string().regex(NIP_PATTERN, 'must be 18 digits'), action: z.enum(['disable', 'enable']) }),
        response: { 200: z.object({ nip: z.string(), disabled: z.boolean() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { nip, action } = request.params;
      if (action === 'disable' && nip === request.user!.nip)
        throw new HttpError(400, 'bad-request', 'You cannot disable your own account.');
      const found = await db.transaction().execute(async (trx) => {
        const user = await trx
          .updateTable('users')
          .set({ disabled_at: action === 'disable' ? Date.now() : null, updated_at: Date.now() })
          .where('nip', '=', nip)
          .returning('id')
          .executeTakeFirst();
        // The tokens die with the disabling, so enabling again means logging in again.
        if (user && action === 'disable')
          await trx
            .updateTable('sessions')
            .set({ revoked_at: Date.now() })
            .where('user_id', '=', user.id)
            .where('revoked_at', 'is', null)
            .execute();
        return !!user;
      });
      if (!found) throw new HttpError(404, 'not-found', `No account with NIP ${nip}.`);
      return { nip, disabled: action === 'disable' };
    },
  );

  app.get(
    '/api/admin/courses',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        response: {
          200: z.object({
            courses: z.array(
              z.object({
                id: z.string(),
                version: z.number(),
                title: z.string(),
                category: z.string(),
                jp: z.number(),
                enrolled: z.number(),
              }),
            ),
          }),
          ...errors(401, 403),
        },
      },
    },
    async () => {
      const rows = await db
        .selectFrom('courses')
        .innerJoin('course_versions', (j) =>
          j.onRef('course_versions.course_id', '=', 'courses.id').onRef('course_versions.version', '=', 'courses.current_version'),
        )
        .leftJoin('enrolments', 'enrolments.course_id', 'courses.id')
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
      return { courses: rows.map((r) => ({ ...r, enrolled: Number(r.enrolled) })) };
    },
  );
}
