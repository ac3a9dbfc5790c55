// Logins nobody can abuse, passwords nobody loses: device keys, the address rule, one-time
// passwords and admin resets, over real HTTP on both databases.
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_MAX_FAILURES, ADDRESS_MAX_FAILURES } from '../../src/server/services/login-limits.js';
import { upsertUser } from '../../src/server/services/users.js';
import { dialects } from '../helpers/databases.js';
import { syncBody } from '../helpers/events.js';
import { addUser, login, nextNip, type Reply, startServer, type TestServer } from '../helpers/server.js';

// Counting verifications tells whether a refused login cost a hash, without timing anything.
vi.mock('@node-rs/argon2', async (original) => {
  const actual = await original<typeof import('@node-rs/argon2')>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

describe.each(await dialects())('logins on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  const attempt = (body: { nip: string; password: string; deviceKey?: string }) => server.call('POST', '/api/auth/login', { body });
  /** Runs `count` logins, `at` a time. */
  const many = async (count: number, body: (i: number) => Parameters<typeof attempt>[0], at = 10) => {
    const replies: Reply[] = [];
    for (let i = 0; i < count; i += at)
      replies.push(...(await Promise.all(Array.from({ length: Math.min(at, count - i) }, (_, j) => attempt(body(i + j))))));
    return replies;
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());
  // Every case fails from the same address; each starts with a clean count.
  beforeEach(async () => {
    await server.db.deleteFrom('login_address_failures').execute();
    await server.db.deleteFrom('login_failures').execute();
  });

  describe('device keys', () => {
    it('never locks the owner out of their own device while a stranger is locked out', async () => {
      const owner = await addUser(server.db);
      const first = await attempt(owner);
      expect(first.status).toBe(200);
      expect(first.body.deviceKey).toMatch(/^[\w-]{43}$/);
      const { deviceKey } = first.body;

      const stranger = await many(ACCOUNT_MAX_FAILURES + 1, (i) => ({ nip: owner.nip, password: `tebakan-${i}` }), 1);
      expect(stranger.map((r) => r.status)).toEqual([...Array(ACCOUNT_MAX_FAILURES).fill(401), 429]);
      expect((await attempt(owner)).status).toBe(429); // without the key, even the right password waits

      // The owner's phone: wrong passwords still fail, but it is never locked out.
      const typos = await many(ACCOUNT_MAX_FAILURES + 2, (i) => ({ ...owner, password: `salah-${i}`, deviceKey }), 1);
      expect(new Set(typos.map((r) => r.status))).toEqual(new Set([401]));
      const again = await attempt({ ...owner, deviceKey });
      expect(again.status).toBe(200);
      expect(again.body.deviceKey).toBe(deviceKey);
      // ...and its success gives the stranger no fresh tries.
      expect((await attempt({ nip: owner.nip, password: 'tebakan-lagi' })).status).toBe(429);
    });

    it('stores device keys hashed, and a key of one account does nothing for another', async () => {
      const sari = await addUser(server.db);
      const agus = await addUser(server.db);
      const { deviceKey } = (await attempt(sari)).body;
      const stored = await server.db.selectFrom('device_keys').select('key_hash').execute();
      expect(stored.map((r) => r.key_hash)).not.toContain(deviceKey);

      await many(ACCOUNT_MAX_FAILURES, (i) => ({ nip: agus.nip, password: `tebakan-${i}` }), 1);
      expect((await attempt({ ...agus, deviceKey })).status).toBe(429);
    });
  });

  describe('the address rule', () => {
    it('refuses an address past 100 failures without hashing, except for accounts it holds a key of', async () => {
      const colleague = await addUser(server.db);
      const { deviceKey } = (await attempt(colleague)).body;
      const newcomer = await addUser(server.db);
      const guessed = await Promise.all(Array.from({ length: 20 }, () => addUser(server.db)));

      const failures = await many(ADDRESS_MAX_FAILURES + 1, (i) => ({ nip: guessed[i % 20]!.nip, password: `tebakan-${i}` }));
      expect(new Set(failures.map((r) => r.status))).toEqual(new Set([401]));

      const verifications = vi.mocked(verify).mock.calls.length;
      expect(verifications).toBeGreaterThan(ADDRESS_MAX_FAILURES); // the count is live
      const refused = await attempt({ nip: guessed[0]!.nip, password: 'tebakan-lain' });
      expect(refused.status).toBe(429);
      expect(refused.body.error).toBe('too-many-attempts');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(600);
      const right = await attempt(newcomer); // a right password without a key cannot be told apart
      expect(right.status).toBe(429);
      expect(vi.mocked(verify).mock.calls.length).toBe(verifications);

      // A colleague whose device key this address holds still logs in, and still fails plainly.
      expect((await attempt({ ...colleague, password: 'salah-ketik', deviceKey })).status).toBe(401);
      expect((await attempt({ ...colleague, deviceKey })).status).toBe(200);
    });

    it('never counts successful logins against the address', async () => {
      const staff = await Promise.all(Array.from({ length: 30 }, () => addUser(server.db)));
      const replies = await many(staff.length, (i) => staff[i]!);
      expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200]));
      expect(await server.db.selectFrom('login_address_failures').selectAll().execute()).toEqual([]);
    });
  });

  describe('one-time passwords', () => {
    it('asks for a new password before the token may do anything else', async () => {
      const nip = nextNip();
      const imported = await server.call('POST', '/api/admin/users/import', {
        token: admin,
        body: { csv: `nip,name,unit,position\n${nip},Rina Wati,Dinas Uji,Staf`, apply: true },
      });
      const password = imported.body.passwords[0].password as string;
      const first = await attempt({ nip, password });
      expect(first.status).toBe(200);
      expect(first.body.mustChangePassword).toBe(true);
      const { token } = first.body;

      for (const [method, path, body] of [
        ['GET', '/api/courses'],
        ['POST', '/api/sync', syncBody([])],
      ] as const) {
        const reply = await server.call(method, path, { token, body });
        expect(reply.status, path).toBe(403);
        expect(reply.body.error).toBe('password-change-required');
      }
      expect((await server.call('GET', '/api/me', { token })).body).toMatchObject({ user: { nip }, mustChangePassword: true });

      const change = (current: string, next: string) => server.call('POST', '/api/auth/password', { token, body: { current, next } });
      expect((await change(password, nip)).body.error).toBe('password-is-nip');
      expect((await change(password, 'pendek')).body.error).toBe('password-too-short');
      expect((await change('bukan-itu', 'sandi-baru-rina')).body.error).toBe('wrong-password');
      expect((await change(password, password)).body.error).toBe('password-unchanged');
      expect((await change(password, 'sandi-baru-rina')).status).toBe(200);

      expect((await server.call('GET', '/api/courses', { token })).status).toBe(200);
      expect((await attempt({ nip, password })).status).toBe(401);
      expect((await attempt({ nip, password: 'sandi-baru-rina' })).body.mustChangePassword).toBe(false);
    });

    it('keeps a password the operator chose', async () => {
      const nip = nextNip();
      await server.call('POST', '/api/admin/users/import', {
        token: admin,
        body: { csv: `nip,name,unit,position,role,password\n${nip},Budi,Dinas Uji,Staf,,pilihan-operator`, apply: true },
      });
      expect((await attempt({ nip, password: 'pilihan-operator' })).body.mustChangePassword).toBe(false);

      const cli = nextNip();
      await upsertUser(server.db, { nip: cli, name: 'Citra', unit: 'Dinas Uji', password: 'sandi-dari-cli' });
      expect((await attempt({ nip: cli, password: 'sandi-dari-cli' })).body.mustChangePassword).toBe(false);
      await upsertUser(server.db, { nip: cli, name: 'Citra', unit: 'Dinas Uji', password: 'dibuat-sinau-1' }, { oneTimePassword: true });
      expect((await attempt({ nip: cli, password: 'dibuat-sinau-1' })).body.mustChangePassword).toBe(true);
    });
  });

  describe('admin resets', () => {
    it('gives one account a one-time password once, ending its sessions', async () => {
      const learner = await addUser(server.db, { unit: 'Dinas Reset' });
      const old = await login(server, learner);
      const reset = await server.call('POST', `/api/admin/users/${learner.nip}/reset-password`, { token: admin });
      expect(reset.status).toBe(200);
      expect(reset.headers.get('cache-control')).toMatch(/no-store/);
      expect(reset.body.passwords).toEqual([
        { nip: learner.nip, name: expect.any(String), unit: 'Dinas Reset', password: expect.any(String) },
      ]);
      const { password } = reset.body.passwords[0];
      expect(reset.body.csv).toContain(password);

      expect((await server.call('GET', '/api/me', { token: old })).status).toBe(401);
      expect((await attempt(learner)).status).toBe(401);
      expect((await attempt({ nip: learner.nip, password })).body.mustChangePassword).toBe(true);

      const csv = await server.call('POST', `/api/admin/users/${learner.nip}/reset-password?format=csv`, { token: admin });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
      expect(header).toBe('NIP,Nama,Unit kerja,Kata sandi sekali pakai');
      expect(row).toMatch(
        new RegExp(`^${learner.nip.slice(0, 8)} ${learner.nip.slice(8, 14)} ${learner.nip.slice(14, 15)} ${learner.nip.slice(15)},`),
      );
      expect(row!.split(',').at(-1)).not.toBe(password);
    });

    it("refuses a learner, an unknown NIP and the caller's own account", async () => {
      const learner = await addUser(server.db);
      const token = await login(server, learner);
      expect((await server.call('POST', `/api/admin/users/${learner.nip}/reset-password`, { token })).status).toBe(403);
      expect((await server.call('POST', '/api/admin/users/199001010000009999/reset-password', { token: admin })).status).toBe(404);
      const me = (await server.call('GET', '/api/me', { token: admin })).body.user.nip;
      expect((await server.call('POST', `/api/admin/users/${me}/reset-password`, { token: admin })).status).toBe(400);
    });

    it('resets every account of a unit that has never logged in, and only those', async () => {
      const unit = 'Kecamatan Belum Masuk';
      const nips = [nextNip(), nextNip(), nextNip()];
      await server.call('POST', '/api/admin/users/import', {
        token: admin,
        body: { csv: ['nip,name,unit,position', ...nips.map((n, i) => `${n},Pegawai ${i},${unit},Staf`)].join('\n'), apply: true },
      });
      const active = await addUser(server.db, { unit });
      await login(server, active);

      const reset = await server.call('POST', '/api/admin/users/reset-passwords', { token: admin, body: { neverLoggedIn: true, unit } });
      expect(reset.status).toBe(200);
      expect(reset.body.passwords.map((p: { nip: string }) => p.nip).sort()).toEqual([...nips].sort());
      for (const { nip, password } of reset.body.passwords) expect((await attempt({ nip, password })).body.mustChangePassword).toBe(true);

      // Now they have all logged in: nobody is left to reset.
      const csv = await server.call('POST', '/api/admin/users/reset-passwords?format=csv', {
        token: admin,
        body: { neverLoggedIn: true, unit },
      });
      expect(csv.text.replace(/^\uFEFF/, '').trim()).toBe('NIP,Nama,Unit kerja,Kata sandi sekali pakai');
      expect((await server.call('POST', '/api/admin/users/reset-passwords', { token: admin, body: { neverLoggedIn: false } })).status).toBe(
        400,
      );
    });
  });
});
