// One error shape for every failure: { error: code, message: text } (docs/sync.md).
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).headers(error.headers).send({ error: error.code, message: error.message });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const detail = error.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ');
      return reply
        .code(400)
        .send({ error: 'invalid-request', message: `The request ${error.validationContext ?? 'body'} is not valid: ${detail}` });
    }
    const status = error.statusCode ?? 500;
    // Fastify answers a body over the limit before reading it and closes the connection;
    // a client still sending (Node's fetch, a browser) then sees EPIPE instead of the 413.
    // Without `connection: close`, Node reads and discards the rest of the body (bounded by
    // the server's requestTimeout) and the client reads the answer.
    if (status === 413) reply.removeHeader('connection');
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'server-error', message: 'Something went wrong on the server. Try again later.' });
    }
    return reply.code(status).send({ error: CODES[status] ?? 'bad-request', message: error.message });
  });
}
