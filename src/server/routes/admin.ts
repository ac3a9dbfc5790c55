import { z } from 'zod';
import { publicUser } from '../services/users.js';
import type { RouteContext, TypedApp } from './context.js';
import { errors, UserBody } from './schemas.js';

export function adminRoutes(app: TypedApp, { store: { db }, hooks }: RouteContext) {
  app.get(
    '/api/admin/users',
    {
      preHandler: hooks.requireAdmin,
      schema: {
        querystring: z.object({ unit: z.string().max(200).optional() }),
        response: { 200: z.object({ users: z.array(UserBody.extend({ disabled: z.boolean() })) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      let query = db.selectFrom('users').selectAll().orderBy('unit').orderBy('name');
      if (request.query.unit) query = query.where('unit', '=', request.query.unit);
      const users = await query.execute();
      return { users: users.map((u) => ({ ...publicUser(u), disabled: u.disabled_at !== null })) };
    },
  );
}
