import type { FastifyInstance, preParsingAsyncHookHandler } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route times its own body (a large upload judged by its rate): no fixed deadline. */
    ownBodyDeadline?: boolean;
  }
}

/** A body still arriving after this long is cut off: a trickle must not hold a connection or a slot. */
export const BODY_DEADLINE_MS = 30_000;

/**
 * A preParsing hook that cuts off a body still arriving `ms` after it began: a client that
 * sends a byte every few seconds would otherwise hold whatever it was admitted to.
 */
export function bodyDeadline(ms: number): preParsingAsyncHookHandler {
  return async (request, _reply, payload) => {
    const timer = setTimeout(() => {
      request.log.info({ ms }, 'request body too slow: connection closed');
      request.raw.destroy();
    }, ms);
    timer.unref();
    const done = () => clearTimeout(timer);
    payload.once('end', done);
    payload.once('close', done);
    payload.once('error', done);
    return payload;
  };
}

/**
 * Every route's body has BODY_DEADLINE_MS to arrive, unless the route times its own. This,
 * not the server's requestTimeout, bounds how long a body may take, so that one route (the
 * course upload) can allow minutes while the rest allow seconds.
 */
export function bodyDeadlines(app: FastifyInstance, ms = BODY_DEADLINE_MS): void {
  const deadline = bodyDeadline(ms);
  app.addHook('preParsing', async function (request, reply, payload) {
    return request.routeOptions.config?.ownBodyDeadline ? payload : deadline.call(this, request, reply, payload);
  });
}
