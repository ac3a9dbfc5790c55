// GET /metrics for Prometheus (docs/operations.md, "Metrics"). Outside /api and its session
// hooks: the scraper holds METRICS_TOKEN, not a session.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../domain/api/errors.js';
import { bearerToken } from '../auth-hooks.js';
import { HttpError } from '../errors.js';
import type { Metrics } from '../services/metrics.js';

export interface MetricsOptions {
  metrics: Metrics;
  /** Unset, the path answers as if nothing were there. */
  token: string | undefined;
}

// Digests have one length whatever was sent, so the comparison's time tells nothing,
// not even the token's length.
const digest = (text: string) => createHash('sha256').update(text).digest();

export const metricsRoutes: FastifyPluginAsyncZod<MetricsOptions> = async (app, { metrics, token }) => {
  const expected = token === undefined ? undefined : digest(token);
  app.get(
    '/metrics',
    // A string payload is sent as is: the 200 schema documents it.
    { schema: { response: { 200: z.string(), ...errors(401, 404) } } },
    async (request, reply) => {
      // The same answer as an unknown path, so a scan learns nothing from it.
      if (!expected) throw new HttpError(404, 'not-found', `Nothing at ${request.method} /metrics.`);
      if (!timingSafeEqual(digest(bearerToken(request) ?? ''), expected))
        throw new HttpError(401, 'unauthorized', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.', {
          'www-authenticate': 'Bearer',
        });
      reply.type(metrics.registry.contentType).header('cache-control', 'no-store');
      return reply.send(await metrics.registry.metrics());
    },
  );
};
