// A course's sessions as its enrolled learners see them (docs/sessions.md): cancelled ones
// stay in the list, marked, so the app can show that a meeting is off.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CourseId } from '../../../../domain/api/courses.js';
import { errors } from '../../../../domain/api/errors.js';
import { SessionList } from '../../../../domain/api/sessions.js';
import { HttpError } from '../../../errors.js';
import { isEnrolled } from '../../../services/content.js';
import { listSessions, sessionOf } from '../../../services/course-sessions/store.js';
import type { ApiOptions } from '../options.js';

export const courseSessionRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db }, hooks }) => {
  app.get(
    '/courses/:id/sessions',
    { preHandler: hooks.requireUser, schema: { params: CourseId, response: { 200: SessionList, ...errors(401, 404) } } },
    async (request, reply) => {
      const user = request.user!;
      const { id } = request.params;
      // Not enrolled and not existing look the same, as for the course itself.
      if (!(await isEnrolled(db, user.id, id))) throw new HttpError(404, 'not-found', `You are not enrolled in a course "${id}".`);
      reply.header('cache-control', 'private, no-cache');
      return { sessions: (await listSessions(db, id, user.unit)).map(sessionOf) };
    },
  );
};
