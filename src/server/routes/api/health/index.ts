import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { errors } from '../../schemas.js';
import type { ApiOptions } from '../options.js';

export const healthRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store }) => {
  app.get(
    '/health',
    { schema: { response: { 200: z.object({ ok: z.boolean(), db: z.enum(['sqlite', 'postgres']) }), ...errors(503) } } },
    async () => {
      await sql`select 1`.execute(store.db);
      return { ok: true, db: store.dialect };
    },
  );
};
