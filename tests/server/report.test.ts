// The evaluation report against a generated cohort whose figures are known in advance:
// learners drop out at every step, some sync twice, some from two devices. The expected
// report is computed here from the generator's own numbers, not by the server's code.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quiz } from '../../src/domain/course.js';
import { createSession } from '../../src/server/services/sessions.js';
import { upsertUser } from '../../src/server/services/users.js';
import { dialects } from '../helpers/databases.js';
import { answers, COURSE, syncBody } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

const UNITS = ['Dinas Pendidikan', 'Dinas Kesehatan', 'Kecamatan Sukamaju', 'Sekretariat Daerah'];
const LEARNERS = 160;

interface Plan {
  nip: string;
  unit: string;
  stage: 0 | 1 | 2 | 3 | 4 | 5; // none, pre-test, some lessons, all lessons, failed post-test, completed
  preCorrect: number;
  postCorrect: number;
  twice: boolean;
  twoDevices: boolean;
}

const score = (correct: number, questions: number) => Math.round((100 * correct) / questions);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.each(await dialects())('the evaluation report on %s', (dialect) => {
  let server: TestServer;
  let adminToken: string;
  let pre: Quiz;
  let post: Quiz;
  let lessonIds: string[];
  const plans: Plan[] = [];

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    const row = await server.db.selectFrom('course_versions').select(['source_json', 'package_json']).executeTakeFirstOrThrow();
    const quizzes = (JSON.parse(row.source_json) as { quizzes: Quiz[] }).quizzes;
    pre = quizzes.find((q) => q.id === 'pre-test')!;
    post = quizzes.find((q) => q.id === 'post-test')!;
    lessonIds = (JSON.parse(row.package_json) as { modules: { lessons: { id: string }[] }[] }).modules.flatMap((m) =>
      m.lessons.map((l) => l.id),
    );
    adminToken = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));

    let t = Date.parse('2026-11-01T08:00:00Z');
    const at = () => {
      t += 60_000;
      return new Date(t).toISOString();
    };
    const n = post.questions.length;
    for (let i = 0; i < LEARNERS; i++) {
      const unit = UNITS[i % UNITS.length]!;
      const { nip } = await addUser(server.db, { unit });
      await enrol(server.db, COURSE, { nips: [nip] });
      const stage = (i % 6) as Plan['stage'];
      const preCorrect = i % 17 === 0 ? pre.questions.length : (i * 7) % pre.questions.length; // a few perfect pre-tests
      // Failing post-tests score under 70; passing ones at least 70.
      const postCorrect = stage === 4 ? (i % 5) + 3 : Math.min(n, Math.ceil(0.7 * n) + (i % 4));
      const plan: Plan = { nip, unit, stage, preCorrect, postCorrect, twice: i % 4 === 1, twoDevices: i % 5 === 2 };
      plans.push(plan);
      if (stage === 0) continue;
      const user = await server.db.selectFrom('users').select('id').where('nip', '=', nip).executeTakeFirstOrThrow();
      const event = (type: string, data: Record<string, unknown>) => ({
        id: randomUUID(),
        type,
        courseId: COURSE,
        courseVersion: 1,
        at: at(),
        data,
      });
      const events = [
        event('quiz.submitted', { quizId: 'pre-test', attemptId: randomUUID(), responses: answers(pre, preCorrect), startedAt: at() }),
      ];
      const lessons = stage === 2 ? lessonIds.slice(0, 5) : stage >= 3 ? lessonIds : [];
      for (const lessonId of lessons) events.push(event('lesson.completed', { lessonId }), event('study.time', { lessonId, seconds: 600 }));
      if (stage >= 4)
        events.push(
          event('quiz.submitted', { quizId: 'post-test', attemptId: randomUUID(), responses: answers(post, postCorrect), startedAt: at() }),
        );
      if (stage === 5)
        events.push(
          event('survey.submitted', {
            surveyId: 'reaction',
            answers: { s1: 4 + (i % 2), s2: 5, s3: 4, s4: 3 + (i % 3), s5: 5, s6: `Bermanfaat, terima kasih (${i})` },
          }),
        );
      const phone = (await createSession(server.db, user.id)).token;
      const office = (await createSession(server.db, user.id)).token;
      if (plan.twoDevices) {
        await server.call('POST', '/api/sync', {
          token: phone,
          body: syncBody(
            events.filter((_, k) => k % 2 === 0),
            null,
            'phone',
          ),
        });
        await server.call('POST', '/api/sync', {
          token: office,
          body: syncBody(
            events.filter((_, k) => k % 2 === 1),
            null,
            'office',
          ),
        });
      } else await server.call('POST', '/api/sync', { token: phone, body: syncBody(events, null, 'phone') });
      if (plan.twice) await server.call('POST', '/api/sync', { token: office, body: syncBody(events, null, 'office') });
    }
  }, 120_000);
  afterAll(() => server?.close());

  function expected(group: Plan[]) {
    const started = group.filter((p) => p.stage >= 1);
    const matched = group.filter((p) => p.stage >= 4);
    const preScore = (p: Plan) => score(p.preCorrect, pre.questions.length);
    const postScore = (p: Plan) => score(p.postCorrect, post.questions.length);
    const gains = matched.filter((p) => preScore(p) < 100).map((p) => (postScore(p) - preScore(p)) / (100 - preScore(p)));
    const mPre = mean(matched.map(preScore));
    const mPost = mean(matched.map(postScore));
    return {
      enrolled: group.length,
      started: started.length,
      finishedLessons: group.filter((p) => p.stage >= 3).length,
      tookPostTest: matched.length,
      passedPostTest: group.filter((p) => p.stage === 5).length,
      completed: group.filter((p) => p.stage === 5).length,
      preMean: mean(started.map(preScore)),
      postMean: mean(matched.map(postScore)),
      gain: mean(gains),
      gainN: gains.length,
      excluded: matched.length - gains.length,
      ofMeans: (mPost - mPre) / (100 - mPre),
      jp: group.filter((p) => p.stage === 5).length * 10,
    };
  }

  // biome-ignore lint/suspicious/noExplicitAny: the report's JSON, checked field by field
  function expectFigures(actual: Record<string, any>, group: Plan[]) {
    const e = expected(group);
    expect(actual).toMatchObject({
      enrolled: e.enrolled,
      started: e.started,
      finishedLessons: e.finishedLessons,
      tookPostTest: e.tookPostTest,
      passedPostTest: e.passedPostTest,
      completed: e.completed,
      jpAwarded: e.jp,
    });
    expect(actual.preTest.n).toBe(e.started);
    expect(actual.preTest.mean).toBeCloseTo(e.preMean, 2);
    expect(actual.postTest.n).toBe(e.tookPostTest);
    expect(actual.postTest.mean).toBeCloseTo(e.postMean, 2);
    expect(actual.normalizedGain.n).toBe(e.gainN);
    expect(actual.normalizedGain.excludedPreTest100).toBe(e.excluded);
    expect(actual.normalizedGain.mean).toBeCloseTo(e.gain, 3);
    expect(actual.normalizedGainOfMeans.value).toBeCloseTo(e.ofMeans, 3);
  }

  it('computes the funnel, the tests, both gains and JP, in total and per unit', async () => {
    const reply = await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: adminToken });
    expect(reply.status).toBe(200);
    const learnerPlans = plans;
    expectFigures(reply.body, learnerPlans);
    expect(reply.body.enrolled).toBe(LEARNERS);
    expect(reply.body.byUnit.map((u: { unit: string }) => u.unit)).toEqual([...UNITS].sort());
    for (const unit of reply.body.byUnit)
      expectFigures(
        unit,
        learnerPlans.filter((p) => p.unit === unit.unit),
      );
    const completed = learnerPlans.filter((p) => p.stage === 5).length;
    expect(reply.body.survey.responses).toBe(completed);
    expect(reply.body.survey.questions.find((q: { id: string }) => q.id === 's2')).toMatchObject({ n: completed, mean: 5 });
    expect(reply.body.survey.comments).toHaveLength(completed);
    expect(reply.body.studyHours).toBeCloseTo(
      (learnerPlans.filter((p) => p.stage === 2).length * 5 + learnerPlans.filter((p) => p.stage >= 3).length * lessonIds.length) *
        (600 / 3600),
      1,
    );
  });

  it('filters by unit and by date range', async () => {
    const unit = UNITS[1]!;
    const byUnit = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=${encodeURIComponent(unit)}`, { token: adminToken });
    expectFigures(
      byUnit.body,
      plans.filter((p) => p.unit === unit),
    );
    const before = await server.call('GET', `/api/admin/courses/${COURSE}/report?to=2026-10-31`, { token: adminToken });
    expect(before.body).toMatchObject({ enrolled: LEARNERS, started: 0, completed: 0 });
    expect((await server.call('GET', `/api/admin/courses/${COURSE}/report?from=not-a-date`, { token: adminToken })).status).toBe(400);
    // A range that ends before it starts is a mistake to say, not an empty report.
    const reversed = await server.call('GET', `/api/admin/courses/${COURSE}/report.csv?from=2026-11-02&to=2026-11-01`, {
      token: adminToken,
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toContain('must not be before "from"');
  });

  it('reads the same report from kept progress as from folding every event', async () => {
    const kept = await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: adminToken });
    const folded = await server.call('GET', `/api/admin/courses/${COURSE}/report?from=2000-01-01&to=2099-12-31`, { token: adminToken });
    expect(folded.status).toBe(200);
    expect(kept.body.completed).toBeGreaterThan(0);
    expect({ ...folded.body, filters: {} }).toEqual({ ...kept.body, filters: {} });
  });

  it('exports one CSV row per enrolled learner that parses back, UTF-8 with a BOM', async () => {
    const response = await fetch(`${server.url}/api/admin/courses/${COURSE}/report.csv`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(LEARNERS);
    expect(Object.keys(rows[0]!)).toEqual([
      'NIP',
      'Nama',
      'Unit kerja',
      'Jabatan',
      'Mulai',
      'Pelajaran selesai',
      'Pre-test',
      'Post-test',
      'Gain (g)',
      'Selesai pada',
      'JP',
    ]);
    for (const plan of plans) {
      // Grouped as printed ("19920315 202521 2 001"): a spreadsheet keeps it as text.
      const row = rows.find((r) => r.NIP?.replace(/ /g, '') === plan.nip)!;
      expect(row.NIP).toMatch(/^\d{8} \d{6} \d \d{3}$/);
      expect(row['Unit kerja']).toBe(plan.unit);
      expect(row.Mulai).toBe(plan.stage >= 1 ? 'ya' : 'tidak');
      expect(row['Pre-test']).toBe(plan.stage >= 1 ? String(score(plan.preCorrect, pre.questions.length)) : '');
      expect(row.JP).toBe(plan.stage === 5 ? '10' : '0');
    }
  });

  it('is for administrators only', async () => {
    const learner = await login(server, await addUser(server.db));
    expect((await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: learner })).status).toBe(403);
    expect((await server.call('GET', `/api/admin/courses/${COURSE}/report.csv`)).status).toBe(401);
    expect((await server.call('GET', '/api/admin/courses/tidak-ada/report', { token: adminToken })).status).toBe(404);
  });
});

describe.each(await dialects())('what the report passes on from learners and accounts on %s', (dialect) => {
  let server: TestServer;
  let adminToken: string;
  const survey = (s6: string) => ({
    id: randomUUID(),
    type: 'survey.submitted',
    courseId: COURSE,
    courseVersion: 1,
    at: new Date(Date.now() - 60_000).toISOString(),
    data: { surveyId: 'reaction', answers: { s1: 4, s6 } },
  });
  // As an older server stored it, before requests with such text were refused.
  async function storedLongAgo(nip: string, event: ReturnType<typeof survey>) {
    const user = await server.db.selectFrom('users').select(['id', 'event_seq']).where('nip', '=', nip).executeTakeFirstOrThrow();
    const seq = Number(user.event_seq) + 1;
    const at = Date.parse(event.at);
    await server.db
      .insertInto('events')
      .values({
        id: event.id,
        user_id: user.id,
        seq,
        device_id: 'hp-lama',
        type: event.type,
        course_id: COURSE,
        course_version: 1,
        at,
        data_json: JSON.stringify(event.data),
        result_json: null,
        received_at: at,
      })
      .execute();
    await server.db.updateTable('users').set({ event_seq: seq }).where('id', '=', user.id).execute();
    await server.db
      .insertInto('progress_stale')
      .values({ user_id: user.id, course_id: COURSE, seq })
      .onConflict((oc) => oc.columns(['user_id', 'course_id']).doUpdateSet({ seq }))
      .execute();
  }

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    adminToken = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());

  it('keeps NUL, lone surrogates and bidi overrides out of the survey comments', async () => {
    const synced = await addUser(server.db, { unit: 'Dinas Teks' });
    const old = await addUser(server.db, { unit: 'Dinas Teks' });
    await enrol(server.db, COURSE, { nips: [synced.nip, old.nip] });
    const reply = await server.call('POST', '/api/sync', {
      token: await login(server, synced),
      body: syncBody([survey('Bagus \u202Efdp.exe\u202C dan \u2067isolat\u2069')]),
    });
    expect(reply.body.rejected).toEqual([]);
    await storedLongAgo(old.nip, survey('Nul\u0000 di sini, \uD83D setengah'));

    const expected = ['Bagus fdp.exe dan isolat', 'Nul di sini, \uFFFD setengah'];
    const kept = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=Dinas%20Teks`, { token: adminToken });
    expect(kept.status).toBe(200);
    expect([...kept.body.survey.comments].sort()).toEqual(expected);
    expect([...kept.body.byUnit[0].survey.comments].sort()).toEqual(expected);
    const folded = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=Dinas%20Teks&from=2020-01-01&to=2099-12-31`, {
      token: adminToken,
    });
    expect([...folded.body.survey.comments].sort()).toEqual(expected);
  });

  it('writes names that look like formulas, even number-shaped ones, as text in the CSV', async () => {
    const nip = '199203152025219901';
    await upsertUser(server.db, {
      nip,
      name: '-1+HYPERLINK("http://contoh.test","klik")',
      unit: 'Dinas Rumus',
      position: '@SUM(A1)',
      password: 'rahasia-123',
    });
    await enrol(server.db, COURSE, { nips: [nip] });
    const response = await fetch(`${server.url}/api/admin/courses/${COURSE}/report.csv?unit=Dinas%20Rumus`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const text = await response.text();
    const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      expect.objectContaining({
        NIP: '19920315 202521 9 901',
        Nama: `'-1+HYPERLINK("http://contoh.test","klik")`,
        Jabatan: "'@SUM(A1)",
      }),
    ]);
  });
});
