// While an account's password is a one-time one, its token may only change the password,
// read who it is, and log out: whoever holds a printed initial password must not study,
// sync or administer as that person until they have chosen their own. The app asks for the
// new password right after such a login, before it keeps the token, so a learner's
// ordinary session never meets this rule.
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler, RouteOptions } from 'fastify';
import { HttpError } from '../errors.js';

const ALLOWED = new Set(['POST /api/auth/password', 'GET /api/me', 'HEAD /api/me', 'POST /api/auth/logout']);

async function passwordChanged(request: FastifyRequest) {
  if (request.user?.must_change_password)
    throw new HttpError(
      403,
      'password-change-required',
      'This password was good for one login: choose a new one first (POST /api/auth/password).',
    );
}

/**
 * Appends the rule to every route declared after this call, as its last preHandler: by
 * then the route's own hooks have authenticated the request, and a request without a
 * user (the login, the health check) passes.
 */
export function enforcePasswordChange(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if ([route.method].flat().every((method) => ALLOWED.has(`${method} ${route.url}`))) return;
    const own = route.preHandler === undefined ? [] : [route.preHandler].flat();
    route.preHandler = [...own, passwordChanged as preHandlerHookHandler];
  });
}
