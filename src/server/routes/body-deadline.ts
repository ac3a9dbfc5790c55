import type { preParsingAsyncHookHandler } from 'fastify';

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
