import type { FastifyInstance } from 'fastify';
import { malformedTextPath } from '../../domain/text.js';
import { HttpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Top-level body keys whose text the route checks item by item itself (sync's events). */
    checksTextOf?: readonly string[];
  }
}

/**
 * Every string of every request is well-formed text: a NUL or an unpaired surrogate is a
 * 400 before any handler sees it, so no database ever fails on one. A route that must
 * refuse single items rather than whole requests names those keys in `checksTextOf`.
 */
export function wellFormedText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const own = request.routeOptions.config?.checksTextOf;
    const where =
      malformedTextPath(request.body, own ? new Set(own) : undefined) ??
      malformedTextPath(request.query) ??
      malformedTextPath(request.params);
    if (where)
      throw new HttpError(400, 'invalid-text', `The request holds a NUL or an unpaired surrogate at ${where}: send well-formed text.`);
  });
}
