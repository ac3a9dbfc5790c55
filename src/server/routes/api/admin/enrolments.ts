// Enrolling learners in a published course: everyone, a unit, or a list of NIPs.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Nip } from '../../../../domain/api/users.js';
import { EnrolAnswer, USER_FIELD_MAX } from '../../../../domain/staff.js';
import { HttpError } from '../../../errors.js';
import { courseExists } from '../../../services/catalog.js';
import { enrol } from '../../../services/enrolments.js';
import { errors } from '../../schemas.js';
import type { ApiOptions } from '../options.js';

export const adminEnrolmentRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.post(
    '/enrol',
    {
      schema: {
        // One object rather than a union: a union of objects drops the keys it does not know,
        // so { unit, nips } used to pass as { unit } and enrol the whole unit.
        body: z.object({
          courseId: z.string().max(64),
          all: z.literal(true).optional(),
          unit: z.string().min(1).max(USER_FIELD_MAX).optional(),
          nips: z.array(Nip).min(1).max(10_000).optional(),
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
      if (!(await courseExists(db, courseId))) throw new HttpError(404, 'not-found', `No course "${courseId}".`);
      return enrol(db, courseId, all ? { all } : unit !== undefined ? { unit } : { nips: nips ?? [] });
    },
  );
};
