// What reaches the server before a handler runs: who is admitted to sync, how slow and how
// large a body may be, and what every answer says about methods and transport.
import { connect, type Socket } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { bodyDeadlines } from '../../src/server/routes/body-deadline.js';
import { createTestDatabase, dialects } from '../helpers/databases.js';
import { COURSE, lessonCompleted, syncBody } from '../helpers/events.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

/** A raw HTTP request whose headers promise a body that is never sent; resolves with the first line of the answer. */
function promiseBodyNeverSend(port: number, path: string, headers: string): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n${headers}\r\n`);
  let data = '';
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (d) => {
      data += d;
      if (data.includes('\r\n')) resolve(data.split('\r\n')[0]!);
    });
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', () => undefined);
  });
  return { socket, answer };
}

describe.each(await dialects())('admission on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
  });
  afterAll(() => server?.close());

  it('answers a sync without a valid token at once, before its body, and never lets it hold a slot', async () => {
    const port = Number(new URL(server.url).port);
    // More than the 32 sync slots, each promising half a megabyte and sending none of it.
    const stalled = Array.from({ length: 40 }, (_, i) =>
      promiseBodyNeverSend(port, '/api/sync', i % 2 ? 'Authorization: Bearer not-a-token\r\n' : ''),
    );
    try {
      const answers = await Promise.all(stalled.map((s) => s.answer));
      expect(answers.every((a) => a === 'HTTP/1.1 401 Unauthorized')).toBe(true);
      // A learner syncs while all 40 connections are still open.
      const user = await addUser(server.db);
      await enrol(server.db, COURSE, { nips: [user.nip] });
      const token = await login(server, user);
      const event = lessonCompleted('m1-l1');
      const response = await fetch(`${server.url}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(syncBody([event])),
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
      expect((await response.json()).accepted).toEqual([event.id]);
    } finally {
      for (const s of stalled) s.socket.destroy();
    }
  });

  it('takes the Bearer scheme in any case', async () => {
    const token = await login(server, await addUser(server.db));
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const reply = await server.call('GET', '/api/me', { headers: { authorization: `${scheme} ${token}` } });
      expect(reply.status, scheme).toBe(200);
    }
  });
});

describe('a body that trickles in', () => {
  /** Drips a body into `path` for up to `ms`; resolves with when the server closed the socket, or -1. */
  async function trickle(port: number, path: string, ms: number): Promise<number> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const started = Date.now();
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    const drip = setInterval(() => socket.writable && socket.write(' '), 50);
    const after = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), ms))]);
    clearInterval(drip);
    socket.destroy();
    return after;
  }

  it('is cut off once its deadline passes, on every route but one that times its own body', async () => {
    const app = Fastify();
    bodyDeadlines(app, 300);
    const handled: string[] = [];
    app.post('/slow', async () => {
      handled.push('slow');
      return { ok: true };
    });
    app.post('/upload', { config: { ownBodyDeadline: true } }, async () => {
      handled.push('upload');
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const [slow, upload] = await Promise.all([trickle(port, '/slow', 5_000), trickle(port, '/upload', 1_500)]);
    await app.close();
    expect(slow).toBeGreaterThan(0); // closed by the server, not by the test's own timeout
    expect(upload).toBe(-1); // still open when the test gave up on it
    expect(handled).toEqual([]);
  });
});

describe('a body over the limit, from a separate server process', () => {
  let server: ServerProcess;
  let token: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    drop = database.drop;
    const store = openStore(database.url);
    await migrateToLatest(store.db);
    const user = await addUser(store.db);
    await store.close();
    server = new ServerProcess(await freePort(), database.url);
    await server.start();
    const reply = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    token = (await reply.json()).token;
  });
  afterAll(async () => {
    server?.kill();
    await drop?.();
  });

  it("gets a 413 that Node's fetch can read, never a broken pipe", async () => {
    const body = 'x'.repeat(6_000_000);
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++)
      for (const [path, auth] of [
        ['/api/auth/login', undefined],
        ['/api/auth/login', 'Bearer nope'],
        ['/api/sync', `Bearer ${token}`],
      ] as const) {
        try {
          const response = await fetch(server.url + path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
            body,
          });
          outcomes.push(`${path} ${response.status} ${(await response.json()).error}`);
        } catch (error) {
          outcomes.push(`${path} ${((error as Error).cause as { code?: string })?.code ?? error}`);
        }
      }
    expect(new Set(outcomes)).toEqual(new Set(['/api/auth/login 413 too-large', '/api/sync 413 too-large']));
  });
});

describe('answers about methods and transport', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('sqlite');
  });
  afterAll(() => server?.close());

  it('answers 405 with Allow to a known path asked with another method, 404 to an unknown path', async () => {
    const wrong = await server.call('DELETE', '/api/sync');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body.error).toBe('method-not-allowed');
    const withParam = await server.call('PUT', `/api/courses/${COURSE}`);
    expect(withParam.status).toBe(405);
    expect(withParam.headers.get('allow')).toBe('GET, HEAD');
    expect((await server.call('GET', '/api/tidak-ada')).status).toBe(404);
  });

  it('sends HSTS only over HTTPS, and no X-Frame-Options beside frame-ancestors', async () => {
    const plain = await server.call('GET', '/api/health');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.get('x-frame-options')).toBeNull();
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const database = await createTestDatabase('sqlite');
    const store = openStore(database.url);
    await migrateToLatest(store.db);
    const behindTls = await buildApp({ store, trustProxy: true });
    const reply = await behindTls.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(reply.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    await behindTls.close();
    await store.close();
    await database.drop();
  });
});
