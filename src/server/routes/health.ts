import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext, TypedApp } from './context.js';
import { errors } from './schemas.js';

export function healthRoutes(app: TypedApp, { store }: RouteContext) {
  app.get(
    '/api/health',
    { schema: { response: { 200: z.object({ ok: z.boolean(), db: z.enum(['sqlite', 'postgres']) }), ...errors(503) } } },
    async () => {
      await sql`select 1`.execute(store.db);
      return { ok: true, db: store.dialect };
    },
  );
}
