// Yearly JP hours per learner against a target (docs/evaluation.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { JpQuery, JpYear } from '../../../../domain/api/admin.js';
import { errors } from '../../../../domain/api/errors.js';
import { jakartaYear } from '../../../../domain/certificates.js';
import { jpForYear } from '../../../services/jp.js';
import type { ApiOptions } from '../options.js';

export const adminJpRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db }, jpTarget }) => {
  app.get(
    '/jp',
    {
      config: { coordinators: 'own-unit' },
      schema: {
        querystring: JpQuery,
        response: { 200: JpYear, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const year = request.query.year ?? jakartaYear(new Date().toISOString());
      const target = request.query.target ?? jpTarget;
      // Sorted by shortfall, largest first: who still needs hours this year.
      return { year, target, learners: await jpForYear(db, year, target, request.query.unit) };
    },
  );
};
