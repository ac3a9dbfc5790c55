// Verifying certificates: whoever scans a QR (a front desk, a ceremony hall) asks the public
// GET /api/verify/:code. 1,000 of those against the built server on SQLite holding 1,000
// certificates, one at a time and then ten at a time, typed as people type them: codes in
// lower case or hyphenated, and some nobody was given (docs/certificates.md).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeFromBytes, maskNip } from '../../src/domain/certificates.js';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import type { CertificatesTable } from '../../src/server/db/schema.js';
import { signFacts, signingKey } from '../../src/server/services/certificates/signing.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { addStaff } from '../helpers/staff.js';
import { report } from './report.js';

const COURSE = 'orientasi-pppk';
const CERTIFICATES = 1000;
const REQUESTS = 1000;
const AT_ONCE = 10;

let database: TestDatabase;
let store: Store;
let server: ServerProcess;
const codes: string[] = [];

/** 1,000 learners who completed the sample course, certified as a fold would certify them. */
async function seed() {
  const published = await importCourseDir(store.db, SAMPLE_COURSE);
  if (!published.ok) throw new Error(published.problems.join('\n'));
  const staff = await addStaff(store.db, CERTIFICATES, { passwordHash: 'unused', units: 20, enrolIn: COURSE });
  const key = await signingKey(store.db);
  const now = Date.now();
  const rows: CertificatesTable[] = staff.map((u, i) => {
    const code = codeFromBytes(randomBytes(7));
    codes.push(code);
    const completedAt = now - (i + 1) * 3_600_000;
    const facts = {
      v: 1 as const,
      code,
      name: u.name,
      nipMasked: maskNip(u.nip),
      courseId: COURSE,
      courseTitle: 'Orientasi PPPK: Pengenalan Tugas dan Fungsi ASN',
      jp: 10,
      category: 'orientasi',
      completedAt: new Date(completedAt).toISOString(),
      issuedAt: new Date(now).toISOString(),
      issuer: 'BKPSDM',
      signerName: '',
      signerTitle: '',
    };
    return {
      code,
      user_id: u.id,
      course_id: COURSE,
      course_version: 1,
      name: u.name,
      nip: u.nip,
      unit: u.unit,
      position: u.position,
      course_title: facts.courseTitle,
      jp: 10,
      category: 'orientasi',
      completed_at: completedAt,
      issued_at: now,
      issuer: 'BKPSDM',
      signer_name: '',
      signer_title: '',
      payload: signFacts(key, facts),
      // One in twenty revoked, as a register in use has some.
      revoked_at: i % 20 === 0 ? now : null,
      revoked_reason: i % 20 === 0 ? 'Data keliru' : null,
      revoked_by: null,
    };
  });
  for (let i = 0; i < rows.length; i += 100)
    await store.db
      .insertInto('certificates')
      .values(rows.slice(i, i + 100))
      .execute();
}

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  store = openStore(database.url);
  await migrateToLatest(store.db);
  await seed();
  server = new ServerProcess(await freePort(), database.url);
  await server.start();
}, 120_000);
afterAll(async () => {
  server?.kill();
  await store?.close();
  await database?.drop();
});

/** The i-th request's code, as someone would type or scan it. */
function typed(i: number): string {
  const code = codes[(i * 7919) % codes.length]!;
  if (i % 10 === 0) return codeFromBytes(randomBytes(7)); // nobody's
  if (i % 10 === 1) return code.toLowerCase();
  if (i % 10 === 2) return `${code.slice(0, 5)}-${code.slice(5)}`;
  return code;
}

/** 1,000 verifications, `atOnce` in flight at a time; latencies sorted, and how long it all took. */
async function verifications(atOnce: number) {
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        const reply = await fetch(`${server.url}/api/verify/${encodeURIComponent(typed(i))}`);
        const body = (await reply.json()) as { status: string };
        latencies.push(performance.now() - t);
        const key = reply.status === 200 ? body.status : String(reply.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const answered = (statuses.get('valid') ?? 0) + (statuses.get('revoked') ?? 0) + (statuses.get('unknown') ?? 0);
  return { latencies, statuses, answered, seconds };
}

const at = (sorted: number[], q: number) => sorted[Math.floor(sorted.length * q)]!;

it('1,000 verifications one after another (one front desk scanning)', async () => {
  // A few first, so the figures are of a server that has been asked before.
  for (let i = 0; i < 20; i++) await fetch(`${server.url}/api/verify/${codes[i]}`).then((r) => r.text());
  const { latencies, statuses, answered } = await verifications(1);
  const over = report(`Certificate verification on sqlite (${CERTIFICATES.toLocaleString('en')} certificates), one at a time`, [
    { name: 'answered 200 (valid, revoked or unknown)', value: answered, unit: 'requests', budget: REQUESTS, kind: 'min' },
    {
      name: 'unknown codes answered as unknown',
      value: statuses.get('unknown') ?? 0,
      unit: 'requests',
      budget: REQUESTS / 10,
      kind: 'min',
    },
    { name: 'GET /api/verify/:code median', value: at(latencies, 0.5), unit: 'ms', budget: 50, kind: 'max' },
    { name: 'GET /api/verify/:code p99', value: at(latencies, 0.99), unit: 'ms', budget: 50, kind: 'max' },
  ]);
  expect(over).toEqual([]);
}, 120_000);

it('1,000 verifications ten at a time (a hall of people scanning)', async () => {
  const { latencies, answered, seconds } = await verifications(AT_ONCE);
  const over = report(`Certificate verification on sqlite (${CERTIFICATES.toLocaleString('en')} certificates), ${AT_ONCE} at a time`, [
    { name: 'answered 200 (valid, revoked or unknown)', value: answered, unit: 'requests', budget: REQUESTS, kind: 'min' },
    { name: 'GET /api/verify/:code median', value: at(latencies, 0.5), unit: 'ms', budget: 50, kind: 'max' },
    { name: 'GET /api/verify/:code p99', value: at(latencies, 0.99), unit: 'ms', budget: 50, kind: 'max' },
    { name: 'throughput', value: Math.round(REQUESTS / seconds), unit: 'req/s', budget: 200, kind: 'min' },
  ]);
  expect(over).toEqual([]);
}, 120_000);
