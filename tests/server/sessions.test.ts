// Course sessions and attendance (docs/sessions.md): scheduling and who may do it, the
// facilitator's secret, the learner's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendanceReport, CheckInSecret, Session, SessionList } from '../../src/domain/api/sessions.js';
import { SyncReply } from '../../src/domain/api/sync.js';
import { base32Decode, stepOf, totp } from '../../src/domain/totp.js';
import { completeSample } from '../helpers/certificates.js';
import { addCoordinator, checkInEvent, recordAttendance, sessionBody } from '../helpers/course-sessions.js';
import { dialects } from '../helpers/databases.js';
import { COURSE, syncBody } from '../helpers/events.js';
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
    });

    it('lets a coordinator schedule, change and cancel sessions of their own unit only, never one for every unit', async () => {
      // No unit given: theirs, not every unit's.
      const created = await create(sessionBody({ title: 'Untuk Dinas' }), coordinator);
      expect(created.status).toBe(201);
      expect(Session.parse(created.body).unit).toBe(OWN);
      expect((await create(sessionBody({ unit: OWN }), coordinator)).body.unit).toBe(OWN);
      for (const unit of [OTHER, null]) expect((await create(sessionBody({ unit }), coordinator)).status, String(unit)).toBe(403);

      const own = created.body;
      const patch = (id: string, body: unknown, token = coordinator) => server.call('PATCH', `/api/admin/sessions/${id}`, { token, body });
      const moved = await patch(own.id, { title: 'Pindah ruang', place: 'Ruang Rapat 2' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ title: 'Pindah ruang', place: 'Ruang Rapat 2', unit: OWN });
      // Moving their session to another unit, or to every unit, is refused and changes nothing.
      for (const unit of [OTHER, null]) expect((await patch(own.id, { unit }, coordinator)).status, String(unit)).toBe(403);
      const [stored] = (await server.call('GET', `/api/admin/courses/${COURSE}/sessions`, { token: coordinator })).body.sessions.filter(
        (s: { id: string }) => s.id === own.id,
      );
      expect(stored).toMatchObject({ unit: OWN, title: 'Pindah ruang' });

      // Another unit's session is a 404, as for reads; one for every unit, which they read, a 403.
      const other = (await create(sessionBody({ unit: OTHER }))).body;
      const everyone = (await create(sessionBody({ unit: null }))).body;
      expect((await patch(other.id, { title: 'x' })).status).toBe(404);
      expect((await server.call('POST', `/api/admin/sessions/${other.id}/cancel`, { token: coordinator })).status).toBe(404);
      expect((await patch(everyone.id, { title: 'x' })).status).toBe(403);
      expect((await server.call('POST', `/api/admin/sessions/${everyone.id}/cancel`, { token: coordinator })).status).toBe(403);
      expect((await patch(own.id, { title: 'x' }, otherCoordinator)).status).toBe(404);

      const cancelled = await server.call('POST', `/api/admin/sessions/${own.id}/cancel`, { token: coordinator });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.cancelledAt).toEqual(expect.any(String));
      // The others are untouched.
      const all = (await server.call('GET', `/api/admin/courses/${COURSE}/sessions`, { token: admin })).body.sessions;
      for (const s of all.filter((s: { id: string }) => s.id === other.id || s.id === everyone.id))
        expect(s).toMatchObject({ title: 'Pertemuan 1', cancelledAt: null });
    });

    it('still refuses a coordinator the other admin writes', async () => {
      expect((await server.call('POST', '/api/admin/enrol', { token: coordinator, body: { courseId: COURSE, unit: OWN } })).status).toBe(
        403,
      );
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

  describe('the attendance report and the daftar hadir', () => {
    it('counts luring and daring per unit, lists whom to follow up, and writes the daftar hadir', async () => {
      const { body: session } = await create(sessionBody({ title: 'Rekap' }));
      const learner = async (unit: string, name: string) => {
        const user = await addUser(server.db, { unit });
        await server.db.updateTable('users').set({ name }).where('nip', '=', user.nip).execute();
        await enrol(server.db, COURSE, { nips: [user.nip] });
        const token = await login(server, user);
        const me = await server.call('GET', '/api/me', { token });
        return { ...user, token, id: me.body.user.id as string };
      };
      const came = await learner(OWN, '=HYPERLINK("http://x")');
      const cameAndDone = await learner(OWN, 'Budi');
      const online = await learner(OTHER, 'Citra');
      const doneOnly = await learner(OTHER, 'Dewi');
      await completeSample(server.url, cameAndDone.token);
      await completeSample(server.url, doneOnly.token);
      const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00+07:00`);
      await recordAttendance(server.db, { userId: came.id, sessionId: session.id, mode: 'luring', at: at('07:45') });
      await recordAttendance(server.db, { userId: cameAndDone.id, sessionId: session.id, mode: 'luring', at: at('08:02') });
      await recordAttendance(server.db, { userId: online.id, sessionId: session.id, mode: 'daring', at: at('08:10') });

      const report = await server.call('GET', `/api/admin/sessions/${session.id}/attendance`, { token: admin });
      expect(report.status).toBe(200);
      const parsed = AttendanceReport.parse(report.body);
      expect(parsed.units).toEqual([
        { unit: OWN, luring: 2, daring: 0 },
        { unit: OTHER, luring: 0, daring: 1 },
      ]);
      expect(parsed.total).toEqual({ luring: 2, daring: 1 });
      const nips = (list: { nip: string }[]) => list.map((p) => p.nip).sort();
      expect(nips(parsed.attendedNotCompleted)).toEqual([came.nip, online.nip].sort());
      expect(nips(parsed.completedNotAttended)).toContain(doneOnly.nip);
      expect(nips(parsed.completedNotAttended)).not.toContain(cameAndDone.nip);
      // Who came, in the order they did, for the printed daftar hadir.
      expect(parsed.present).toEqual([
        { nip: came.nip, name: '=HYPERLINK("http://x")', unit: OWN, mode: 'luring', checkedAt: new Date(at('07:45')).toISOString() },
        { nip: cameAndDone.nip, name: 'Budi', unit: OWN, mode: 'luring', checkedAt: new Date(at('08:02')).toISOString() },
        { nip: online.nip, name: 'Citra', unit: OTHER, mode: 'daring', checkedAt: new Date(at('08:10')).toISOString() },
      ]);

      const csv = await server.call('GET', `/api/admin/sessions/${session.id}/attendance.csv`, { token: admin });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="daftar-hadir-2026-12-01-[a-z0-9]{8}\.csv"$/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('No,NIP,Nama,Unit,Mode,Jam hadir,Tanggal');
      const grouped = (nip: string) => `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
      // The formula guard: a name that starts with "=" is written as text.
      expect(lines[1]).toBe(`1,${grouped(came.nip)},"'=HYPERLINK(""http://x"")",${OWN},luring,07:45,2026-12-01`);
      expect(lines[2]).toBe(`2,${grouped(cameAndDone.nip)},Budi,${OWN},luring,08:02,2026-12-01`);
      expect(lines[3]).toBe(`3,${grouped(online.nip)},Citra,${OTHER},daring,08:10,2026-12-01`);
      expect(lines).toHaveLength(4);

      // A coordinator sees their own unit's rows only.
      const own = await server.call('GET', `/api/admin/sessions/${session.id}/attendance`, { token: coordinator });
      expect(own.body.units).toEqual([{ unit: OWN, luring: 2, daring: 0 }]);
      expect(nips(own.body.present)).toEqual([came.nip, cameAndDone.nip].sort());
      expect(own.body.completedNotAttended).toEqual([]);
      const ownCsv = await server.call('GET', `/api/admin/sessions/${session.id}/attendance.csv`, { token: coordinator });
      expect(ownCsv.text).not.toContain(OTHER);
      const otherUnit = `unit=${encodeURIComponent(OTHER)}`;
      expect(
        (await server.call('GET', `/api/admin/sessions/${session.id}/attendance.csv?${otherUnit}`, { token: coordinator })).status,
      ).toBe(403);
    });
  });

  describe('checking in through sync', () => {
    const MIN = 60_000;
    /** A session from `from` to `to` minutes from now, and its code at any moment. */
    const scheduled = async (from: number, to: number) => {
      const now = Date.now();
      const { body: session } = await create(
        sessionBody({ startsAt: new Date(now + from * MIN).toISOString(), endsAt: new Date(now + to * MIN).toISOString() }),
      );
      const { body } = await server.call('GET', `/api/admin/sessions/${session.id}/check-in`, { token: admin });
      const secret = base32Decode(body.secret);
      return { id: session.id as string, code: (at: number, steps = 0) => totp(secret, stepOf(at) + steps) };
    };
    const sync = async (token: string, events: unknown[], extra: Record<string, unknown> = {}) => {
      const reply = await server.call('POST', '/api/sync', { token, body: { ...syncBody(events), ...extra } });
      expect(reply.status).toBe(200);
      return SyncReply.parse(reply.body);
    };
    const attendance = (sessionId: string) =>
      server.db.selectFrom('attendance').selectAll().where('session_id', '=', sessionId).orderBy('checked_at').execute();

    it('takes a code up to two steps either side of the check-in time, and not three', async () => {
      const session = await scheduled(-60, 60);
      const at = Date.now() - 10 * MIN;
      for (const steps of [-2, -1, 0, 1, 2]) {
        const { token } = await enrolledLearner(server);
        const reply = await sync(token, [checkInEvent(session.id, session.code(at, steps), at)]);
        expect(reply.rejected, `${steps} steps`).toEqual([]);
      }
      expect(await attendance(session.id)).toHaveLength(5);
      for (const steps of [-3, 3]) {
        const code = session.code(at, steps);
        // A far step's code that happens to equal a near one's is rightly taken: not this case.
        if ([-2, -1, 0, 1, 2].some((d) => session.code(at, d) === code)) continue;
        const { token } = await enrolledLearner(server);
        const event = checkInEvent(session.id, code, at);
        const reply = await sync(token, [event]);
        expect(reply.rejected).toEqual([
          { id: event.id, reason: 'invalid-code', message: expect.stringContaining('wrong or has expired') },
        ]);
      }
      expect(await attendance(session.id)).toHaveLength(5);
    });

    it('stores a resent check-in once, and counts a second check-in once, keeping the earliest', async () => {
      const session = await scheduled(-60, 60);
      const learner = await enrolledLearner(server);
      const early = Date.now() - 20 * MIN;
      const late = Date.now() - 5 * MIN;
      const first = checkInEvent(session.id, session.code(late), late, 'daring');
      expect((await sync(learner.token, [first])).accepted).toEqual([first.id]);
      expect((await sync(learner.token, [first], { deviceId: 'device-b' })).accepted).toEqual([first.id]);
      expect(await server.db.selectFrom('events').select('id').where('id', '=', first.id).execute()).toHaveLength(1);

      // The earlier check-in arrives later (another phone synced late): it is the one that counts.
      const second = checkInEvent(session.id, session.code(early), early, 'luring');
      expect((await sync(learner.token, [second])).accepted).toEqual([second.id]);
      const rows = await attendance(session.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user_id: learner.id, event_id: second.id, mode: 'luring', checked_at: early });
    });

    it('counts check-ins from two devices at once once', async () => {
      const session = await scheduled(-60, 60);
      const learner = await enrolledLearner(server);
      const at = Date.now() - MIN;
      const events = ['device-a', 'device-b'].map((deviceId) => ({ deviceId, event: checkInEvent(session.id, session.code(at), at) }));
      const replies = await Promise.all(events.map(({ deviceId, event }) => sync(learner.token, [event], { deviceId })));
      expect(replies.map((r) => r.accepted)).toEqual(events.map(({ event }) => [event.id]));
      expect(await attendance(session.id)).toHaveLength(1);
    });

    it("refuses another session's code, a check-in before it opens or long after it closed, and a cancelled session", async () => {
      const session = await scheduled(-60, 60);
      const neighbour = await scheduled(-30, 90);
      const { token } = await enrolledLearner(server);
      const now = Date.now() - MIN;
      const wrongRoom = checkInEvent(session.id, neighbour.code(now), now);

      const early = await scheduled(20, 80);
      const beforeOpen = Date.now() + 20 * MIN - 31 * MIN;
      const tooEarly = checkInEvent(early.id, early.code(beforeOpen), beforeOpen);
      const past = await scheduled(-200, -120);
      const afterClose = Date.now() - 120 * MIN + 31 * MIN;
      const tooLate = checkInEvent(past.id, past.code(afterClose), afterClose);

      const off = await scheduled(-60, 60);
      await server.call('POST', `/api/admin/sessions/${off.id}/cancel`, { token: admin });
      const cancelled = checkInEvent(off.id, off.code(now), now);
      const unknown = checkInEvent('tidak-ada', session.code(now), now);

      const reply = await sync(token, [wrongRoom, tooEarly, tooLate, cancelled, unknown]);
      expect(reply.accepted).toEqual([]);
      const why = Object.fromEntries(reply.rejected.map((r) => [r.id, r]));
      expect(why[wrongRoom.id]).toMatchObject({ reason: 'invalid-code', message: expect.stringContaining('another session') });
      expect(why[tooEarly.id]).toMatchObject({ reason: 'invalid-code', message: expect.stringContaining('30 minutes before') });
      expect(why[tooLate.id]).toMatchObject({ reason: 'invalid-code', message: expect.stringContaining('30 minutes after') });
      expect(why[cancelled.id]).toMatchObject({ reason: 'invalid-code', message: expect.stringContaining('cancelled') });
      expect(why[unknown.id]).toMatchObject({ reason: 'unknown-session' });

      // A minute inside either margin is taken.
      const justOpen = Date.now() + 20 * MIN - 29 * MIN;
      expect((await sync(token, [checkInEvent(early.id, early.code(justOpen), justOpen)])).rejected).toEqual([]);
    });

    it('refuses a learner who is not enrolled', async () => {
      const session = await scheduled(-60, 60);
      const outsider = await login(server, await addUser(server.db));
      const at = Date.now();
      const event = checkInEvent(session.id, session.code(at), at);
      expect((await sync(outsider, [event])).rejected).toEqual([{ id: event.id, reason: 'not-enrolled', message: expect.any(String) }]);
      expect(await attendance(session.id)).toEqual([]);
    });

    it('corrects a device clock an hour fast and takes its check-in', async () => {
      const session = await scheduled(-60, 60);
      const learner = await enrolledLearner(server);
      const HOUR = 60 * MIN;
      const at = Date.now() - 2 * MIN;
      // The code on the facilitator's screen is of the true time; the phone stamps its own.
      const event = checkInEvent(session.id, session.code(at), at + HOUR);
      const reply = await sync(learner.token, [event], { clock: new Date(Date.now() + HOUR).toISOString() });
      expect(reply.rejected).toEqual([]);
      const [row] = await attendance(session.id);
      expect(Math.abs(row!.checked_at - at)).toBeLessThan(MIN);
    });
  });
});
