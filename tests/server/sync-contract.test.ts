// The sync reply is JSON written by hand (services/sync/wire.ts) for speed. These tests parse
// what the server actually sends with SyncReply (src/domain/api/sync.ts), the schema the app
// takes its types from, so the two cannot drift apart unnoticed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RejectReason, SyncReply } from '../../src/domain/api/sync.js';
import type { Quiz } from '../../src/domain/course.js';
import { base32Decode, stepOf, totp } from '../../src/domain/totp.js';
import { checkInEvent, sessionBody } from '../helpers/course-sessions.js';
import { dialects } from '../helpers/databases.js';
import { answers, COURSE, lessonCompleted, position, quizSubmitted, syncBody } from '../helpers/events.js';
import { addUser, enrolledLearner, login, publishSample, sampleQuizzes, startServer, type TestServer } from '../helpers/server.js';

const other = (type: string, data: Record<string, unknown>) => ({ ...lessonCompleted(), type, data });

describe.each(await dialects())('the sync reply on %s parses with SyncReply', (dialect) => {
  let server: TestServer;
  let postTest: Quiz;
  /** A session running now, and its current code. */
  let session: { id: string; code: () => string; wrongCode: () => string };
  const learner = () => enrolledLearner(server);
  /** Syncs and parses the reply's bytes with the schema; a mismatch fails the test here. */
  const sync = async (token: string, body: unknown): Promise<SyncReply> => {
    const reply = await server.call('POST', '/api/sync', { token, body, headers: { 'accept-encoding': 'gzip' } });
    expect(reply.status, reply.text).toBe(200);
    const parsed = SyncReply.safeParse(JSON.parse(reply.text));
    expect(parsed.error?.issues ?? []).toEqual([]);
    return parsed.data!;
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    postTest = (await sampleQuizzes(server)).get('post-test')!;
    const admin = await login(server, await addUser(server.db, { role: 'admin' }));
    const now = Date.now();
    const times = { startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() };
    const { body } = await server.call('POST', `/api/admin/courses/${COURSE}/sessions`, { token: admin, body: sessionBody(times) });
    const check = await server.call('GET', `/api/admin/sessions/${body.id}/check-in`, { token: admin });
    const secret = base32Decode(check.body.secret);
    const code = (steps = 0) => totp(secret, stepOf(Date.now()) + steps);
    const wrongCode = () => {
      const good = new Set([-3, -2, -1, 0, 1, 2, 3].map(code));
      return ['000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777'].find((c) => !good.has(c))!;
    };
    session = { id: body.id, code, wrongCode };
  });
  afterAll(() => server?.close());

  it('accepts and pulls every event type, a graded quiz with its result and the rest without', async () => {
    const { token } = await learner();
    const events = [
      other('lesson.opened', { lessonId: 'm1-l1' }),
      position('m1-l1', 0.5),
      lessonCompleted('m1-l1'),
      other('study.time', { lessonId: 'm1-l1', seconds: 120 }),
      quizSubmitted('post-test', answers(postTest, 2)),
      other('survey.submitted', { surveyId: 'reaction', answers: { s1: 4 } }),
      checkInEvent(session.id, session.code(), Date.now()),
    ];
    const reply = await sync(token, syncBody(events));
    expect(reply.accepted.sort()).toEqual(events.map((e) => e.id).sort());
    expect(reply.events.map((e) => e.type)).toEqual(events.map((e) => e.type));
    for (const e of reply.events) expect(e.result !== undefined, e.type).toBe(e.type === 'quiz.submitted');
    expect(reply.more).toBe(false);
  });

  it('rejects with every reason the protocol has', async () => {
    const ani = await learner();
    const budi = await learner();
    const outsider = await addUser(server.db); // not enrolled anywhere
    const taken = lessonCompleted('m1-l2');
    await sync(ani.token, syncBody([taken]));
    const attempts = [0, 1, 2, 3].map((i) => quizSubmitted('post-test', answers(postTest, i)));
    await sync(budi.token, syncBody(attempts.slice(0, 3)));

    const replies = [
      await sync(
        budi.token,
        syncBody([
          { ...lessonCompleted(), data: { lessonId: 7 } },
          { ...lessonCompleted(), at: '2019-12-31T23:59:59.000Z' },
          { ...lessonCompleted(), courseId: 'tidak-ada' },
          { ...lessonCompleted(), courseVersion: 9 },
          lessonCompleted('m9-l9'),
          quizSubmitted('kuis-hantu', {}),
          other('survey.submitted', { surveyId: 'bukan-survei', answers: { s1: 5 } }),
          taken,
          attempts[3],
          checkInEvent('tidak-ada', session.code(), Date.now()),
          checkInEvent(session.id, session.wrongCode(), Date.now()),
        ]),
      ),
      await sync(await login(server, outsider), syncBody([lessonCompleted()])),
    ];
    const reasons = new Set(replies.flatMap((r) => r.rejected.map((x) => x.reason)));
    expect([...reasons].sort()).toEqual([...RejectReason.options].sort());
  });

  it('answers an empty page, and a full page with more: true', async () => {
    const { token } = await learner();
    const empty = await sync(token, syncBody([]));
    expect(empty).toMatchObject({ accepted: [], rejected: [], events: [], more: false });

    const many = Array.from({ length: 501 }, (_, i) => position('m1-l2', i / 501));
    await sync(token, syncBody(many.slice(0, 500)));
    await sync(token, syncBody(many.slice(500)));
    const first = await sync(token, syncBody([], null, 'other-device'));
    expect(first.events).toHaveLength(500);
    expect(first.more).toBe(true);
    const rest = await sync(token, syncBody([], first.cursor, 'other-device'));
    expect(rest.events.map((e) => e.id)).toEqual([many[500]!.id]);
    expect(rest.more).toBe(false);
  });

  it('would notice a reply that strays from the schema', () => {
    const good = { accepted: [], rejected: [], events: [], cursor: '1.0.x', more: false };
    expect(SyncReply.safeParse(good).success).toBe(true);
    expect(SyncReply.safeParse({ ...good, extra: 1 }).success).toBe(false);
    expect(SyncReply.safeParse({ ...good, rejected: [{ id: randomUUID(), reason: 'nope', message: '' }] }).success).toBe(false);
    const event = { id: randomUUID(), seq: 1, type: 'lesson.completed', courseId: COURSE, courseVersion: 1, at: new Date().toISOString() };
    expect(SyncReply.safeParse({ ...good, events: [{ ...event, data: { lessonId: 'm1-l1' } }] }).success).toBe(true);
    expect(SyncReply.safeParse({ ...good, events: [{ ...event, data: {} }] }).success).toBe(false);
  });
});
