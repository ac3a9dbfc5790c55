// The real server on a random port over real HTTP, on a fresh database of either dialect.
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Quiz } from '../../src/domain/course.js';
import { type AppOptions, buildApp } from '../../src/server/app.js';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import type { Database, Role } from '../../src/server/db/schema.js';
import { enrol } from '../../src/server/services/enrolments.js';
import { upsertUser } from '../../src/server/services/users.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { COURSE } from './events.js';

export const SAMPLE_COURSE = resolve(import.meta.dirname, '../../courses/orientasi-pppk');

export interface TestServer {
  url: string;
  db: Kysely<Database>;
  store: Store;
  database: TestDatabase;
  app: FastifyInstance;
  close(): Promise<void>;
  /** fetch against the server, JSON in and out. */
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Reply>;
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience
  body: any;
  text: string;
}

/** `options`: what buildApp takes besides the database (the built app's folder, certificate settings, …). */
export async function startServer(dialect: TestDatabase['dialect'], options: Omit<AppOptions, 'store'> = {}): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const store = openStore(database.url);
  await migrateToLatest(store.db);
  const app = await buildApp({ store, ...options });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    db: store.db,
    store,
    database,
    app,
    async close() {
      await app.close();
      await store.close();
      await database.drop();
    },
    async call(method, path, { body, token, headers = {} } = {}) {
      const response = await fetch(url + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
  };
}

let counter = 0;
/** A unique 18-digit NIP. */
export const nextNip = () => `19900101${String(Date.now() % 1e6).padStart(6, '0')}${String(counter++ % 1e4).padStart(4, '0')}`;

export async function addUser(db: Kysely<Database>, fields: { role?: Role; unit?: string; password?: string } = {}) {
  const nip = nextNip();
  const password = fields.password ?? 'rahasia-123';
  await upsertUser(db, {
    nip,
    name: `Pegawai ${nip.slice(-4)}`,
    unit: fields.unit ?? 'Dinas Uji',
    role: fields.role ?? 'learner',
    password,
  });
  return { nip, password };
}

export async function login(server: TestServer, user: { nip: string; password: string }): Promise<string> {
  const reply = await server.call('POST', '/api/auth/login', { body: user });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.body.token;
}

/** A learner enrolled in the sample course and logged in, with their account id. */
export async function enrolledLearner(server: TestServer) {
  const user = await addUser(server.db);
  await enrol(server.db, COURSE, { nips: [user.nip] });
  const token = await login(server, user);
  const me = await server.call('GET', '/api/me', { token });
  return { ...user, token, id: me.body.user.id as string };
}

/** The published sample course's quizzes with their keys, by id. */
export async function sampleQuizzes(server: TestServer): Promise<Map<string, Quiz>> {
  const row = await server.db.selectFrom('course_versions').select('source_json').where('course_id', '=', COURSE).executeTakeFirstOrThrow();
  return new Map((JSON.parse(row.source_json) as { quizzes: Quiz[] }).quizzes.map((q) => [q.id, q]));
}

export async function publishSample(server: TestServer): Promise<void> {
  const outcome = await importCourseDir(server.db, SAMPLE_COURSE);
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
}

export { enrol };
