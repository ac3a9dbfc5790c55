// GET /api/progress: one learner's progress in one course, folded from their events now.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { foldProgress } from '../../../../domain/progress.js';
import { HttpError } from '../../../errors.js';
import { currentVersion, versionFacts } from '../../../services/course-versions.js';
import { foldEventOf, STORED_EVENT_COLUMNS } from '../../../services/events.js';
import { errors } from '../../schemas.js';
import type { ApiOptions } from '../options.js';

export const progressRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store, hooks }) => {
  app.get(
    '/progress',
    {
      preHandler: hooks.requireUser,
      schema: {
        querystring: z.object({ courseId: z.string().min(1).max(64) }),
        response: { 200: z.object({ courseId: z.string(), version: z.number(), progress: z.unknown() }), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { courseId } = request.query;
      // A course the learner is not enrolled in answers as one that does not exist, so the
      // answer does not tell which courses there are.
      const enrolled = await store.db
        .selectFrom('enrolments')
        .select('course_id')
        .where('user_id', '=', request.user!.id)
        .where('course_id', '=', courseId)
        .executeTakeFirst();
      const version = enrolled ? await currentVersion(store.db, courseId) : undefined;
      const facts = version === undefined ? null : await versionFacts(store.db, courseId, version);
      if (!facts || version === undefined) throw new HttpError(404, 'not-found', `You have no course "${courseId}".`);
      const rows = await store.db
        .selectFrom('events')
        .select(STORED_EVENT_COLUMNS)
        .where('user_id', '=', request.user!.id)
        .where('course_id', '=', courseId)
        .execute();
      return { courseId, version, progress: foldProgress(facts.outline, rows.map(foldEventOf)) };
    },
  );
};
