import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quiz } from '../../src/domain/course.js';
import { scoreQuiz } from '../../src/domain/scoring.js';
import { dialects } from '../helpers/databases.js';
import { COURSE, lessonCompleted, position, quizSubmitted, syncBody } from '../helpers/events.js';
import { addUser, enrolledLearner, login, publishSample, sampleQuizzes, startServer, type TestServer } from '../helpers/server.js';

describe.each(await dialects())('POST /api/sync on %s', (dialect) => {
  let server: TestServer;
  let postTest: Quiz;
  const learner = () => enrolledLearner(server);
  const sync = (token: string, body: unknown) => server.call('POST', '/api/sync', { token, body });
  const stored = async (ids: string[]) =>
    Number(
      (
        await server.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'in', ids)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    postTest = (await sampleQuizzes(server)).get('post-test')!;
  });
  afterAll(() => server?.close());

  it('stores events, acknowledges them, and returns them in server order with a cursor', async () => {
    const { token } = await learner();
    const events = [lessonCompleted('m1-l1'), position('m1-l2', 0.4), lessonCompleted('m1-l2')];
    const reply = await sync(token, syncBody(events));
    expect(reply.status).toBe(200);
    expect(reply.body.accepted.sort()).toEqual(events.map((e) => e.id).sort());
    expect(reply.body.rejected).toEqual([]);
    expect(reply.body.events.map((e: { id: string }) => e.id)).toEqual(events.map((e) => e.id));
    expect(reply.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    expect(reply.body.events[1]).toMatchObject({
      type: 'lesson.position',
      courseId: COURSE,
      courseVersion: 1,
      at: events[1]!.at,
      data: { lessonId: 'm1-l2', position: 0.4 },
    });
    expect(reply.body.more).toBe(false);

    const again = await sync(token, syncBody([], reply.body.cursor));
    expect(again.body.events).toEqual([]);
    expect(again.body.cursor).toBe(reply.body.cursor);
  });

  it('mixes events pulled from the database with those just stored, in order, gzipped when asked', async () => {
    const { token } = await learner();
    const first = [lessonCompleted('m1-l1'), position('m1-l1', 0.2)];
    const a = await sync(token, syncBody(first, null, 'phone'));
    // Another device, from the start: the phone's events (read back) come before its own (from memory).
    const mine = Array.from({ length: 30 }, (_, i) => position('m1-l2', i / 30));
    const reply = await server.call('POST', '/api/sync', {
      token,
      body: syncBody(mine, null, 'pc'),
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(reply.headers.get('content-encoding')).toBe('gzip');
    expect(reply.body.events.map((e: { id: string }) => e.id)).toEqual([...first, ...mine].map((e) => e.id));
    expect(reply.body.events.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    // The phone, from its cursor, sees only what the PC added.
    const phone = await sync(token, syncBody([], a.body.cursor, 'phone'));
    expect(phone.body.events.map((e: { id: string }) => e.id)).toEqual(mine.map((e) => e.id));
  });

  it('stores an event once however often and from however many devices it comes', async () => {
    const { token } = await learner();
    const event = lessonCompleted();
    const replies = await Promise.all([
      sync(token, syncBody([event, event], null, 'phone')),
      sync(token, syncBody([event], null, 'office-pc')),
      sync(token, syncBody([event], null, 'phone')),
    ]);
    for (const r of replies) expect(r.body.accepted).toEqual([event.id]);
    expect(await stored([event.id])).toBe(1);
    const pulled = await sync(token, syncBody([]));
    expect(pulled.body.events).toHaveLength(1);
  });

  it('grades a submitted test against its version’s key and returns the result with the event', async () => {
    const { token } = await learner();
    const responses = Object.fromEntries(
      postTest.questions
        .slice(0, 10)
        .map((q) => [
          q.id,
          q.type === 'truefalse' ? q.answer : q.type === 'short' ? q.accept[0] : q.options.filter((o) => o.correct).map((o) => o.id),
        ]),
    );
    // single-choice answers are one id, not a list
    for (const q of postTest.questions) if (q.type === 'single' && responses[q.id]) responses[q.id] = (responses[q.id] as string[])[0];
    const event = quizSubmitted('post-test', responses);
    const reply = await sync(token, syncBody([event]));
    expect(reply.body.accepted).toEqual([event.id]);
    const expected = scoreQuiz(postTest, responses as never);
    expect(expected.points).toBe(10);
    expect(reply.body.events[0].result).toEqual(expected);
    expect(reply.body.events[0].result).toEqual({
      score: Math.round((100 * 10) / postTest.questions.length),
      points: 10,
      questions: postTest.questions.length,
      passed: true,
    });
  });

  it('rejects each bad event with its reason, stores the good ones beside it, and never retries into acceptance', async () => {
    const { token } = await learner();
    const good = lessonCompleted('m1-l3');
    const outsider = await addUser(server.db); // exists but is not enrolled anywhere
    const bad = {
      invalid: { ...lessonCompleted(), data: { lessonId: 7 } },
      'unknown-course': { ...lessonCompleted(), courseId: 'tidak-ada' },
      'unknown-version': { ...lessonCompleted(), courseVersion: 9 },
      'unknown-lesson': lessonCompleted('m9-l9'),
      'unknown-quiz': quizSubmitted('kuis-hantu', {}),
      'unknown-survey': { ...lessonCompleted(), type: 'survey.submitted', data: { surveyId: 'bukan-survei', answers: { s1: 5 } } },
    };
    const reply = await sync(token, syncBody([good, ...Object.values(bad)]));
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toEqual([good.id]);
    const reasons = Object.fromEntries(reply.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason]));
    for (const [reason, event] of Object.entries(bad)) expect(reasons[event.id], reason).toBe(reason);
    for (const r of reply.body.rejected) expect(r.message.length).toBeGreaterThan(5);
    expect(await stored(Object.values(bad).map((e) => e.id))).toBe(0);

    const notEnrolled = await sync(await login(server, outsider), syncBody([lessonCompleted()]));
    expect(notEnrolled.body.rejected[0].reason).toBe('not-enrolled');
    const resent = await sync(token, syncBody(Object.values(bad)));
    expect(resent.body.accepted).toEqual([]);
  });

  it('rejects another learner’s event id as a conflict and never shows one learner another’s events', async () => {
    const ani = await learner();
    const budi = await learner();
    const event = lessonCompleted();
    await sync(ani.token, syncBody([event]));
    const stolen = await sync(budi.token, syncBody([event]));
    expect(stolen.body.accepted).toEqual([]);
    expect(stolen.body.rejected).toEqual([{ id: event.id, reason: 'conflict', message: expect.any(String) }]);
    expect(stolen.body.events).toEqual([]);
    const row = await server.db.selectFrom('events').select('user_id').where('id', '=', event.id).executeTakeFirstOrThrow();
    const aniRow = await server.db.selectFrom('users').select('id').where('nip', '=', ani.nip).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(aniRow.id);
  });

  it('refuses forged cursors and cursors of another learner with 400 invalid-cursor', async () => {
    const ani = await learner();
    const budi = await learner();
    const { cursor } = (await sync(ani.token, syncBody([lessonCompleted()]))).body;
    const tampered = cursor.replace(/^1\.\d+/, '1.0');
    for (const bad of ['abc', '1.0.xyz', tampered, `${cursor}x`, '9'.repeat(150)]) {
      const reply = await sync(ani.token, syncBody([lessonCompleted()], bad));
      expect(reply.status, bad).toBe(400);
      expect(reply.body.error).toBe('invalid-cursor');
    }
    expect((await sync(budi.token, syncBody([], cursor))).body.error).toBe('invalid-cursor');
  });

  it('pages pulls of 500 until more is false', async () => {
    const { token } = await learner();
    const events = Array.from({ length: 1200 }, (_, i) => position(`m1-l${(i % 3) + 1}`, (i % 100) / 100));
    for (let i = 0; i < events.length; i += 500)
      expect((await sync(token, syncBody(events.slice(i, i + 500), null, 'phone'))).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: number[] = [];
    for (let more = true; more; ) {
      const reply = await sync(token, syncBody([], cursor, 'office-pc'));
      seen.push(...reply.body.events.map((e: { id: string }) => e.id));
      pages.push(reply.body.events.length);
      ({ cursor, more } = reply.body);
    }
    expect(pages).toEqual([500, 500, 200]);
    expect(seen).toEqual(events.map((e) => e.id));
  });

  it('answers over-limit and malformed requests with a clear 4xx and stores nothing', async () => {
    const { token } = await learner();
    const tooMany = Array.from({ length: 501 }, () => lessonCompleted());
    const many = await sync(token, syncBody(tooMany));
    expect(many.status).toBe(413);
    expect(many.body.error).toBe('too-large');
    const huge = await sync(token, syncBody([{ ...lessonCompleted(), data: { lessonId: 'm1-l1', pad: 'x'.repeat(1_100_000) } }]));
    expect(huge.status).toBe(413);
    for (const body of [
      '{"protocol":1,',
      { protocol: 2, deviceId: 'd', cursor: null, events: [] },
      { protocol: 1, deviceId: 'd', cursor: null, events: 'nope' },
      { events: [] },
      [],
      'null',
    ]) {
      const reply = await sync(token, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    }
    expect(await stored(tooMany.map((e) => e.id))).toBe(0);
    expect((await server.call('POST', '/api/sync', { body: syncBody([]) })).status).toBe(401);
  });

  it('keeps each learner’s sequence gapless when two devices sync at the same moment', async () => {
    const { token } = await learner();
    const batches = Array.from({ length: 6 }, () =>
      Array.from({ length: 40 }, () => lessonCompleted(`m${1 + Math.floor(Math.random() * 5)}-l1`)),
    );
    const replies = await Promise.all(batches.map((b, i) => sync(token, syncBody(b, null, `device-${i % 2}`))));
    for (const r of replies) expect(r.status).toBe(200);
    const all = await sync(token, syncBody([]));
    expect(all.body.events.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(new Set(all.body.events.map((e: { id: string }) => e.id))).toEqual(new Set(batches.flat().map((e) => e.id)));
  });

  it('never lets a pull skip an event while other devices push at once', async () => {
    const { token } = await learner();
    const pushed: string[] = [];
    const pushers = Array.from({ length: 4 }, async (_, d) => {
      for (let round = 0; round < 15; round++) {
        const batch = Array.from({ length: 5 }, () => position('m2-l1', Math.random()));
        const reply = await sync(token, syncBody(batch, null, `pusher-${d}`));
        pushed.push(...reply.body.accepted);
      }
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pushing = true;
    const puller = (async () => {
      while (pushing) {
        const reply = await sync(token, syncBody([], cursor, 'puller'));
        seen.push(...reply.body.events.map((e: { id: string }) => e.id));
        cursor = reply.body.cursor;
      }
    })();
    await Promise.all(pushers);
    pushing = false;
    await puller;
    for (let more = true; more; ) {
      const reply = await sync(token, syncBody([], cursor, 'puller'));
      seen.push(...reply.body.events.map((e: { id: string }) => e.id));
      ({ cursor, more } = reply.body);
    }
    expect(pushed).toHaveLength(300);
    expect(seen).toHaveLength(300); // each exactly once
    expect(new Set(seen)).toEqual(new Set(pushed));
  });

  it('returns the fold for GET /api/progress, so a new device can restore', async () => {
    const { token } = await learner();
    await sync(
      token,
      syncBody([
        lessonCompleted('m1-l1'),
        lessonCompleted('m1-l2'),
        position('m1-l3', 0.25),
        { ...lessonCompleted('m1-l3'), type: 'study.time', data: { lessonId: 'm1-l3', seconds: 90 } },
      ]),
    );
    const reply = await server.call('GET', `/api/progress?courseId=${COURSE}`, { token });
    expect(reply.status).toBe(200);
    expect(reply.body.progress).toMatchObject({
      started: true,
      lessonsTotal: 16,
      resume: { lessonId: 'm1-l3', position: 0.25 },
      studySeconds: 90,
      complete: false,
    });
    expect(Object.keys(reply.body.progress.lessonsDone).sort()).toEqual(['m1-l1', 'm1-l2']);
    expect((await server.call('GET', '/api/progress?courseId=tidak-ada', { token })).status).toBe(404);
    expect((await server.call('GET', `/api/progress?courseId=${COURSE}`)).status).toBe(401);
  });

  it('accepts an id made on another device of the same learner as a duplicate', async () => {
    const { token } = await learner();
    const id = randomUUID();
    const a = await sync(token, syncBody([{ ...lessonCompleted(), id }], null, 'a'));
    const b = await sync(token, syncBody([{ ...lessonCompleted(), id }], null, 'b'));
    expect(a.body.accepted).toEqual([id]);
    expect(b.body.accepted).toEqual([id]);
  });
});
