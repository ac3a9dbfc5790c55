import { z } from 'zod';
import { HttpError } from '../errors.js';
import { accountLockedFor, clearAccountFailures, recordAccountFailure } from '../services/login-limits.js';
import { dummyHash, verifyPassword } from '../services/passwords.js';
import { createSession, revokeSession } from '../services/sessions.js';
import { findUserByNip, publicUser } from '../services/users.js';
import type { RouteContext, TypedApp } from './context.js';
import { errors, UserBody } from './schemas.js';

const retryAfter = (ms: number) => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

export function authRoutes(app: TypedApp, { store: { db }, hooks, addressLimiter }: RouteContext) {
  app.post(
    '/api/auth/login',
    {
      schema: {
        body: z.object({ nip: z.string().trim().min(1).max(32), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.number(), user: UserBody }), ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const { nip, password } = request.body;
      const lockedFor = await accountLockedFor(db, nip);
      if (lockedFor > 0)
        throw new HttpError(
          429,
          'too-many-attempts',
          'Too many wrong passwords for this NIP. Wait a while and try again.',
          retryAfter(lockedFor),
        );

      const user = await findUserByNip(db, nip);
      const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
      if (!user || !ok || user.disabled_at !== null) {
        await recordAccountFailure(db, nip);
        addressLimiter.recordFailure(request.ip);
        const blockedFor = addressLimiter.blockedFor(request.ip);
        if (blockedFor > 0)
          throw new HttpError(
            429,
            'too-many-attempts',
            'Too many failed logins from this network. Wait a minute and try again.',
            retryAfter(blockedFor),
          );
        throw new HttpError(401, 'wrong-credentials', 'The NIP or password is wrong.');
      }
      await clearAccountFailures(db, nip);
      const { token, expiresAt } = await createSession(db, user.id);
      return { token, expiresAt, user: publicUser(user) };
    },
  );

  app.post(
    '/api/auth/logout',
    { preHandler: hooks.requireUser, schema: { response: { 200: z.object({ ok: z.literal(true) }), ...errors(401) } } },
    async (request) => {
      await revokeSession(db, request.token ?? '');
      return { ok: true as const };
    },
  );

  app.get(
    '/api/me',
    { preHandler: hooks.requireUser, schema: { response: { 200: z.object({ user: UserBody }), ...errors(401) } } },
    async (request) => ({ user: publicUser(request.user!) }),
  );
}
