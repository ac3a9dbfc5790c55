import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from '../../../services/health.js';
import { errors } from '../../schemas.js';
import type { ApiOptions } from '../options.js';

export const healthRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store }) => {
  app.get(
    '/health',
    { schema: { response: { 200: z.object({ ok: z.boolean(), db: z.enum(['sqlite', 'postgres']) }), ...errors(503) } } },
    async () => {
      await pingDatabase(store.db);
      return { ok: true, db: store.dialect };
    },
  );
};
