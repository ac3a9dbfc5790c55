import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../../../domain/api/errors.js';
import { HealthReply } from '../../../../domain/api/health.js';
import { HttpError } from '../../../errors.js';
import { pingDatabase } from '../../../services/health.js';
import type { ApiOptions } from '../options.js';

export const healthRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store }) => {
  app.get('/health', { schema: { response: { 200: HealthReply, ...errors(503) } } }, async () => {
    try {
      await pingDatabase(store.db);
    } catch {
      // A load balancer takes 503 to mean "send nobody here for now"; a 500 reads as a bug.
      throw new HttpError(503, 'database-unavailable', 'The database does not answer.');
    }
    return { ok: true, db: store.dialect };
  });
};
