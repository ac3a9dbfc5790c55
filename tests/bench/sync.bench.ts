// Sync ingest throughput beside a raw batched insert of the same rows, and a reconnect
// storm: 1,000 learners with 50 queued events each syncing at once.
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { hashPassword } from '../../src/server/services/passwords.js';
import { createSession } from '../../src/server/services/sessions.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { report } from './report.js';

const COURSE = 'orientasi-pppk';
const LESSONS = ['m1-l1', 'm1-l2', 'm1-l3', 'm2-l1', 'm2-l2'];

function events(n: number) {
  const base = Date.parse('2026-11-28T08:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    type: i % 5 === 0 ? 'lesson.completed' : 'lesson.position',
    courseId: COURSE,
    courseVersion: 1,
    at: new Date(base + i * 1000).toISOString(),
    data: i % 5 === 0 ? { lessonId: LESSONS[i % 5] } : { lessonId: LESSONS[i % 5], position: (i % 100) / 100 },
  }));
}

async function setUp(learners: number) {
  const database = await createTestDatabase('sqlite');
  const store = openStore(database.url);
  await migrateToLatest(store.db);
  const published = await importCourseDir(store.db, SAMPLE_COURSE);
  if (!published.ok) throw new Error(published.problems.join('\n'));
  const hash = await hashPassword('bench-password');
  const now = Date.now();
  const tokens: string[] = [];
  for (let i = 0; i < learners; i += 250) {
    const batch = Array.from({ length: Math.min(250, learners - i) }, (_, j) => ({
      id: `u${i + j}`,
      nip: `1990010120250${String(i + j).padStart(5, '0')}`,
      name: `Pegawai ${i + j}`,
      unit: `Unit ${(i + j) % 20}`,
      position: '',
      role: 'learner' as const,
      password_hash: hash,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    }));
    await store.db.insertInto('users').values(batch).execute();
    await store.db
      .insertInto('enrolments')
      .values(batch.map((u) => ({ user_id: u.id, course_id: COURSE, enrolled_at: now })))
      .execute();
    for (const u of batch) tokens.push((await createSession(store.db, u.id)).token);
  }
  const server = new ServerProcess(await freePort(), database.url);
  await server.start();
  return { database, store, server, tokens };
}

const post = (url: string, token: string, body: string) =>
  fetch(`${url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });

describe('sync ingest on SQLite', () => {
  let env: { database: TestDatabase; store: Store; server: ServerProcess; tokens: string[] };
  beforeAll(async () => {
    env = await setUp(40);
  }, 120_000);
  afterAll(async () => {
    env?.server.kill();
    await env?.store.close();
    await env?.database.drop();
  });

  it('stores at least 10,000 events/s and at least half the rate of a raw batched insert', async () => {
    const TOTAL = 40 * 1000; // 40 learners × 1,000 events, in requests of 500
    const perLearner = env.tokens.map((token) => ({
      token,
      bodies: [0, 1].map(() => JSON.stringify({ protocol: 1, deviceId: 'bench', cursor: null, events: events(500) })),
    }));
    // Warm-up: connections, JIT, caches.
    await post(env.server.url, env.tokens[0]!, JSON.stringify({ protocol: 1, deviceId: 'w', cursor: null, events: events(10) }));

    const started = performance.now();
    let next = 0;
    const jobs = perLearner.flatMap((l) => l.bodies.map((body) => ({ token: l.token, body })));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          const reply = await post(env.server.url, job.token, job.body);
          if (reply.status !== 200) throw new Error(`sync answered ${reply.status}`);
          await reply.arrayBuffer();
        }
      }),
    );
    const syncSeconds = (performance.now() - started) / 1000;
    const syncRate = TOTAL / syncSeconds;

    // The same rows, inserted raw in batches of 500 into the same kind of database (SQLite, WAL).
    const rows = (await env.store.db.selectFrom('events').selectAll().limit(TOTAL).offset(10).execute()).map((r) => ({
      ...r,
      id: randomUUID(),
    }));
    const raw = new SQLite(env.database.url.slice('sqlite:'.length).replace(/sinau\.db$/, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(
      'create table events (id text primary key, user_id text not null, seq bigint not null, device_id text not null, type text not null, course_id text not null, course_version integer not null, at bigint not null, data_json text not null, result_json text, received_at bigint not null, unique (user_id, seq))',
    );
    const insert = raw.prepare(
      'insert into events values (@id, @user_id, @seq, @device_id, @type, @course_id, @course_version, @at, @data_json, @result_json, @received_at)',
    );
    const batch = raw.transaction((chunk: typeof rows) => {
      for (const r of chunk) insert.run(r);
    });
    const rawStarted = performance.now();
    for (let i = 0; i < rows.length; i += 500) batch(rows.slice(i, i + 500));
    const rawRate = rows.length / ((performance.now() - rawStarted) / 1000);
    raw.close();

    const over = report('Sync ingest on SQLite (40 learners × 1,000 events, 500 a request, 8 in flight)', [
      { name: 'POST /api/sync ingest', value: Math.round(syncRate), unit: 'ev/s', budget: 10_000, kind: 'min' },
      { name: 'raw batched insert of the same rows (better-sqlite3)', value: Math.round(rawRate), unit: 'ev/s', budget: 0, kind: 'min' },
      { name: 'ratio sync ÷ raw', value: syncRate / rawRate, unit: '×', budget: 0.5, kind: 'min' },
    ]);
    expect(over).toEqual([]);
  }, 300_000);
});

describe('reconnect storm on SQLite', () => {
  let env: { database: TestDatabase; store: Store; server: ServerProcess; tokens: string[] };
  beforeAll(async () => {
    env = await setUp(1000);
  }, 300_000);
  afterAll(async () => {
    env?.server.kill(process.env.BENCH_PROFILE ? 'SIGINT' : 'SIGKILL');
    if (process.env.BENCH_PROFILE) await new Promise((r) => setTimeout(r, 12_000));
    await env?.store.close();
    await env?.database.drop();
  });

  it('1,000 learners with 50 queued events each sync at once', async () => {
    const bodies = env.tokens.map(() => JSON.stringify({ protocol: 1, deviceId: 'phone', cursor: null, events: events(50) }));
    const latencies: number[] = [];
    let accepted = 0;
    const started = performance.now();
    await Promise.all(
      env.tokens.map(async (token, i) => {
        // A real phone retries a 429 after Retry-After; count the whole wait.
        const t = performance.now();
        for (let attempt = 0; attempt < 20; attempt++) {
          const reply = await post(env.server.url, token, bodies[i]!);
          if (reply.status === 429) {
            await reply.arrayBuffer();
            await new Promise((r) => setTimeout(r, Number(reply.headers.get('retry-after') ?? 1) * 1000));
            continue;
          }
          const body = (await reply.json()) as { accepted: string[] };
          accepted += body.accepted.length;
          break;
        }
        latencies.push(performance.now() - t);
      }),
    );
    const wall = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const over = report('Reconnect storm (1,000 learners × 50 events at once, SQLite)', [
      { name: 'events accepted', value: accepted, unit: 'events', budget: 50_000, kind: 'min' },
      { name: 'latency p50', value: Math.round(latencies[499]!), unit: 'ms', budget: 1000, kind: 'max' },
      { name: 'latency p99', value: Math.round(latencies[989]!), unit: 'ms', budget: 1000, kind: 'max' },
      { name: 'wall time', value: wall, unit: 's', budget: 60, kind: 'max' },
      { name: 'server peak RSS', value: Math.round(env.server.peakRssMb()), unit: 'MB', budget: 200, kind: 'max' },
    ]);
    expect(over).toEqual([]);
  }, 300_000);
});
