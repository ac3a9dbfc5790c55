// Course sessions (docs/sessions.md): an administrator schedules, changes and cancels them,
// and so does a coordinator for their own unit; a coordinator reads those of their own unit
// (and of every unit), and opens the check-in screen of their unit's.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CourseId } from '../../../../domain/api/courses.js';
import { errors } from '../../../../domain/api/errors.js';
import {
  AttendanceQuery,
  AttendanceReport,
  CheckInSecret,
  CreateSessionBody,
  Session,
  SessionIdParams,
  SessionList,
  UpdateSessionBody,
} from '../../../../domain/api/sessions.js';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../../../../domain/totp.js';
import { attendanceCsv, attendanceCsvName, attendanceReport, presentAt } from '../../../services/course-sessions/attendance.js';
import {
  cancelSession,
  createSession,
  listSessions,
  managedSession,
  sessionFor,
  sessionOf,
  updateSession,
} from '../../../services/course-sessions/store.js';
import type { ApiOptions } from '../options.js';

export const adminSessionRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.post(
    '/courses/:id/sessions',
    {
      // The hook forces the body's unit to a coordinator's own: never a session for every unit.
      config: { coordinators: 'own-unit-writes' },
      schema: { params: CourseId, body: CreateSessionBody, response: { 201: Session, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => reply.code(201).send(sessionOf(await createSession(db, request.params.id, request.body, request.user!))),
  );

  app.get(
    '/courses/:id/sessions',
    {
      config: { coordinators: 'own-unit' },
      schema: { params: CourseId, querystring: AttendanceQuery, response: { 200: SessionList, ...errors(400, 401, 403) } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { sessions: (await listSessions(db, request.params.id, request.query.unit)).map(sessionOf) };
    },
  );

  app.patch(
    '/sessions/:id',
    {
      config: { coordinators: 'own-unit-writes' },
      schema: { params: SessionIdParams, body: UpdateSessionBody, response: { 200: Session, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request) => sessionOf(await updateSession(db, request.params.id, request.body, request.user!)),
  );

  app.post(
    '/sessions/:id/cancel',
    {
      config: { coordinators: 'own-unit-writes' },
      schema: { params: SessionIdParams, response: { 200: Session, ...errors(400, 401, 403, 404) } },
    },
    async (request) => sessionOf(await cancelSession(db, request.params.id, request.user!)),
  );

  app.get(
    '/sessions/:id/check-in',
    {
      config: { coordinators: 'own-unit' },
      schema: { params: SessionIdParams, querystring: AttendanceQuery, response: { 200: CheckInSecret, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      // Whoever holds the secret can make every code of the session: a coordinator gets it
      // only for a session of their own unit, not one every unit shares.
      const session = await managedSession(db, request.params.id, request.user!);
      reply.header('cache-control', 'private, no-store');
      return { secret: session.secret, algorithm: 'SHA-256', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS } as const;
    },
  );

  app.get(
    '/sessions/:id/attendance',
    {
      config: { coordinators: 'own-unit' },
      schema: { params: SessionIdParams, querystring: AttendanceQuery, response: { 200: AttendanceReport, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const session = await sessionFor(db, request.params.id, request.user!);
      reply.header('cache-control', 'private, no-store');
      return attendanceReport(db, session, request.query.unit);
    },
  );

  app.get(
    '/sessions/:id/attendance.csv',
    {
      config: { coordinators: 'own-unit' },
      // A string payload is sent as is: the 200 schema documents it.
      schema: { params: SessionIdParams, querystring: AttendanceQuery, response: { 200: z.string(), ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const session = await sessionFor(db, request.params.id, request.user!);
      const csv = attendanceCsv(await presentAt(db, session.id, request.query.unit));
      reply.type('text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${attendanceCsvName(session)}"`);
      reply.header('cache-control', 'private, no-store');
      return reply.code(200).send(csv);
    },
  );
};
