// Sync against a learner who sets their own numbers: clocks, attempts, quotas, ids, text.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quiz } from '../../src/domain/course.js';
import { jakartaDay } from '../../src/domain/jakarta.js';
import { DAILY_BYTES, DAILY_EVENTS, QUOTA_ENVELOPE_BYTES } from '../../src/server/services/sync/writer.js';
import { dialects } from '../helpers/databases.js';
import { answers, COURSE, lessonCompleted, quizSubmitted, syncBody } from '../helpers/events.js';
import { addUser, enrolledLearner, login, publishSample, sampleQuizzes, startServer, type TestServer } from '../helpers/server.js';

const HOUR = 3_600_000;

describe.each(await dialects())('sync limits on %s', (dialect) => {
  let server: TestServer;
  let postTest: Quiz;
  let preTest: Quiz;
  const learner = () => enrolledLearner(server);
  const sync = (token: string, body: unknown) => server.call('POST', '/api/sync', { token, body });
  const storedRows = (userId: string) =>
    server.db.selectFrom('events').select(['id', 'at', 'device_at', 'type']).where('user_id', '=', userId).execute();

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    const quizzes = await sampleQuizzes(server);
    postTest = quizzes.get('post-test')!;
    preTest = quizzes.get('pre-test')!;
  });
  afterAll(() => server?.close());

  describe('time', () => {
    it("shifts every event by a device clock's skew and keeps the device's own time", async () => {
      const me = await learner();
      const now = Date.now();
      const deviceNow = now - 3 * HOUR; // the phone's clock is three hours slow
      const event = { ...lessonCompleted('m1-l1'), at: new Date(deviceNow - 60_000).toISOString() };
      const reply = await sync(me.token, { ...syncBody([event]), clock: new Date(deviceNow).toISOString() });
      expect(reply.status).toBe(200);
      expect(reply.body.accepted).toEqual([event.id]);
      const [row] = await storedRows(me.id);
      expect(Number(row!.device_at)).toBe(deviceNow - 60_000);
      // Corrected to about a minute before the server received it.
      expect(Math.abs(Number(row!.at) - (now - 60_000))).toBeLessThan(30_000);
      expect(Date.parse(reply.body.events[0].at)).toBe(Number(row!.at));
    });

    it('acknowledges a resent event it stored, though the phone has been set right since and its time now looks in the future', async () => {
      const me = await learner();
      const deviceNow = Date.now() + HOUR; // an hour fast: a phone set to WITA
      const event = { ...lessonCompleted('m1-l1'), at: new Date(deviceNow - 60_000).toISOString() };
      const first = await sync(me.token, { ...syncBody([event]), clock: new Date(deviceNow).toISOString() });
      expect(first.body.accepted).toEqual([event.id]);
      // The answer was lost; the clock is put right before the phone retries.
      const resent = await sync(me.token, { ...syncBody([event]), clock: new Date().toISOString() });
      expect(resent.status).toBe(200);
      expect(resent.body.rejected).toEqual([]);
      expect(resent.body.accepted).toEqual([event.id]);
      expect(await storedRows(me.id)).toHaveLength(1);
      // A new event with the same wrong time is still refused: only what is stored is acknowledged.
      const fresh = { ...lessonCompleted('m1-l2'), at: event.at };
      const refused = await sync(me.token, { ...syncBody([event, fresh]), clock: new Date().toISOString() });
      expect(refused.body.accepted).toEqual([event.id]);
      expect(refused.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason])).toEqual([[fresh.id, 'invalid-time']]);
    });

    it('acknowledges a resent event it stored after the learner was unenrolled, and refuses a new one', async () => {
      const me = await learner();
      const event = lessonCompleted('m1-l1');
      expect((await sync(me.token, syncBody([event]))).body.accepted).toEqual([event.id]);
      await server.db.deleteFrom('enrolments').where('user_id', '=', me.id).execute();
      const fresh = lessonCompleted('m1-l2');
      const resent = await sync(me.token, syncBody([event, fresh]));
      expect(resent.body.accepted).toEqual([event.id]);
      expect(resent.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason])).toEqual([[fresh.id, 'not-enrolled']]);
    });

    it('trusts a clock that is off by less than two minutes', async () => {
      const me = await learner();
      const event = lessonCompleted('m1-l1');
      const reply = await sync(me.token, { ...syncBody([event]), clock: new Date(Date.now() - 90_000).toISOString() });
      expect(reply.body.accepted).toEqual([event.id]);
      const [row] = await storedRows(me.id);
      expect(row!.device_at).toBeNull();
      expect(Number(row!.at)).toBe(Date.parse(event.at));
    });

    it('rejects times in the future or before 2020 as invalid-time, and stores the rest of the batch', async () => {
      const me = await learner();
      const future = { ...lessonCompleted('m1-l1'), at: '9999-01-01T00:00:00.000Z' };
      const soon = { ...lessonCompleted('m1-l2'), at: new Date(Date.now() + 10 * 60_000).toISOString() };
      const old = { ...lessonCompleted('m1-l3'), at: '2019-12-31T23:59:59.000Z' };
      const fine = lessonCompleted('m2-l1');
      const reply = await sync(me.token, { ...syncBody([future, soon, old, fine]), clock: new Date().toISOString() });
      expect(reply.status).toBe(200);
      expect(reply.body.accepted).toEqual([fine.id]);
      expect(reply.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason])).toEqual([
        [future.id, 'invalid-time'],
        [soon.id, 'invalid-time'],
        [old.id, 'invalid-time'],
      ]);
      expect((await storedRows(me.id)).map((r) => r.id)).toEqual([fine.id]);
    });

    it('refuses a completion dated in a later year even without a clock', async () => {
      const me = await learner();
      const event = { ...lessonCompleted('m1-l1'), at: '2031-06-01T00:00:00.000Z' };
      const reply = await sync(me.token, syncBody([event]));
      expect(reply.body.rejected).toEqual([expect.objectContaining({ id: event.id, reason: 'invalid-time' })]);
    });
  });

  describe('graded tests', () => {
    it('allows three post-test attempts and rejects the fourth as attempts-exceeded', async () => {
      const me = await learner();
      const attempts = [0, 1, 2, 3].map((i) => quizSubmitted('post-test', answers(postTest, i)));
      const first = await sync(me.token, syncBody(attempts.slice(0, 3)));
      expect(first.body.accepted).toHaveLength(3);
      const fourth = await sync(me.token, syncBody([attempts[3]]));
      expect(fourth.status).toBe(200);
      expect(fourth.body.accepted).toEqual([]);
      expect(fourth.body.rejected).toEqual([
        { id: attempts[3]!.id, reason: 'attempts-exceeded', message: 'this test allows 3 attempts, and all have been used' },
      ]);
      // The same stored attempt resent, under its own id or another, is not a new attempt.
      const again = await sync(me.token, syncBody([attempts[0], { ...attempts[1]!, id: randomUUID() }]));
      expect(again.body.rejected).toEqual([]);
      expect(again.body.accepted).toHaveLength(2);
    });

    it('counts only the first pre-test attempt, and refuses a backdated second one', async () => {
      const me = await learner();
      const first = quizSubmitted('pre-test', answers(preTest, 1));
      const backdated = { ...quizSubmitted('pre-test', answers(preTest, preTest.questions.length)), at: '2025-01-01T00:00:00.000Z' };
      expect((await sync(me.token, syncBody([first]))).body.accepted).toEqual([first.id]);
      const reply = await sync(me.token, syncBody([backdated]));
      expect(reply.body.rejected).toEqual([expect.objectContaining({ id: backdated.id, reason: 'attempts-exceeded' })]);
      const progress = await server.call('GET', `/api/progress?courseId=${COURSE}`, { token: me.token });
      expect(progress.body.progress.preTest.eventId).toBe(first.id);
    });

    it('holds the limit when two devices send attempts at the same moment', async () => {
      const me = await learner();
      const replies = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) => sync(me.token, syncBody([quizSubmitted('post-test', answers(postTest, i))], null, `device-${i}`))),
      );
      const accepted = replies.flatMap((r) => r.body.accepted);
      const exceeded = replies.flatMap((r) => r.body.rejected).filter((r: { reason: string }) => r.reason === 'attempts-exceeded');
      expect(accepted).toHaveLength(3);
      expect(exceeded).toHaveLength(3);
    });

    it('returns a score and points but never which answers were right', async () => {
      const me = await learner();
      const reply = await sync(me.token, syncBody([quizSubmitted('post-test', answers(postTest, 5))]));
      expect(Object.keys(reply.body.events[0].result).sort()).toEqual(['passed', 'points', 'questions', 'score']);
    });
  });

  describe('quota', () => {
    /** The sample course's reaction survey, its open question answered with `text`. */
    const surveyAnswering = (text: string) => ({
      id: randomUUID(),
      type: 'survey.submitted',
      courseId: COURSE,
      courseVersion: 1,
      at: new Date().toISOString(),
      data: { surveyId: 'reaction', answers: { s6: text } },
    });
    const fill = async (userId: string, events: number, bytes: number) => {
      const day = jakartaDay(Date.now());
      await server.db.insertInto('learner_usage').values({ user_id: userId, day, events, bytes }).execute();
    };

    it('answers 429 with Retry-After until the next day once a day holds 20,000 events, and stores nothing', async () => {
      const me = await learner();
      await fill(me.id, DAILY_EVENTS - 1, 0);
      const one = lessonCompleted('m1-l1');
      expect((await sync(me.token, syncBody([one]))).body.accepted).toEqual([one.id]);
      const two = [lessonCompleted('m1-l2'), lessonCompleted('m1-l3')];
      const reply = await sync(me.token, syncBody(two));
      expect(reply.status).toBe(429);
      expect(reply.body.error).toBe('quota-exceeded');
      const retry = Number(reply.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(86_400);
      expect((await storedRows(me.id)).map((r) => r.id)).toEqual([one.id]);
      // Resending what is already stored costs nothing and still answers.
      expect((await sync(me.token, syncBody([one]))).status).toBe(200);
    });

    it("counts each stored event's data in UTF-8 bytes, beside the envelope's allowance, and a resend not again", async () => {
      const me = await learner();
      const events = [lessonCompleted('m1-l1'), surveyAnswering('Pelatihan sangat bermanfaat 👍 — café')];
      await sync(me.token, syncBody(events));
      await sync(me.token, syncBody(events));
      const usage = await server.db
        .selectFrom('learner_usage')
        .select(['events', 'bytes'])
        .where('user_id', '=', me.id)
        .executeTakeFirstOrThrow();
      const bytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e.data)) + QUOTA_ENVELOPE_BYTES, 0);
      expect({ events: Number(usage.events), bytes: Number(usage.bytes) }).toEqual({ events: 2, bytes });
    });

    it('counts bytes too: a day of 20 MiB refuses the next survey', async () => {
      const me = await learner();
      await fill(me.id, 10, DAILY_BYTES - 1000);
      const reply = await sync(me.token, syncBody([surveyAnswering('x'.repeat(4000))]));
      expect(reply.status).toBe(429);
    });
  });

  describe('ids and text', () => {
    it('stores an id resent in upper case once', async () => {
      const me = await learner();
      const event = { ...lessonCompleted('m1-l1'), type: 'study.time', data: { lessonId: 'm1-l1', seconds: 600 } };
      await sync(me.token, syncBody([event]));
      const reply = await sync(me.token, syncBody([{ ...event, id: event.id.toUpperCase() }]));
      expect(reply.body.accepted).toEqual([event.id]);
      expect(await storedRows(me.id)).toHaveLength(1);
      const progress = await server.call('GET', `/api/progress?courseId=${COURSE}`, { token: me.token });
      expect(progress.body.progress.studySeconds).toBe(600);
    });

    it.each([
      ['a NUL', 'm1-l1\u0000'],
      ['a lone high surrogate', 'm1-l1\ud800'],
      ['a lone low surrogate', '\udc00m1-l1'],
    ])('rejects an event holding %s as invalid and stores the rest of its batch', async (_, lessonId) => {
      const me = await learner();
      const bad = lessonCompleted(lessonId);
      const good = lessonCompleted('m1-l1');
      const reply = await sync(me.token, syncBody([bad, good]));
      expect(reply.status).toBe(200);
      expect(reply.body.accepted).toEqual([good.id]);
      expect(reply.body.rejected).toEqual([expect.objectContaining({ id: bad.id, reason: 'invalid' })]);
      expect((await storedRows(me.id)).map((r) => r.id)).toEqual([good.id]);
    });

    it.each([
      ['a sync deviceId', 'POST', '/api/sync', { protocol: 1, deviceId: 'a\u0000b', cursor: null, events: [] }],
      ['a login NIP', 'POST', '/api/auth/login', { nip: '1990\u0000', password: 'whatever-1' }],
      ['a login password', 'POST', '/api/auth/login', { nip: '199001011990011001', password: 'x\ud800y' }],
      ['a course id', 'GET', '/api/courses/a%00b', undefined],
      ['a progress query', 'GET', '/api/progress?courseId=a%00b', undefined],
    ])('answers 400, never a 5xx, to malformed text in %s', async (_, method, path, body) => {
      const me = await learner();
      const reply = await server.call(method, path, { token: me.token, ...(body ? { body } : {}) });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('invalid-text');
    });

    it('answers 400 to a NUL in an admin report filter', async () => {
      const admin = await addUser(server.db, { role: 'admin' });
      const token = await login(server, admin);
      const reply = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=a%00`, { token });
      expect(reply.status).toBe(400);
    });
  });

  describe('pull pages', () => {
    it('stops a page at about 1 MiB, however small the events were counted', async () => {
      const me = await learner();
      const surveys = Array.from({ length: 300 }, (_, i) => ({
        id: randomUUID(),
        type: 'survey.submitted',
        courseId: COURSE,
        courseVersion: 1,
        at: new Date(Date.now() - 300_000 + i).toISOString(),
        data: { surveyId: 'reaction', answers: { s6: 'kata '.repeat(799) } },
      }));
      // Two pushes, each under the 1 MiB request limit; then a pull from the start.
      for (const half of [surveys.slice(0, 150), surveys.slice(150)])
        expect((await sync(me.token, syncBody(half))).body.accepted).toHaveLength(150);
      const first = await sync(me.token, syncBody([], null, 'office-pc'));
      expect(first.text.length).toBeLessThan(1.1 * 1024 * 1024);
      expect(first.body.more).toBe(true);
      expect(first.body.events.length).toBeLessThan(300);
      const rest = await sync(me.token, syncBody([], first.body.cursor, 'office-pc'));
      expect(first.body.events.length + rest.body.events.length).toBe(300);
      expect(rest.body.more).toBe(false);
    });
  });

  describe('progress', () => {
    it('answers a course one is not enrolled in exactly as an unknown one', async () => {
      const user = await addUser(server.db);
      const token = await login(server, user);
      const notEnrolled = await server.call('GET', `/api/progress?courseId=${COURSE}`, { token });
      const unknown = await server.call('GET', '/api/progress?courseId=tidak-ada', { token });
      expect(notEnrolled.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(notEnrolled.body.message.replace(COURSE, 'X')).toBe(unknown.body.message.replace('tidak-ada', 'X'));
    });
  });
});
