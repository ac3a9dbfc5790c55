import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, User } from './db/schema.js';
import { HttpError } from './errors.js';
import { batched } from './services/batched.js';
import { usersForTokens } from './services/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    token: string | null;
  }
  interface FastifyContextConfig {
    /**
     * Who besides an administrator may call an /api/admin route. Unset: nobody, so a route
     * added later is admin-only until someone decides otherwise. `'own-unit'`: a coordinator
     * may read it (GET only), with its `unit` filter forced to the coordinator's own unit.
     * `'own-unit-writes'`: the same, and they may also write through it, with the body's `unit`
     * forced to theirs the same way; the route still checks that what it changes is theirs.
     */
    coordinators?: 'own-unit' | 'own-unit-writes';
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  // The scheme is case-insensitive (RFC 9110): "bearer" and "BEARER" are Bearer too.
  return /^bearer +(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/**
 * preHandler hooks. `requireSession`: a live session. `requireUser`: a live session whose
 * password is the account's own: while it is a one-time password (an import's, a reset's)
 * the token may only change it, read who it is, and log out, so whoever holds a printed
 * initial password cannot study, sync or administer as that person. `requireAdmin`: on top,
 * the admin role. `requireAdminRoute`: the admin role, or a coordinator where the route's
 * config says `coordinators: 'own-unit'` or `'own-unit-writes'` (the one place the coordinator
 * rule is enforced).
 */
export function authHooks(db: Kysely<Database>) {
  // Requests arriving together are authenticated with one query.
  const userForToken = batched((tokens: readonly string[]) => usersForTokens(db, tokens));
  const requireSession = async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearerToken(request);
    if (!token) throw new HttpError(401, 'unauthorized', 'Log in first: this needs an Authorization: Bearer token.');
    const user = await userForToken(token);
    if (!user) throw new HttpError(401, 'unauthorized', 'Your session has expired or was ended. Log in again.');
    request.user = user;
    request.token = token;
  };
  const requireUser = async (request: FastifyRequest, reply: FastifyReply) => {
    await requireSession(request, reply);
    if (request.user?.must_change_password)
      throw new HttpError(
        403,
        'password-change-required',
        'This password was good for one login: choose a new one first (POST /api/auth/password).',
      );
  };
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    await requireUser(request, reply);
    if (request.user?.role !== 'admin') throw new HttpError(403, 'forbidden', 'This needs an administrator account.');
  };
  const requireAdminRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    await requireUser(request, reply);
    const user = request.user!;
    if (user.role === 'admin') return;
    if (user.role !== 'coordinator') throw new HttpError(403, 'forbidden', 'This needs an administrator account.');
    // Read-only unless a route declares writes: a coordinator never writes anywhere else.
    const reads = request.method === 'GET' || request.method === 'HEAD';
    const allowed = request.routeOptions.config.coordinators;
    if (allowed === undefined || (!reads && allowed !== 'own-unit-writes'))
      throw new HttpError(
        403,
        'forbidden',
        "A coordinator may only read their own unit's report, learner list and JP list, and schedule their own unit's sessions.",
      );
    const query = request.query as { unit?: string };
    // Another unit is refused rather than quietly replaced, so nobody mistakes one unit's
    // figures for another's.
    if (query.unit && query.unit !== user.unit)
      throw new HttpError(403, 'forbidden', `A coordinator sees their own unit only (${user.unit}), not "${query.unit}".`);
    query.unit = user.unit;
    const body = request.body as { unit?: string | null } | undefined;
    if (reads || !body || typeof body !== 'object') return;
    // A null unit means every unit: never a coordinator's to give.
    if ('unit' in body && body.unit !== user.unit)
      throw new HttpError(
        403,
        'forbidden',
        `A coordinator writes for their own unit only (${user.unit}), not for ${body.unit === null ? 'every unit' : `"${body.unit}"`}.`,
      );
    body.unit = user.unit;
  };
  return { requireSession, requireUser, requireAdmin, requireAdminRoute };
}
