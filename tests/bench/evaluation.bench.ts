// The evaluation report for 10,000 learners with 50 events each (500,000 events), on SQLite
// and on PostgreSQL, through the built server. The events are written straight into the
// database and marked stale, as sync would leave them; the server's keeper folds them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quiz } from '../../src/domain/course.js';
import { scoreQuiz } from '../../src/domain/scoring.js';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import type { EventsTable } from '../../src/server/db/schema.js';
import { createSession } from '../../src/server/services/sessions.js';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases.js';
import { answers } from '../helpers/events.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { addStaff } from '../helpers/staff.js';
import { report } from './report.js';

const COURSE = 'orientasi-pppk';
const LEARNERS = 10_000;
const EVENTS_EACH = 50;

/** Learner i finishes i % 17 lessons (16 is all of them, then the post-test), and always has 50 events. */
function eventsOf(userId: string, i: number, lessons: string[], pre: Quiz, post: Quiz): EventsTable[] {
  const start = Date.parse('2026-11-02T01:00:00Z') + (i % 500) * 60_000;
  const rows: Omit<EventsTable, 'seq'>[] = [];
  const add = (type: string, data: Record<string, unknown>, result: unknown = null) =>
    rows.push({
      id: randomUUID(),
      user_id: userId,
      device_id: 'phone',
      type,
      course_id: COURSE,
      course_version: 1,
      at: start + rows.length * 300_000,
      data_json: JSON.stringify(data),
      result_json: result ? JSON.stringify(result) : null,
      received_at: start,
      device_at: null,
    });
  const quiz = (q: Quiz, correct: number) => {
    const responses = answers(q, correct);
    add(
      'quiz.submitted',
      { quizId: q.id, attemptId: randomUUID(), responses, startedAt: new Date(start).toISOString() },
      scoreQuiz(q, responses),
    );
  };
  quiz(pre, 3 + (i % 8));
  const done = i % 17;
  for (const lesson of lessons.slice(0, done)) {
    add('lesson.position', { lessonId: lesson, position: 1 });
    add('lesson.completed', { lessonId: lesson });
    add('study.time', { lessonId: lesson, seconds: 600 });
  }
  if (done === lessons.length) quiz(post, 8 + (i % 7));
  while (rows.length < EVENTS_EACH) add('lesson.position', { lessonId: lessons[done % lessons.length]!, position: rows.length / 100 });
  return rows.map((r, n) => ({ ...r, seq: n + 1 }));
}

async function seed(store: Store) {
  const published = await importCourseDir(store.db, SAMPLE_COURSE);
  if (!published.ok) throw new Error(published.problems.join('\n'));
  const source = await store.db.selectFrom('course_versions').select(['source_json', 'package_json']).executeTakeFirstOrThrow();
  const quizzes = (JSON.parse(source.source_json) as { quizzes: Quiz[] }).quizzes;
  const lessons = (JSON.parse(source.package_json) as { modules: { lessons: { id: string }[] }[] }).modules.flatMap((m) =>
    m.lessons.map((l) => l.id),
  );
  const pre = quizzes.find((q) => q.id === 'pre-test')!;
  const post = quizzes.find((q) => q.id === 'post-test')!;
  const staff = await addStaff(store.db, LEARNERS, { passwordHash: 'unused', units: 25, enrolIn: COURSE, eventSeq: EVENTS_EACH });
  for (let i = 0; i < LEARNERS; i += 500) {
    const users = staff.slice(i, i + 500);
    const events = users.flatMap((u, j) => eventsOf(u.id, i + j, lessons, pre, post));
    for (let k = 0; k < events.length; k += 2000)
      await store.db
        .insertInto('events')
        .values(events.slice(k, k + 2000))
        .execute();
    await store.db
      .insertInto('progress_stale')
      .values(users.map((u) => ({ user_id: u.id, course_id: COURSE, seq: EVENTS_EACH })))
      .execute();
  }
  const now = Date.now();
  const admin = {
    id: randomUUID(),
    nip: '198001012006041001',
    name: 'Admin',
    unit: 'BKPSDM',
    position: '',
    role: 'admin' as const,
    password_hash: 'unused',
    disabled_at: null,
    created_at: now,
    updated_at: now,
  };
  await store.db.insertInto('users').values(admin).execute();
  return (await createSession(store.db, admin.id)).token;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.each(await dialects())('the report for 10,000 learners × 50 events on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let server: ServerProcess;
  let token: string;
  let seeded = 0;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = openStore(database.url);
    await migrateToLatest(store.db);
    const started = performance.now();
    token = await seed(store);
    seeded = (performance.now() - started) / 1000;
    server = new ServerProcess(await freePort(), database.url);
    await server.start();
  }, 600_000);
  afterAll(async () => {
    server?.kill();
    await store?.close();
    await database?.drop();
  });

  it('answers within 500 ms once the keeper has folded the events', async () => {
    // The keeper starts on its own at start-up; wait for it to fold every learner.
    const started = performance.now();
    while (
      (
        await store.db
          .selectFrom('progress_stale')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n > 0
    )
      await new Promise((r) => setTimeout(r, 100));
    const folded = (performance.now() - started) / 1000;

    const get = async (query = '') => {
      const t = performance.now();
      const reply = await fetch(`${server.url}/api/admin/courses/${COURSE}/report${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await reply.json()) as { enrolled: number; completed: number; learners: unknown[] };
      if (reply.status !== 200) throw new Error(JSON.stringify(body));
      return { ms: performance.now() - t, body };
    };
    const first = await get();
    expect(first.body.enrolled).toBe(LEARNERS);
    expect(first.body.learners).toHaveLength(LEARNERS);
    expect(first.body.completed).toBeGreaterThan(0);
    const times = [first.ms];
    for (let i = 0; i < 4; i++) times.push((await get()).ms);
    const csv = performance.now();
    await (await fetch(`${server.url}/api/admin/courses/${COURSE}/report.csv`, { headers: { authorization: `Bearer ${token}` } })).text();
    const csvMs = performance.now() - csv;
    const byUnit = await get(`?unit=${encodeURIComponent('Unit kerja 3')}`);
    const ranged = await get('?from=2026-11-01&to=2026-11-30');

    const over = report(`Evaluation report on ${dialect} (10,000 learners × 50 events = 500,000 events)`, [
      { name: 'GET …/report, median of 5', value: Math.round(median(times)), unit: 'ms', budget: 500, kind: 'max' },
      { name: 'GET …/report.csv', value: Math.round(csvMs), unit: 'ms', budget: 500, kind: 'max' },
      { name: 'GET …/report?unit= (one unit of 25)', value: Math.round(byUnit.ms), unit: 'ms', budget: 500, kind: 'max' },
      { name: 'GET …/report?from=&to= (folds the events in range)', value: Math.round(ranged.ms), unit: 'ms', budget: 30_000, kind: 'max' },
      { name: 'keeper: fold all 10,000 learners after start-up', value: folded, unit: 's', budget: 120, kind: 'max' },
      { name: 'seeding (not the server): 500,000 events written', value: seeded, unit: 's', budget: 600, kind: 'max' },
    ]);
    expect(over).toEqual([]);
  }, 600_000);
});
