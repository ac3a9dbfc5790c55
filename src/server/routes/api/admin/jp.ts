// Yearly JP hours per learner against a target (docs/evaluation.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { USER_FIELD_MAX } from '../../../../domain/staff.js';
import { jpForYear } from '../../../services/jp.js';
import { errors } from '../../schemas.js';
import type { ApiOptions } from '../options.js';

export const adminJpRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db }, jpTarget }) => {
  app.get(
    '/jp',
    {
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
      const target = request.query.target ?? jpTarget;
      // Sorted by shortfall, largest first: who still needs hours this year.
      return { year, target, learners: await jpForYear(db, year, target, request.query.unit) };
    },
  );
};
