// Course sessions and attendance (docs/sessions.md): scheduling and who may do it, the
// facilitator's secret, the learner's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckInSecret, Session, SessionList } from '../../src/domain/api/sessions.js';
import { addCoordinator, sessionBody } from '../helpers/course-sessions.js';
import { dialects } from '../helpers/databases.js';
import { COURSE } from '../helpers/events.js';
import { addUser, enrol, enrolledLearner, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

const OWN = 'Dinas Pendidikan';
const OTHER = 'Kecamatan Sukamaju';

describe.each(await dialects())('course sessions on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  let coordinator: string;
  let otherCoordinator: string;

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
    coordinator = await addCoordinator(server, OWN);
    otherCoordinator = await addCoordinator(server, OTHER);
  });
  afterAll(() => server?.close());

  const create = (body: unknown, token = admin) => server.call('POST', `/api/admin/courses/${COURSE}/sessions`, { token, body });

  describe('scheduling', () => {
    it('creates a session with a secret the facilitator can read, and lists it', async () => {
      const created = await create(sessionBody({ place: 'Aula BKPSDM', unit: OWN }));
      expect(created.status).toBe(201);
      const session = Session.parse(created.body);
      expect(session).toMatchObject({ courseId: COURSE, mode: 'hybrid', place: 'Aula BKPSDM', unit: OWN, cancelledAt: null });
      expect(created.body).not.toHaveProperty('secret');

      const secret = await server.call('GET', `/api/admin/sessions/${session.id}/check-in`, { token: admin });
      expect(secret.status).toBe(200);
      expect(CheckInSecret.parse(secret.body)).toMatchObject({ algorithm: 'SHA-256', digits: 6, period: 30 });
      expect(secret.body.secret).toMatch(/^[A-Z2-7]{32,}$/);

      const list = await server.call('GET', `/api/admin/courses/${COURSE}/sessions`, { token: admin });
      expect(SessionList.parse(list.body).sessions.map((s) => s.id)).toContain(session.id);
    });

    it('refuses a bad session: no title, ending before it starts, longer than 12 hours, a meeting link that is not http(s)', async () => {
      const bad = [
        sessionBody({ title: '' }),
        sessionBody({ title: 'x'.repeat(201) }),
        sessionBody({ endsAt: '2026-12-01T01:00:00.000Z' }),
        sessionBody({ endsAt: '2026-12-01T14:00:01.000Z' }),
        sessionBody({ meetingUrl: 'javascript:alert(1)' }),
        sessionBody({ meetingUrl: 'zoom.us/j/1' }),
        sessionBody({ mode: 'tatap-muka' }),
        { ...sessionBody(), extra: 1 },
      ];
      for (const body of bad) expect((await create(body)).status, JSON.stringify(body)).toBe(400);
      expect((await create(sessionBody({ meetingUrl: 'https://zoom.us/j/123?pwd=abc' }))).status).toBe(201);
      expect((await server.call('POST', '/api/admin/courses/tidak-ada/sessions', { token: admin, body: sessionBody() })).status).toBe(404);
    });

    it('changes a session, checking the times against the stored ones, and cancels it once', async () => {
      const { body: session } = await create(sessionBody());
      const moved = await server.call('PATCH', `/api/admin/sessions/${session.id}`, {
        token: admin,
        body: { title: 'Pertemuan 1 (pindah ruang)', place: 'Ruang Rapat 2' },
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ title: 'Pertemuan 1 (pindah ruang)', place: 'Ruang Rapat 2', startsAt: session.startsAt });
      // Only the start given: after the stored end, so refused.
      const late = await server.call('PATCH', `/api/admin/sessions/${session.id}`, {
        token: admin,
        body: { startsAt: '2026-12-02T02:00:00.000Z' },
      });
      expect(late.status).toBe(400);
      expect(late.body.message).toContain('endsAt');

      const cancelled = await server.call('POST', `/api/admin/sessions/${session.id}/cancel`, { token: admin });
      expect(cancelled.body.cancelledAt).toEqual(expect.any(String));
      const again = await server.call('POST', `/api/admin/sessions/${session.id}/cancel`, { token: admin });
      expect(again.body.cancelledAt).toBe(cancelled.body.cancelledAt);
      expect((await server.call('PATCH', `/api/admin/sessions/${session.id}`, { token: admin, body: { title: 'Lagi' } })).status).toBe(409);
      expect((await server.call('PATCH', '/api/admin/sessions/tidak-ada', { token: admin, body: { title: 'Lagi' } })).status).toBe(404);
    });
  });

  describe('who may', () => {
    it("lets a coordinator read their unit's sessions and open their check-in, and nothing else", async () => {
      const own = (await create(sessionBody({ unit: OWN }))).body;
      const other = (await create(sessionBody({ unit: OTHER }))).body;
      const everyone = (await create(sessionBody({ unit: null }))).body;

      const list = await server.call('GET', `/api/admin/courses/${COURSE}/sessions`, { token: coordinator });
      const ids = list.body.sessions.map((s: { id: string }) => s.id);
      expect(ids).toContain(own.id);
      expect(ids).toContain(everyone.id);
      expect(ids).not.toContain(other.id);

      expect((await server.call('GET', `/api/admin/sessions/${own.id}/check-in`, { token: coordinator })).status).toBe(200);
      expect((await server.call('GET', `/api/admin/sessions/${own.id}/check-in`, { token: otherCoordinator })).status).toBe(404);
      expect((await server.call('GET', `/api/admin/sessions/${other.id}/check-in`, { token: coordinator })).status).toBe(404);
      expect((await server.call('GET', `/api/admin/sessions/${everyone.id}/check-in`, { token: coordinator })).status).toBe(403);

      // Every write is an administrator's.
      expect((await create(sessionBody({ unit: OWN }), coordinator)).status).toBe(403);
      const patch = await server.call('PATCH', `/api/admin/sessions/${own.id}`, { token: coordinator, body: { title: 'x' } });
      expect(patch.status).toBe(403);
      expect((await server.call('POST', `/api/admin/sessions/${own.id}/cancel`, { token: coordinator })).status).toBe(403);
    });

    it('refuses a learner every admin route', async () => {
      const learner = await enrolledLearner(server);
      const { body: session } = await create(sessionBody());
      for (const [method, path, body] of [
        ['POST', `/api/admin/courses/${COURSE}/sessions`, sessionBody()],
        ['GET', `/api/admin/courses/${COURSE}/sessions`],
        ['PATCH', `/api/admin/sessions/${session.id}`, { title: 'x' }],
        ['POST', `/api/admin/sessions/${session.id}/cancel`],
        ['GET', `/api/admin/sessions/${session.id}/check-in`],
      ] as const) {
        expect((await server.call(method, path, { token: learner.token, ...(body ? { body } : {}) })).status, `${method} ${path}`).toBe(
          403,
        );
      }
    });
  });

  describe("the learner's list", () => {
    it('shows an enrolled learner the sessions of their unit and of every unit, cancelled ones marked; 404 when not enrolled', async () => {
      const ani = await addUser(server.db, { unit: OTHER });
      await enrol(server.db, COURSE, { nips: [ani.nip] });
      const token = await login(server, ani);
      const mine = (await create(sessionBody({ unit: OTHER, title: 'Untuk Sukamaju' }))).body;
      const notMine = (await create(sessionBody({ unit: OWN, title: 'Untuk Dinas' }))).body;
      const off = (await create(sessionBody({ title: 'Batal' }))).body;
      await server.call('POST', `/api/admin/sessions/${off.id}/cancel`, { token: admin });

      const list = await server.call('GET', `/api/courses/${COURSE}/sessions`, { token });
      expect(list.status).toBe(200);
      const sessions = SessionList.parse(list.body).sessions;
      const ids = sessions.map((s) => s.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(notMine.id);
      expect(sessions.find((s) => s.id === off.id)?.cancelledAt).toEqual(expect.any(String));
      expect(list.body.sessions[0]).not.toHaveProperty('secret');

      const outsider = await login(server, await addUser(server.db));
      expect((await server.call('GET', `/api/courses/${COURSE}/sessions`, { token: outsider })).status).toBe(404);
      expect((await server.call('GET', '/api/courses/tidak-ada/sessions', { token })).status).toBe(404);
      expect((await server.call('GET', `/api/courses/${COURSE}/sessions`)).status).toBe(401);
    });
  });
});
