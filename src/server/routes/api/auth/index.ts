// Logging in and out, choosing one's own password, and who the token belongs to
// (docs/security.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginBody, LoginReply, MeReply, Ok, PasswordChangeBody } from '../../../../domain/api/auth.js';
import { errors } from '../../../../domain/api/errors.js';
import { HttpError } from '../../../errors.js';
import { holdsDeviceKey } from '../../../services/device-keys.js';
import { AddressLimiter, accountLockedFor, recordAccountFailure } from '../../../services/login-limits.js';
import { completeLogin } from '../../../services/logins.js';
import { dummyHash, newPasswordProblem, verifyPassword } from '../../../services/passwords.js';
import { revokeSession } from '../../../services/sessions.js';
import { findUserByNip, publicUser, setOwnPassword } from '../../../services/users.js';
import type { ApiOptions } from '../options.js';

const retryAfter = (ms: number) => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

const accountLocked = (ms: number) =>
  new HttpError(429, 'too-many-attempts', 'Too many wrong passwords for this NIP. Wait a while and try again.', retryAfter(ms));

const PASSWORD_PROBLEMS = {
  'password-too-short': 'The new password needs at least 8 characters.',
  'password-is-nip': 'The new password must not be the NIP.',
} as const;

export const authRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store, hooks, metrics }) => {
  const { db } = store;
  const addressLimiter = new AddressLimiter(db);
  app.post('/auth/login', { schema: { body: LoginBody, response: { 200: LoginReply, ...errors(400, 401, 429) } } }, async (request) => {
    const { nip, password, deviceKey } = request.body;
    const user = await findUserByNip(db, nip);
    // A device that has logged in to this account before is its owner's as far as limits
    // go: nobody else's failures lock it out, and its own typos lock out nobody.
    const trusted = !!user && (await holdsDeviceKey(db, user.id, deviceKey));
    if (!trusted) {
      // Both refusals come before the hash, so a flood of guesses costs no CPU.
      const addressBlockedFor = await addressLimiter.blockedFor(request.ip);
      if (addressBlockedFor > 0) {
        metrics.login('limited');
        throw new HttpError(
          429,
          'too-many-attempts',
          'Too many failed logins from this network. Wait a few minutes and try again.',
          retryAfter(addressBlockedFor),
        );
      }
      const lockedFor = await accountLockedFor(db, nip);
      if (lockedFor > 0) {
        metrics.login('locked');
        throw accountLocked(lockedFor);
      }
    }

    const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
    if (!user || !ok || user.disabled_at !== null) {
      if (!trusted) {
        await recordAccountFailure(db, nip);
        await addressLimiter.recordFailure(request.ip);
      }
      metrics.login('failed');
      throw new HttpError(401, 'wrong-credentials', 'The NIP or password is wrong.');
    }
    const { token, expiresAt, key } = await completeLogin(store, { userId: user.id, nip, trusted, deviceKey });
    metrics.login('ok');
    return { token, expiresAt, user: publicUser(user), deviceKey: key, mustChangePassword: user.must_change_password === 1 };
  });

  // Sets a password the owner chose; required after logging in with a one-time password.
  app.post(
    '/auth/password',
    {
      preHandler: hooks.requireSession,
      schema: { body: PasswordChangeBody, response: { 200: Ok, ...errors(400, 401, 429) } },
    },
    async (request) => {
      const user = request.user!;
      const { current, next } = request.body;
      const problem = newPasswordProblem(user.nip, next);
      if (problem) throw new HttpError(400, problem, PASSWORD_PROBLEMS[problem]);
      if (next === current) throw new HttpError(400, 'password-unchanged', 'The new password must differ from the current one.');
      // Guessing the current password with a borrowed session is guessing a password too.
      const lockedFor = await accountLockedFor(db, user.nip);
      if (lockedFor > 0) throw accountLocked(lockedFor);
      if (!(await verifyPassword(user.password_hash, current))) {
        await recordAccountFailure(db, user.nip);
        throw new HttpError(400, 'wrong-password', 'The current password is wrong.');
      }
      await setOwnPassword(db, user.id, next);
      return { ok: true as const };
    },
  );

  app.post('/auth/logout', { preHandler: hooks.requireSession, schema: { response: { 200: Ok, ...errors(401) } } }, async (request) => {
    await revokeSession(db, request.token ?? '');
    return { ok: true as const };
  });

  app.get(
    '/me',
    {
      preHandler: hooks.requireSession,
      schema: { response: { 200: MeReply, ...errors(401) } },
    },
    async (request) => ({ user: publicUser(request.user!), mustChangePassword: request.user!.must_change_password === 1 }),
  );
};
