// A whole office behind one NAT address logs in at once: 1,000 staff must be through
// within a minute (docs/security.md). Real server, real HTTP, argon2id at OWASP's minimum.
// Then an admin imports 1,000 more staff in one request, hashing on every core.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/services/passwords.js';
import { addUser, login, startServer, type TestServer } from '../helpers/server.js';
import { addStaff, staffNip } from '../helpers/staff.js';
import { report } from './report.js';

const STAFF = 1000;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startServer('sqlite');
  await addStaff(server.db, STAFF, { passwordHash: await hashPassword('sandi-kantor-1'), units: 10 });
  // Before the office's typos count against this address.
  admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
}, 120_000);
afterAll(() => server?.close());

it('1,000 logins from one address, 50 at a time, with 10% typos first', async () => {
  const started = performance.now();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const one = async (i: number) => {
    const nip = staffNip(i);
    if (i % 10 === 0) await server.call('POST', '/api/auth/login', { body: { nip, password: 'salah-ketik' } });
    const t = performance.now();
    const reply = await server.call('POST', '/api/auth/login', { body: { nip, password: 'sandi-kantor-1' } });
    latencies.push(performance.now() - t);
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < STAFF) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const over = report('Office login (1,000 staff, one address)', [
    { name: 'successful logins', value: statuses.get(200) ?? 0, unit: 'logins', budget: STAFF, kind: 'min' },
    { name: 'wall time for all 1,000 (+100 typos)', value: seconds, unit: 's', budget: 60, kind: 'max' },
    { name: 'login latency p50', value: latencies[Math.floor(STAFF * 0.5)]!, unit: 'ms', budget: 5000, kind: 'max' },
    { name: 'login latency p99', value: latencies[Math.floor(STAFF * 0.99)]!, unit: 'ms', budget: 10000, kind: 'max' },
  ]);
  expect(over).toEqual([]);
}, 180_000);

it('importing 1,000 staff with generated passwords in one request', async () => {
  const rows = Array.from(
    { length: STAFF },
    (_, i) => `19850101202502${String(i).padStart(4, '0')},Pegawai Baru ${i},Unit impor ${i % 10},Staf`,
  );
  const started = performance.now();
  const reply = await server.call('POST', '/api/admin/users/import', {
    token: admin,
    body: { csv: ['nip,name,unit,position', ...rows].join('\n'), apply: true },
  });
  const seconds = (performance.now() - started) / 1000;
  const over = report('Staff import (1,000 new accounts, one request)', [
    { name: 'accounts created', value: reply.body.created ?? 0, unit: 'accounts', budget: STAFF, kind: 'min' },
    { name: 'wall time, hashes on every core and one transaction', value: seconds, unit: 's', budget: 20, kind: 'max' },
  ]);
  expect(over).toEqual([]);
}, 120_000);
