// Certificates (docs/certificates.md): issued once per learner and course however the
// completion arrives, dated by the completing event, signed with the published key,
// verifiable by anyone, revocable by administrators, listed and counted for the agency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indonesianDate, maskNip } from '../../src/domain/certificates.js';
import { groupNip } from '../../src/domain/nip.js';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/server/db/database.js';
import { refreshProgress } from '../../src/server/services/progress.js';
import { upsertUser } from '../../src/server/services/users.js';
import { completeSample, completionEvents, sampleToComplete, syncEvents, verifiedFacts } from '../helpers/certificates.js';
import { dialects } from '../helpers/databases.js';
import { COURSE, lessonCompleted } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

const SETTINGS = {
  publicUrl: 'https://sinau.example.go.id',
  agency: 'BKPSDM Kabupaten Contoh',
  signerName: 'Dr. Siti Rahmawati, M.Si.',
  signerTitle: 'Kepala BKPSDM',
};
const OWN = 'Dinas Pendidikan';
const OTHER = 'Kecamatan Sukamaju';

describe.each(await dialects())('certificates on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    server = await startServer(dialect, SETTINGS);
    await publishSample(server);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
    coordinator = await login(server, await addUser(server.db, { role: 'coordinator', unit: OWN }));
  });
  afterAll(() => server?.close());

  async function learner(unit = OWN, name?: string) {
    const user = await addUser(server.db, { unit });
    if (name) await upsertUser(server.db, { nip: user.nip, name, unit });
    await enrol(server.db, COURSE, { nips: [user.nip] });
    const token = await login(server, user);
    const { id } = await server.db.selectFrom('users').select('id').where('nip', '=', user.nip).executeTakeFirstOrThrow();
    return { ...user, id, token };
  }
  const issued = (userId: string) => server.db.selectFrom('certificates').selectAll().where('user_id', '=', userId).execute();
  const listOf = async (token: string) => {
    const reply = await server.call('GET', '/api/certificates', { token });
    expect(reply.status).toBe(200);
    return reply.body.certificates as { code: string; payload: string; completedAt: string; revokedAt: string | null }[];
  };

  describe('issuing', () => {
    it('issues one certificate for a completion synced again, retried and sent from another device', async () => {
      const sari = await learner();
      const events = completionEvents(await sampleToComplete());
      await syncEvents(server.url, sari.token, events);
      // The same batch again (a lost reply), and the same events from the office PC.
      await syncEvents(server.url, sari.token, events);
      await syncEvents(server.url, sari.token, events, { deviceId: 'office-pc' });
      const list = await listOf(sari.token);
      expect(list).toHaveLength(1);
      expect(await issued(sari.id)).toHaveLength(1);
      expect(await listOf(sari.token)).toEqual(list);
    });

    it('issues once when the completion is spread over several syncs from two devices', async () => {
      const agus = await learner();
      const events = completionEvents(await sampleToComplete());
      const [last] = events.splice(-1, 1);
      for (let i = 0; i < events.length; i += 4)
        await syncEvents(server.url, agus.token, events.slice(i, i + 4), { deviceId: i % 8 === 0 ? 'phone' : 'office-pc' });
      // Every lesson done, the post-test not yet passed: nothing is due.
      expect(await listOf(agus.token)).toEqual([]);
      await syncEvents(server.url, agus.token, [last], { deviceId: 'phone' });
      await syncEvents(server.url, agus.token, [...events, last], { deviceId: 'office-pc' });
      expect(await listOf(agus.token)).toHaveLength(1);
      expect(await issued(agus.id)).toHaveLength(1);
    });

    it('issues once under concurrent syncs, folds and lists', async () => {
      const budi = await learner();
      const events = completionEvents(await sampleToComplete());
      await Promise.all([
        ...['a', 'b', 'c', 'd'].map((d) => syncEvents(server.url, budi.token, events, { deviceId: d })),
        ...Array.from({ length: 4 }, () => refreshProgress(server.db)),
        ...Array.from({ length: 4 }, () => refreshProgress(server.db, { userId: budi.id })),
        ...Array.from({ length: 4 }, () => server.call('GET', '/api/certificates', { token: budi.token })),
      ]);
      await Promise.all(Array.from({ length: 4 }, () => refreshProgress(server.db, { courseId: COURSE })));
      expect(await listOf(budi.token)).toHaveLength(1);
      expect(await issued(budi.id)).toHaveLength(1);
    });

    it('dates the certificate by the completing event, with the device clock corrected, and signs what it says', async () => {
      const citra = await learner(OWN, 'Citra Kirana');
      // The phone's clock is three hours fast: every time it sends is corrected by the skew.
      const skew = 3 * 3_600_000;
      const events = completionEvents(await sampleToComplete(), { from: Date.now() + skew - 3_600_000 });
      await syncEvents(server.url, citra.token, events, { clock: new Date(Date.now() + skew).toISOString() });
      const completing = await server.db
        .selectFrom('events')
        .select(['at', 'device_at'])
        .where('id', '=', events.at(-1)!.id)
        .executeTakeFirstOrThrow();
      expect(Number(completing.device_at)).toBe(Date.parse(events.at(-1)!.at));
      expect(Math.abs(Number(completing.at) - (Date.parse(events.at(-1)!.at) - skew))).toBeLessThan(10_000);

      const [certificate] = await listOf(citra.token);
      expect(certificate!.completedAt).toBe(new Date(Number(completing.at)).toISOString());
      const full = (await server.call('GET', '/api/certificates', { token: citra.token })).body.certificates[0];
      expect(full).toMatchObject({
        courseId: COURSE,
        courseTitle: 'Orientasi PPPK: Pengenalan Tugas dan Fungsi ASN',
        jp: 10,
        category: 'orientasi',
        name: 'Citra Kirana',
        nip: citra.nip,
        issuer: SETTINGS.agency,
        signerName: SETTINGS.signerName,
        signerTitle: SETTINGS.signerTitle,
        revokedAt: null,
        revokedReason: null,
        verifyUrl: `${SETTINGS.publicUrl}/v/${full.code}#${full.payload}`,
      });
      expect(full.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);

      const key = await server.call('GET', '/api/certificates/key');
      expect(key.status).toBe(200);
      expect(key.headers.get('cache-control')).toContain('public');
      expect(key.body).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/) });
      const facts = verifiedFacts(full.payload, key.body);
      expect(facts).toEqual({
        v: 1,
        code: full.code,
        name: 'Citra Kirana',
        nipMasked: maskNip(citra.nip),
        courseId: COURSE,
        courseTitle: full.courseTitle,
        jp: 10,
        category: 'orientasi',
        completedAt: full.completedAt,
        issuedAt: full.issuedAt,
        issuer: SETTINGS.agency,
        signerName: SETTINGS.signerName,
        signerTitle: SETTINGS.signerTitle,
      });
      // In the key order every payload has, and never the whole NIP.
      const json = Buffer.from(full.payload.split('.')[0], 'base64url').toString('utf8');
      expect(Object.keys(JSON.parse(json))).toEqual(Object.keys(facts!));
      expect(json).not.toContain(citra.nip);
      // A payload altered by one character no longer verifies.
      const forged = Buffer.from(json.replace('Citra', 'Cinta')).toString('base64url');
      expect(verifiedFacts(`${forged}.${full.payload.split('.')[1]}`, key.body)).toBeNull();
    });

    it('keeps a revoked certificate revoked, and issues no other, after more completion events', async () => {
      const eko = await learner();
      await completeSample(server.url, eko.token);
      const [before] = await listOf(eko.token);
      const revoke = await server.call('POST', `/api/admin/certificates/${before!.code}/revoke`, {
        token: admin,
        body: { reason: 'Data kelulusan keliru' },
      });
      expect(revoke.status).toBe(200);
      // Another passing attempt and lessons completed again, from another device.
      await completeSample(server.url, eko.token, { deviceId: 'office-pc' });
      await syncEvents(server.url, eko.token, [lessonCompleted('m1-l1')]);
      await refreshProgress(server.db);
      const after = await listOf(eko.token);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ code: before!.code, revokedAt: revoke.body.revokedAt, revokedReason: 'Data kelulusan keliru' });
    });

    it('issues for completions kept before certificates existed', async () => {
      const fajar = await learner();
      await completeSample(server.url, fajar.token);
      await refreshProgress(server.db, { userId: fajar.id });
      // As if folded by a server without certificates: the progress is kept, the certificate missing.
      await server.db.deleteFrom('certificates').where('user_id', '=', fajar.id).execute();
      const row = await server.db.selectFrom('progress').select('folded_seq').where('user_id', '=', fajar.id).executeTakeFirstOrThrow();
      // What the migration does for such rows.
      await server.db.insertInto('progress_stale').values({ user_id: fajar.id, course_id: COURSE, seq: row.folded_seq }).execute();
      expect(await listOf(fajar.token)).toHaveLength(1);
    });
  });

  describe('verification', () => {
    let valid: { code: string; nip: string };
    let revoked: { code: string };

    beforeAll(async () => {
      const gita = await learner(OWN, 'Gita Permata');
      await completeSample(server.url, gita.token);
      valid = { code: (await listOf(gita.token))[0]!.code, nip: gita.nip };
      const hadi = await learner();
      await completeSample(server.url, hadi.token);
      revoked = { code: (await listOf(hadi.token))[0]!.code };
      await server.call('POST', `/api/admin/certificates/${revoked.code}/revoke`, { token: admin, body: { reason: 'Ganda' } });
    });

    it('answers a valid code without a login, with the NIP masked', async () => {
      const reply = await server.call('GET', `/api/verify/${valid.code}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        status: 'valid',
        name: 'Gita Permata',
        nipMasked: maskNip(valid.nip),
        courseTitle: 'Orientasi PPPK: Pengenalan Tugas dan Fungsi ASN',
        jp: 10,
        completedAt: expect.any(String),
        issuer: SETTINGS.agency,
        revokedAt: null,
      });
      expect(reply.body.nipMasked).toMatch(/^\d{8} \*{6} \* \d{3}$/);
      expect(reply.text).not.toContain(valid.nip);
      expect(reply.text).not.toContain(valid.nip.slice(8, 14));
    });

    it('reads a code typed in lower case, with hyphens or spaces', async () => {
      const typed = [
        valid.code.toLowerCase(),
        `${valid.code.slice(0, 5)}-${valid.code.slice(5)}`,
        `${valid.code.slice(0, 5)} ${valid.code.slice(5)}`,
      ];
      for (const code of typed) {
        const reply = await server.call('GET', `/api/verify/${encodeURIComponent(code)}`);
        expect(reply.body.status, code).toBe('valid');
      }
    });

    it('says when a certificate was revoked', async () => {
      const reply = await server.call('GET', `/api/verify/${revoked.code}`);
      expect(reply.body).toMatchObject({ status: 'revoked', revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    });

    it('answers unknown, not an error, for a code nobody was given or that cannot be one', async () => {
      const unknown = valid.code.startsWith('0') ? `1${valid.code.slice(1)}` : `0${valid.code.slice(1)}`;
      for (const code of [unknown, 'XYZ', 'UUUUUUUUUU', '!!!', 'a'.repeat(64)]) {
        const reply = await server.call('GET', `/api/verify/${encodeURIComponent(code)}`);
        expect(reply.status, code).toBe(200);
        expect(reply.body, code).toEqual({ status: 'unknown' });
      }
    });
  });

  describe('the PDF', () => {
    let sari: Awaited<ReturnType<typeof learner>>;
    let code: string;
    let completedAt: string;
    let revokedCode: string;
    let tokens: Record<'neighbour' | 'otherCoordinator', string>;

    beforeAll(async () => {
      sari = await learner(OWN, 'Sari Wulandari');
      await completeSample(server.url, sari.token);
      ({ code, completedAt } = (await listOf(sari.token))[0]!);
      const neighbour = await learner(OWN);
      await completeSample(server.url, neighbour.token);
      revokedCode = (await listOf(neighbour.token))[0]!.code;
      await server.call('POST', `/api/admin/certificates/${revokedCode}/revoke`, { token: admin, body: { reason: 'Data keliru' } });
      tokens = {
        neighbour: neighbour.token,
        otherCoordinator: await login(server, await addUser(server.db, { role: 'coordinator', unit: OTHER })),
      };
    });

    const pdf = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('is served to its learner, an administrator and the coordinator of its unit, and to nobody else', async () => {
      const path = `/api/certificates/${code}.pdf`;
      for (const [who, token] of [
        ['learner', sari.token],
        ['admin', admin],
        ['coordinator', coordinator],
      ] as const) {
        const reply = await pdf(path, token);
        expect(reply.status, who).toBe(200);
        expect(reply.headers.get('content-type'), who).toBe('application/pdf');
        expect(reply.headers.get('content-disposition')).toBe(`inline; filename="sertifikat-${code}.pdf"`);
        expect(reply.headers.get('cache-control')).toMatch(/^private\b/);
        expect(
          Buffer.from(await reply.arrayBuffer())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      }
      // Typed as a person would, it is the same certificate.
      expect((await pdf(`/api/certificates/${code.toLowerCase()}.pdf`, sari.token)).status).toBe(200);
      for (const [who, token] of [
        ['another learner', tokens.neighbour],
        ['the coordinator of another unit', tokens.otherCoordinator],
      ] as const) {
        const reply = await pdf(path, token);
        expect(reply.status, who).toBe(404);
        expect(await reply.json(), who).toMatchObject({ error: 'not-found' });
      }
      expect((await pdf(path)).status).toBe(401);
      expect((await pdf('/api/certificates/bukan-kode.pdf', admin)).status).toBe(404);
      expect((await pdf(`/api/certificates/${code.startsWith('0') ? '1' : '0'}${code.slice(1)}.pdf`, admin)).status).toBe(404);
    });

    it('is gone once revoked', async () => {
      for (const token of [tokens.neighbour, admin]) {
        const reply = await pdf(`/api/certificates/${revokedCode}.pdf`, token);
        expect(reply.status).toBe(410);
        expect(await reply.json()).toMatchObject({ error: 'certificate-revoked' });
      }
    });

    it('holds its text as text: name, NIP in groups, course, JP, date and code', async () => {
      const bytes = Buffer.from(await (await pdf(`/api/certificates/${code}.pdf`, sari.token)).arrayBuffer());
      const dir = mkdtempSync(join(tmpdir(), 'sinau-pdf-'));
      try {
        writeFileSync(join(dir, 'sertifikat.pdf'), bytes);
        const text = execFileSync('pdftotext', [join(dir, 'sertifikat.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        for (const expected of [
          'Sari Wulandari',
          groupNip(sari.nip),
          'Orientasi PPPK: Pengenalan Tugas dan Fungsi ASN',
          '10 JP',
          indonesianDate(completedAt),
          code,
          SETTINGS.agency,
          SETTINGS.signerName,
        ])
          expect(text).toContain(expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("the agency's list, CSV and revocation", () => {
    // Asia/Jakarta is UTC+7: 23:30 on 31 December 2025 there is 16:30 UTC; 00:30 on 1 January
    // 2026 there is still 31 December (17:30) in UTC.
    const LATE_2025 = Date.parse('2025-12-31T16:30:00Z');
    const EARLY_2026 = Date.parse('2025-12-31T17:30:00Z');
    let late: { nip: string; code: string };
    let early: { nip: string; code: string };
    let other: { nip: string; code: string };
    let formula: { nip: string; code: string };

    async function certified(unit: string, completedAt: number, name?: string) {
      const who = await learner(unit, name);
      const course = await sampleToComplete();
      const count = course.lessonIds.length + 1;
      await syncEvents(server.url, who.token, completionEvents(course, { from: completedAt - (count - 1) * 60_000 }));
      return { nip: who.nip, code: (await listOf(who.token))[0]!.code };
    }

    beforeAll(async () => {
      late = await certified(OWN, LATE_2025);
      early = await certified(OWN, EARLY_2026);
      other = await certified(OTHER, Date.now() - 60_000);
      formula = await certified(OTHER, Date.now() - 60_000, '=HYPERLINK("http://x.example","klik")');
    });

    const codes = (reply: { body: { certificates: { code: string }[] } }) => reply.body.certificates.map((c) => c.code);

    it('filters by the year of completion in Asia/Jakarta', async () => {
      const y2025 = await server.call('GET', '/api/admin/certificates?year=2025', { token: admin });
      expect(y2025.status).toBe(200);
      expect(codes(y2025)).toEqual([late.code]);
      const y2026 = await server.call('GET', `/api/admin/certificates?year=2026&courseId=${COURSE}`, { token: admin });
      expect(codes(y2026)).toContain(early.code);
      expect(codes(y2026)).not.toContain(late.code);
      expect(y2026.body.certificates.find((c: { code: string }) => c.code === early.code)).toMatchObject({
        nip: early.nip,
        unit: OWN,
        completedAt: new Date(EARLY_2026).toISOString(),
        revokedAt: null,
      });
      expect(y2026.body.certificates[0]).not.toHaveProperty('payload');
      const none = await server.call('GET', '/api/admin/certificates?courseId=tidak-ada', { token: admin });
      expect(none.body.certificates).toEqual([]);
    });

    it('filters by unit, and shows a coordinator their own unit only', async () => {
      const byUnit = await server.call('GET', `/api/admin/certificates?unit=${encodeURIComponent(OTHER)}`, { token: admin });
      expect(new Set(codes(byUnit))).toEqual(new Set([other.code, formula.code]));
      const own = await server.call('GET', '/api/admin/certificates', { token: coordinator });
      expect(own.status).toBe(200);
      expect(codes(own)).toEqual(expect.arrayContaining([late.code, early.code]));
      expect(new Set(own.body.certificates.map((c: { unit: string }) => c.unit))).toEqual(new Set([OWN]));
      for (const path of ['/api/admin/certificates', '/api/admin/certificates.csv']) {
        const refused = await server.call('GET', `${path}?unit=${encodeURIComponent(OTHER)}`, { token: coordinator });
        expect(refused.status, path).toBe(403);
      }
      const ownCsv = await server.call('GET', '/api/admin/certificates.csv', { token: coordinator });
      expect(ownCsv.status).toBe(200);
      expect(ownCsv.text).not.toContain(OTHER);
      const learnerToken = (await learner()).token;
      expect((await server.call('GET', '/api/admin/certificates', { token: learnerToken })).status).toBe(403);
      expect((await server.call('GET', '/api/admin/certificates.csv')).status).toBe(401);
    });

    it('writes the CSV in Indonesian, NIPs grouped, formulas disarmed, dates as certificates print them', async () => {
      const response = await fetch(`${server.url}/api/admin/certificates.csv?year=2026&courseId=${COURSE}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="sertifikat-${COURSE}-2026.csv"`);
      const text = await response.text();
      const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual([
        'No',
        'Kode',
        'NIP',
        'Nama',
        'Unit kerja',
        'Jabatan',
        'Kursus',
        'Kategori',
        'JP',
        'Tanggal selesai',
        'Diterbitkan',
        'Status',
        'Dicabut pada',
        'Alasan pencabutan',
      ]);
      expect(rows.map((r) => r.No)).toEqual(rows.map((_, i) => String(i + 1)));
      expect(rows.map((r) => r.Kode)).not.toContain(late.code);
      const first = rows.find((r) => r.Kode === early.code)!;
      expect(first).toMatchObject({
        NIP: groupNip(early.nip),
        'Unit kerja': OWN,
        JP: '10',
        'Tanggal selesai': '2026-01-01',
        Status: 'berlaku',
      });
      // Numbered in order of completion: the first of the year comes first.
      expect(first.No).toBe('1');
      expect(rows.find((r) => r.Kode === formula.code)!.Nama).toBe(`'=HYPERLINK("http://x.example","klik")`);
      for (const row of rows) expect(row.NIP).toMatch(/^\d{8} \d{6} \d \d{3}$/);

      const y2025 = parse(
        (await server.call('GET', '/api/admin/certificates.csv?year=2025', { token: admin })).text.replace(/^\uFEFF/, ''),
        {
          columns: true,
        },
      ) as Record<string, string>[];
      expect(y2025.map((r) => [r.Kode, r['Tanggal selesai']])).toEqual([[late.code, '2025-12-31']]);
    });

    it('revokes once, for administrators only, with a reason', async () => {
      const path = `/api/admin/certificates/${other.code}/revoke`;
      expect((await server.call('POST', path, { token: coordinator, body: { reason: 'Bukan wewenang' } })).status).toBe(403);
      const short = await server.call('POST', path, { token: admin, body: { reason: 'x' } });
      expect(short.status).toBe(400);
      expect(short.body.error).toBe('invalid-request');
      const unknown = await server.call(
        'POST',
        `/api/admin/certificates/${other.code.startsWith('0') ? '1' : '0'}${other.code.slice(1)}/revoke`,
        {
          token: admin,
          body: { reason: 'Tidak ada' },
        },
      );
      expect(unknown.status).toBe(404);
      expect(
        (await server.call('POST', '/api/admin/certificates/bukan-kode/revoke', { token: admin, body: { reason: 'Tidak ada' } })).status,
      ).toBe(404);

      const first = await server.call('POST', path, { token: admin, body: { reason: 'Peserta tidak memenuhi syarat' } });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ code: other.code, revokedAt: expect.any(String), revokedReason: 'Peserta tidak memenuhi syarat' });
      const twice = await server.call('POST', `/api/admin/certificates/${other.code.toLowerCase()}/revoke`, {
        token: admin,
        body: { reason: 'Sekali lagi' },
      });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ error: 'already-revoked', message: expect.any(String) });

      const rows = parse(
        (await server.call('GET', `/api/admin/certificates.csv?unit=${encodeURIComponent(OTHER)}`, { token: admin })).text.replace(
          /^\uFEFF/,
          '',
        ),
        {
          columns: true,
        },
      ) as Record<string, string>[];
      expect(rows.find((r) => r.Kode === other.code)).toMatchObject({
        Status: 'dicabut',
        'Dicabut pada': first.body.revokedAt,
        'Alasan pencabutan': 'Peserta tidak memenuhi syarat',
      });
      const verify = await server.call('GET', `/api/verify/${other.code}`);
      expect(verify.body).toMatchObject({ status: 'revoked', revokedAt: first.body.revokedAt });
    });
  });

  describe('in the report', () => {
    const UNIT = 'Dinas Kesehatan';

    it('counts certificates issued and not revoked, overall, by unit and within a date range', async () => {
      const people = [await learner(UNIT), await learner(UNIT), await learner(UNIT), await learner(UNIT)];
      for (const p of people.slice(0, 3)) await completeSample(server.url, p.token);
      const code = (await listOf(people[0]!.token))[0]!.code;
      await server.call('POST', `/api/admin/certificates/${code}/revoke`, { token: admin, body: { reason: 'Dicabut untuk uji' } });

      const report = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=${encodeURIComponent(UNIT)}`, { token: admin });
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ enrolled: 4, completed: 3, certificates: 2 });
      expect(report.body.byUnit).toEqual([expect.objectContaining({ unit: UNIT, certificates: 2 })]);

      const inRange = await server.call(
        'GET',
        `/api/admin/courses/${COURSE}/report?unit=${encodeURIComponent(UNIT)}&from=2026-01-01&to=2099-12-31`,
        {
          token: admin,
        },
      );
      expect(inRange.body.certificates).toBe(2);
      const before = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=${encodeURIComponent(UNIT)}&to=2025-06-30`, {
        token: admin,
      });
      expect(before.body.certificates).toBe(0);

      const all = await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: admin });
      const standing = await server.db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      expect(all.body.certificates).toBe(Number(standing.n));
      expect(all.body.byUnit.reduce((n: number, u: { certificates: number }) => n + u.certificates, 0)).toBe(all.body.certificates);
    });
  });

  if (dialect === 'postgres')
    it('issues once when two server instances on one database fold the same completion at once', async () => {
      const store = openStore(server.database.url);
      const second = await buildApp({ store, ...SETTINGS });
      const url = await second.listen({ port: 0, host: '127.0.0.1' });
      try {
        const indah = await learner();
        const events = completionEvents(await sampleToComplete());
        const list = (base: string) =>
          fetch(`${base}/api/certificates`, { headers: { authorization: `Bearer ${indah.token}` } }).then((r) => r.json());
        await Promise.all([
          ...[server.url, url, server.url, url].map((base, i) => syncEvents(base, indah.token, events, { deviceId: `d${i}` })),
          ...[server.url, url, server.url, url].map(list),
          refreshProgress(server.db),
          refreshProgress(store.db),
        ]);
        const [a, b] = await Promise.all([list(server.url), list(url)]);
        expect(a.certificates).toHaveLength(1);
        expect(b.certificates).toEqual(a.certificates);
        expect(await issued(indah.id)).toHaveLength(1);
      } finally {
        await second.close();
        await store.close();
      }
    });
});
