import { z } from 'zod';
import { foldProgress } from '../../domain/progress.js';
import { HttpError } from '../errors.js';
import { currentVersion, versionFacts } from '../services/course-versions.js';
import { InvalidCursor } from '../services/cursor.js';
import { eventWriter, MAX_EVENTS, sync, toPulled } from '../services/sync.js';
import type { RouteContext, TypedApp } from './context.js';
import { errors } from './schemas.js';

const QuizResultBody = z.object({ score: z.number(), points: z.number(), questions: z.number(), passed: z.boolean() });

const SyncBody = z.object({
  protocol: z.literal(1),
  deviceId: z.string().min(1).max(100),
  cursor: z.string().max(200).nullable(),
  // Each event is validated on its own inside sync(), so one bad event is rejected alone.
  events: z.array(z.unknown()),
});

const SyncReply = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(z.object({ id: z.string(), reason: z.string(), message: z.string() })),
  events: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      type: z.string(),
      courseId: z.string(),
      courseVersion: z.number(),
      at: z.string(),
      data: z.unknown(),
      result: QuizResultBody.optional(),
    }),
  ),
  cursor: z.string(),
  more: z.boolean(),
});

export function syncRoutes(app: TypedApp, { store, hooks, cursors, syncGate }: RouteContext) {
  const writer = eventWriter(store.db, store.dialect);
  app.post(
    '/api/sync',
    {
      preHandler: hooks.requireUser,
      schema: { body: SyncBody, response: { 200: SyncReply, ...errors(400, 401, 413, 429) } },
      // The reply is built here from stored, validated events; re-validating up to 500 of
      // them on the way out cost more than the rest of the request.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => {
      const { events, deviceId, cursor } = request.body;
      if (events.length > MAX_EVENTS)
        throw new HttpError(
          413,
          'too-large',
          `At most ${MAX_EVENTS} events a request; this one has ${events.length}. Send the rest in the next request.`,
        );
      const release = await syncGate.enter();
      try {
        return await sync({ db: store.db, cursors: await cursors(), writer }, request.user!, { deviceId, cursor, events });
      } catch (error) {
        if (error instanceof InvalidCursor) throw new HttpError(400, 'invalid-cursor', `${error.message}. Sync again with cursor null.`);
        throw error;
      } finally {
        release();
      }
    },
  );

  app.get(
    '/api/progress',
    {
      preHandler: hooks.requireUser,
      schema: {
        querystring: z.object({ courseId: z.string().min(1).max(64) }),
        response: { 200: z.object({ courseId: z.string(), version: z.number(), progress: z.unknown() }), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { courseId } = request.query;
      const version = await currentVersion(store.db, courseId);
      const facts = version === undefined ? null : await versionFacts(store.db, courseId, version);
      if (!facts || version === undefined) throw new HttpError(404, 'not-found', `No course "${courseId}".`);
      const rows = await store.db
        .selectFrom('events')
        .select(['id', 'seq', 'type', 'course_id', 'course_version', 'at', 'data_json', 'result_json'])
        .where('user_id', '=', request.user!.id)
        .where('course_id', '=', courseId)
        .execute();
      const events = rows.map(toPulled).map((e) => ({ ...e, data: e.data as Record<string, unknown> }));
      return { courseId, version, progress: foldProgress(facts.outline, events) };
    },
  );
}
