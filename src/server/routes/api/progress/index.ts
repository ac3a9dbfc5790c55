// GET /api/progress: one learner's progress in one course, folded from their events now.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../../../domain/api/errors.js';
import { ProgressQuery, ProgressReply } from '../../../../domain/api/progress.js';
import { HttpError } from '../../../errors.js';
import { learnerProgress } from '../../../services/learner-progress.js';
import type { ApiOptions } from '../options.js';

export const progressRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store, hooks }) => {
  app.get(
    '/progress',
    {
      preHandler: hooks.requireUser,
      schema: {
        querystring: ProgressQuery,
        response: { 200: ProgressReply, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { courseId } = request.query;
      // A course the learner is not enrolled in answers as one that does not exist, so the
      // answer does not tell which courses there are.
      const found = await learnerProgress(store.db, request.user!.id, courseId);
      if (!found) throw new HttpError(404, 'not-found', `You have no course "${courseId}".`);
      return { courseId, ...found };
    },
  );
};
