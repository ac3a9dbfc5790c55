import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../../../domain/api/errors.js';
import { HealthReply } from '../../../../domain/api/health.js';
import { pingDatabase } from '../../../services/health.js';
import type { ApiOptions } from '../options.js';

export const healthRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store }) => {
  app.get('/health', { schema: { response: { 200: HealthReply, ...errors(503) } } }, async () => {
    await pingDatabase(store.db);
    return { ok: true, db: store.dialect };
  });
};
