// POST /api/sync (docs/sync.md): admission first, then the events in, the changes out.
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../../../domain/api/errors.js';
import { SyncBody } from '../../../../domain/api/sync.js';
import { HttpError } from '../../../errors.js';
import { batched } from '../../../services/batched.js';
import { CursorCodec, InvalidCursor } from '../../../services/cursor.js';
import { coursesOf } from '../../../services/enrolments.js';
import { Gate } from '../../../services/gate.js';
import type { SyncRequestOutcome } from '../../../services/metrics.js';
import { serverSecret } from '../../../services/secrets.js';
import { eventWriter, MAX_EVENTS, QuotaExceeded, sync, syncReplyJson } from '../../../services/sync/index.js';
import type { ApiOptions } from '../options.js';

/**
 * Syncs one process works on at once; more wait their turn (unread, in their sockets), and
 * past the queue get 429. In the reconnect storm benchmark 32 kept the peak memory about
 * 20 MB lower than 64, with group commits still of up to 1,600 events.
 */
const MAX_CONCURRENT_SYNCS = 32;

/** A sync's outcome from its status alone, for answers the handler did not give (admission, validation, failures). */
function outcomeOf(status: number): SyncRequestOutcome {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'busy';
  if (status === 413) return 'too-large';
  return status >= 400 && status < 500 ? 'invalid' : 'error';
}

export const syncRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store, hooks, progress, metrics }) => {
  const writer = eventWriter(store, (seconds) => metrics.sqliteWrite(seconds));
  const syncGate = new Gate(MAX_CONCURRENT_SYNCS);
  const enrolments = batched((userIds: readonly string[]) => coursesOf(store.db, userIds));
  metrics.watchSyncGate(syncGate);
  // What the handler's own answers were; the rest are told by their status.
  const answered = new WeakMap<object, SyncRequestOutcome>();
  // The cursor codec, keyed by the shared server secret: read once, at the first sync.
  let codec: Promise<CursorCodec> | undefined;
  const cursors = () => {
    codec ??= serverSecret(store.db, 'sync-cursor').then((key) => new CursorCodec(key));
    return codec;
  };
  app.post(
    '/sync',
    {
      // The 200 reply (docs/sync.md) is written by syncReplyJson and leaves as bytes, unserialized.
      schema: { body: SyncBody, response: { 200: z.instanceof(Buffer), ...errors(400, 401, 413, 429) } },
      // The reply is written as JSON text by syncReplyJson and compressed here, at once, so
      // that a reconnect storm does not hold a zlib stream (a quarter megabyte each) per reply.
      // Level 1: most of a reply is random event ids, and level 6 took 50% longer to save 3%.
      compress: false,
      // Each event's text is checked on its own (services/sync), so one bad event is
      // rejected alone and the rest of its batch is stored.
      config: { checksTextOf: ['events'] },
      // Admission comes before the body is read. First the token, from the headers alone:
      // a request without a valid one is a 401 and never waits for or holds a slot. Then
      // the gate: a queued request waits in its socket's buffers rather than as parsed
      // objects on the heap.
      onRequest: [
        hooks.requireUser,
        async (request, reply) => {
          const release = await syncGate.enter();
          // A phone that gave up while queued has closed already: its 'close' will not come
          // again, so its place is given back now rather than lost for good.
          if (reply.raw.closed || reply.raw.destroyed || request.raw.destroyed) release();
          else reply.raw.once('close', release);
        },
      ],
      // A phone that gives up before its answer is not counted: there was no answer.
      onResponse: async (request, reply) =>
        metrics.syncAnswered(answered.get(request) ?? outcomeOf(reply.statusCode), reply.elapsedTime / 1000),
    },
    async (request, reply) => {
      const { events, deviceId, cursor, clock } = request.body;
      if (events.length > MAX_EVENTS)
        throw new HttpError(
          413,
          'too-large',
          `At most ${MAX_EVENTS} events a request; this one has ${events.length}. Send the rest in the next request.`,
        );
      let json: string;
      try {
        const outcome = await sync({ db: store.db, cursors: await cursors(), writer, enrolments }, request.user!, {
          deviceId,
          cursor,
          events,
          clock,
        });
        if (outcome.stored > 0) progress.poke();
        metrics.eventsSynced(outcome.stored, outcome.rejected);
        json = syncReplyJson(outcome);
        answered.set(request, outcome.rejected.length > 0 ? 'rejected-some' : 'ok');
      } catch (error) {
        if (error instanceof InvalidCursor) throw new HttpError(400, 'invalid-cursor', `${error.message}. Sync again with cursor null.`);
        if (error instanceof QuotaExceeded) {
          answered.set(request, 'quota-exceeded');
          throw new HttpError(
            429,
            'quota-exceeded',
            'This account has stored as much as one day allows. The rest waits on the device until tomorrow.',
            { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) },
          );
        }
        throw error;
      }
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (json.length < 1024 || !/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.send(Buffer.from(json));
      return reply.header('content-encoding', 'gzip').send(gzipSync(json, { level: 1 }));
    },
  );
};
