// Enrolling learners in a published course: everyone, a unit, or a list of NIPs.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EnrolAnswer, EnrolBody } from '../../../../domain/api/admin.js';
import { errors } from '../../../../domain/api/errors.js';
import { HttpError } from '../../../errors.js';
import { courseExists } from '../../../services/catalog.js';
import { enrol } from '../../../services/enrolments.js';
import type { ApiOptions } from '../options.js';

export const adminEnrolmentRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.post(
    '/enrol',
    {
      schema: {
        body: EnrolBody,
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
      if (!(await courseExists(db, courseId))) throw new HttpError(404, 'not-found', `No course "${courseId}".`);
      return enrol(db, courseId, all ? { all } : unit !== undefined ? { unit } : { nips: nips ?? [] });
    },
  );
};
