// A staff import finishes even when the browser gives up waiting, its passwords can be
// recovered, and old login rows are pruned. Real server, both databases.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pruneLogins } from '../../src/server/services/pruning.js';
import { digest } from '../../src/server/services/sessions.js';
import { dialects } from '../helpers/databases.js';
import { addUser, login, startServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;

describe.each(await dialects())('staff import and pruning on %s', (dialect) => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startServer(dialect);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());

  it('creates every account of an import the browser gave up on, and a reset recovers their passwords', async () => {
    const unit = 'Dinas Impor Terputus';
    const rows = Array.from({ length: 300 }, (_, i) => `19850101202501${String(i).padStart(4, '0')},Pegawai ${i},${unit},Staf`);
    const inUnit = async () =>
      Number(
        (
          await server.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('unit', '=', unit)
            .executeTakeFirstOrThrow()
        ).n,
      );

    const browser = new AbortController();
    const sent = fetch(`${server.url}/api/admin/users/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ csv: ['nip,name,unit,position', ...rows].join('\n'), apply: true }),
      signal: browser.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    browser.abort();
    await expect(sent).rejects.toThrow();
    expect(await inUnit()).toBe(0); // 300 hashes take longer than that: it really was cut off

    await vi.waitFor(async () => expect(await inUnit()).toBe(300), { timeout: 60_000, interval: 250 });

    const reset = await server.call('POST', '/api/admin/users/reset-passwords', { token: admin, body: { neverLoggedIn: true, unit } });
    expect(reset.body.passwords).toHaveLength(300);
    const { nip, password } = reset.body.passwords[123];
    const first = await server.call('POST', '/api/auth/login', { body: { nip, password } });
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
  }, 120_000);

  it('refuses a name, unit or position over 200 characters, with the line', async () => {
    const long = 'x'.repeat(201);
    const preview = await server.call('POST', '/api/admin/users/import', {
      token: admin,
      body: { csv: `nip,name,unit,position\n198501012025019999,${long},Dinas,${long}` },
    });
    expect(preview.body.problems).toEqual([
      { line: 2, message: 'name is longer than 200 characters' },
      { line: 2, message: 'position is longer than 200 characters' },
    ]);
  });

  it('prunes ended sessions, stale failures and unused device keys, keeping what is live', async () => {
    const now = Date.now();
    const { id } = await server.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
    const session = (name: string, expires: number, revoked: number | null) => ({
      token_hash: digest(name),
      user_id: id,
      created_at: now - 60 * DAY,
      expires_at: expires,
      revoked_at: revoked,
    });
    await server.db
      .insertInto('sessions')
      .values([
        session('expired-long-ago', now - 20 * DAY, null),
        session('revoked-long-ago', now + 10 * DAY, now - 20 * DAY),
        session('revoked-yesterday', now + 10 * DAY, now - DAY),
        session('live', now + 10 * DAY, null),
      ])
      .execute();
    await server.db
      .insertInto('login_failures')
      .values([
        { nip: '199001010000000001', failures: 3, locked_until: null, updated_at: now - 2 * DAY },
        { nip: '199001010000000002', failures: 10, locked_until: now + 600_000, updated_at: now },
      ])
      .execute();
    const minute = Math.floor(now / 60_000);
    await server.db
      .insertInto('login_address_failures')
      .values([
        { address: '10.0.0.1', minute: minute - 30, failures: 50 },
        { address: '10.0.0.1', minute, failures: 5 },
      ])
      .execute();
    await server.db
      .insertInto('device_keys')
      .values([
        { key_hash: digest('forgotten-phone'), user_id: id, created_at: now - 800 * DAY, last_used_at: now - 400 * DAY },
        { key_hash: digest('daily-phone'), user_id: id, created_at: now - 800 * DAY, last_used_at: now - DAY },
      ])
      .execute();

    expect(await pruneLogins(server.db, now)).toEqual({ sessions: 2, addresses: 1, accounts: 1, deviceKeys: 1 });
    const hashes = (await server.db.selectFrom('sessions').select('token_hash').execute()).map((r) => r.token_hash);
    expect(hashes).toEqual(expect.arrayContaining([digest('revoked-yesterday'), digest('live')]));
    expect(hashes).not.toContain(digest('expired-long-ago'));
    expect(await server.db.selectFrom('login_failures').select('nip').execute()).toEqual([{ nip: '199001010000000002' }]);
    expect(await server.db.selectFrom('login_address_failures').select('failures').execute()).toEqual([{ failures: 5 }]);
    expect(await server.db.selectFrom('device_keys').select('key_hash').where('user_id', '=', id).execute()).toEqual(
      expect.not.arrayContaining([{ key_hash: digest('forgotten-phone') }]),
    );
  });
});
