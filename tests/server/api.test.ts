import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_MAX_FAILURES } from '../../src/server/services/login-limits.js';
import { dialects } from '../helpers/databases.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

describe.each(await dialects())('HTTP API on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
  });
  afterAll(() => server?.close());

  it('reports health and the database kind', async () => {
    const reply = await server.call('GET', '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true, db: dialect });
  });

  it('answers 503 to a health check when the database does not answer', async () => {
    const other = await startServer(dialect);
    await other.store.close();
    const reply = await other.call('GET', '/api/health');
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({ error: 'database-unavailable', message: expect.any(String) });
    await other.app.close();
    await other.database.drop();
  });

  describe('login', () => {
    it('answers a wrong password with 401 as JSON', async () => {
      const user = await addUser(server.db);
      const reply = await server.call('POST', '/api/auth/login', { body: { nip: user.nip, password: 'salah-sekali' } });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(/application\/json/);
      expect(reply.body).toEqual({ error: 'wrong-credentials', message: expect.any(String) });
    });

    it('answers an unknown NIP exactly like a wrong password', async () => {
      const reply = await server.call('POST', '/api/auth/login', { body: { nip: '000000000000000000', password: 'apa-saja' } });
      expect(reply.status).toBe(401);
      expect(reply.body.error).toBe('wrong-credentials');
    });

    it.each([
      ['not JSON', '{nip:'],
      ['wrong types', { nip: 123, password: true }],
      ['missing fields', {}],
      ['an array', []],
    ])('answers a malformed body (%s) with 400 as JSON', async (_, body) => {
      const reply = await server.call('POST', '/api/auth/login', { body });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    });

    it('returns a token and the user, and /api/me knows them', async () => {
      const user = await addUser(server.db, { unit: 'Dinas Pendidikan' });
      const reply = await server.call('POST', '/api/auth/login', { body: user });
      expect(reply.status).toBe(200);
      expect(reply.body.token).toMatch(/^[\w-]{43}$/);
      expect(reply.body.user).toMatchObject({ nip: user.nip, unit: 'Dinas Pendidikan', role: 'learner' });
      expect(reply.body.user).not.toHaveProperty('password_hash');
      const me = await server.call('GET', '/api/me', { token: reply.body.token });
      expect(me.body.user.nip).toBe(user.nip);
    });

    it('stores the token only hashed', async () => {
      const token = await login(server, await addUser(server.db));
      const rows = await server.db.selectFrom('sessions').select('token_hash').execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.token_hash)).not.toContain(token);
    });

    it('locks one account after repeated failures while a colleague on the same address logs in', async () => {
      const victim = await addUser(server.db);
      const colleague = await addUser(server.db);
      const statuses: number[] = [];
      for (let i = 0; i < ACCOUNT_MAX_FAILURES + 2; i++)
        statuses.push((await server.call('POST', '/api/auth/login', { body: { nip: victim.nip, password: `tebakan-${i}` } })).status);
      expect(statuses.slice(0, ACCOUNT_MAX_FAILURES)).toEqual(Array(ACCOUNT_MAX_FAILURES).fill(401));
      expect(statuses.slice(ACCOUNT_MAX_FAILURES)).toEqual([429, 429]);

      const locked = await server.call('POST', '/api/auth/login', { body: victim });
      expect(locked.status).toBe(429); // even the right password waits out the cooling period
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
      expect(locked.body.error).toBe('too-many-attempts');

      expect((await server.call('POST', '/api/auth/login', { body: colleague })).status).toBe(200);
    });

    it('lets one address (an office behind NAT) fail 100 times across accounts without limiting it', async () => {
      // The tests before this one failed from this address too.
      await server.db.deleteFrom('login_address_failures').execute();
      const users = await Promise.all(Array.from({ length: 20 }, () => addUser(server.db)));
      const failures = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          server.call('POST', '/api/auth/login', { body: { nip: users[i % 20]!.nip, password: `typo-${i}` } }),
        ),
      );
      expect(failures.map((r) => r.status)).toEqual(Array(100).fill(401));
      const ok = await server.call('POST', '/api/auth/login', { body: await addUser(server.db) });
      expect(ok.status).toBe(200);
      // One failure more would take the address over the limit for the tests after this one.
      await server.db.deleteFrom('login_address_failures').execute();
    });

    it('revokes the token on logout', async () => {
      const token = await login(server, await addUser(server.db));
      expect((await server.call('GET', '/api/me', { token })).status).toBe(200);
      expect((await server.call('POST', '/api/auth/logout', { token })).status).toBe(200);
      const after = await server.call('GET', '/api/me', { token });
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('unauthorized');
    });

    it('refuses an expired token', async () => {
      const token = await login(server, await addUser(server.db));
      await server.db
        .updateTable('sessions')
        .set({ expires_at: Date.now() - 1 })
        .execute();
      expect((await server.call('GET', '/api/me', { token })).status).toBe(401);
    });

    it('refuses a missing or made-up token', async () => {
      expect((await server.call('GET', '/api/courses')).status).toBe(401);
      expect((await server.call('GET', '/api/courses', { token: 'x'.repeat(43) })).status).toBe(401);
    });
  });

  describe('roles', () => {
    it('gives a learner 403 on an admin route and an admin 200', async () => {
      const learner = await login(server, await addUser(server.db));
      const denied = await server.call('GET', '/api/admin/users', { token: learner });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toBe('forbidden');
      const admin = await login(server, await addUser(server.db, { role: 'admin' }));
      const allowed = await server.call('GET', '/api/admin/users', { token: admin });
      expect(allowed.status).toBe(200);
      expect(allowed.body.users.length).toBeGreaterThan(1);
    });
  });

  describe('courses', () => {
    let token: string;
    beforeAll(async () => {
      const user = await addUser(server.db);
      await enrol(server.db, 'orientasi-pppk', { nips: [user.nip] });
      token = await login(server, user);
    });

    it('lists only the courses a learner is enrolled in, with their download size', async () => {
      const outsider = await login(server, await addUser(server.db));
      expect((await server.call('GET', '/api/courses', { token: outsider })).body.courses).toEqual([]);
      const { body } = await server.call('GET', '/api/courses', { token });
      expect(body.courses).toHaveLength(1);
      expect(body.courses[0]).toMatchObject({ id: 'orientasi-pppk', version: 1, category: 'orientasi', jp: 10 });
      expect(body.courses[0].lessons).toBeGreaterThanOrEqual(12);
      expect(body.courses[0].downloadBytes).toBeGreaterThan(50_000);
    });

    it('serves the package without the keys of graded tests, and with those of practice quizzes', async () => {
      const reply = await server.call('GET', '/api/courses/orientasi-pppk', { token });
      expect(reply.status).toBe(200);
      const pkg = reply.body;
      for (const test of [pkg.preTest, pkg.postTest]) {
        expect(test.feedback).toBe('after-sync');
        const json = JSON.stringify(test);
        for (const key of ['"correct"', '"answer"', '"accept"', '"explanation"']) expect(json).not.toContain(key);
      }
      const practice = JSON.stringify(pkg.quizzes);
      expect(practice).toContain('"correct":true');
      expect(practice).toContain('"explanation"');
    });

    it('serves every image of the package, content-addressed and immutable', async () => {
      const pkg = (await server.call('GET', '/api/courses/orientasi-pppk', { token })).body;
      expect(pkg.assets.length).toBeGreaterThanOrEqual(6);
      for (const asset of pkg.assets) {
        const response = await fetch(`${server.url}/api/assets/${asset.sha256}`);
        const bytes = Buffer.from(await response.arrayBuffer());
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(response.headers.get('content-type')).toContain(asset.mime);
        const { createHash } = await import('node:crypto');
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(asset.sha256);
      }
      const lessonHtml = pkg.modules.flatMap((m: { lessons: { html: string }[] }) => m.lessons.map((l) => l.html)).join('');
      expect(lessonHtml).toMatch(/<img src="\/api\/assets\/[0-9a-f]{64}"/);
    });

    it('answers 404 for a course the learner is not enrolled in and for an unknown asset', async () => {
      const outsider = await login(server, await addUser(server.db));
      expect((await server.call('GET', '/api/courses/orientasi-pppk', { token: outsider })).status).toBe(404);
      expect((await server.call('GET', `/api/assets/${'0'.repeat(64)}`)).status).toBe(404);
      expect((await server.call('GET', '/api/assets/not-a-hash')).status).toBe(400);
    });
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const reply = await server.call('GET', '/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error).toBe('not-found');
  });

  it('answers a body over 1 MiB with 413 as JSON', async () => {
    const reply = await server.call('POST', '/api/auth/login', { body: { nip: '1', password: 'x'.repeat(1_100_000) } });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toBe('too-large');
  });
});
