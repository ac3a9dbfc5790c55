import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../helpers/databases.js';
import { COURSE, lessonCompleted, syncBody } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

describe.each(await dialects())('administration on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  const csv = [
    'nip,name,unit,position,role,password',
    '199203152025212101,"Wulandari, Sari",Dinas Pendidikan,Asisten Guru,,',
    '199507202025211102,Agus Prasetyo,Dinas Pendidikan,Tenaga Administrasi,,sandi-agus-1',
    '199811052025212103,Dewi Lestari,Kecamatan Sukamaju,Pengadministrasi,,',
  ].join('\n');

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());

  it('previews a staff CSV without writing, then applies it and hands out initial passwords once', async () => {
    const bad = await server.call('POST', '/api/admin/users/import', {
      token: admin,
      body: { csv: `${csv}\n123,Pendek,Dinas,Staf,,`, apply: true },
    });
    expect(bad.body).toMatchObject({ applied: false, problems: [{ line: 5, message: 'NIP "123" must be 18 digits' }] });
    const preview = await server.call('POST', '/api/admin/users/import', { token: admin, body: { csv } });
    expect(preview.body).toMatchObject({ applied: false, problems: [], create: 3, update: 0 });
    expect(await server.db.selectFrom('users').select('nip').where('nip', '=', '199203152025212101').executeTakeFirst()).toBeUndefined();

    const applied = await server.call('POST', '/api/admin/users/import', { token: admin, body: { csv, apply: true } });
    expect(applied.body).toMatchObject({ applied: true, created: 3, updated: 0 });
    expect(applied.body.passwords.map((p: { nip: string }) => p.nip).sort()).toEqual(['199203152025212101', '199811052025212103']);
    const sari = applied.body.passwords.find((p: { nip: string }) => p.nip === '199203152025212101');
    expect(await login(server, { nip: sari.nip, password: sari.password })).toMatch(/^[\w-]{43}$/);
    expect(await login(server, { nip: '199507202025211102', password: 'sandi-agus-1' })).toMatch(/^[\w-]{43}$/);

    const again = await server.call('POST', '/api/admin/users/import', { token: admin, body: { csv, apply: true } });
    expect(again.body).toMatchObject({ applied: true, created: 0, updated: 3, passwords: [] });
    const named = await server.db.selectFrom('users').select('name').where('nip', '=', '199203152025212101').executeTakeFirstOrThrow();
    expect(named.name).toBe('Wulandari, Sari');
  });

  it('enrols everyone, a work unit, or listed NIPs', async () => {
    const count = async () =>
      Number(
        (
          await server.db
            .selectFrom('enrolments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const unit = await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, unit: 'Dinas Pendidikan' } });
    expect(unit.body).toEqual({ enrolled: 2, unmatched: { nips: [] } });
    const nips = await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, nips: ['199811052025212103'] } });
    expect(nips.body).toEqual({ enrolled: 1, unmatched: { nips: [] } });
    const all = await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, all: true } });
    expect(all.body).toEqual({ enrolled: 0, unmatched: { nips: [] } }); // the admin is not a learner; the rest are in
    expect(await count()).toBe(3);
    expect((await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: 'tidak-ada', all: true } })).status).toBe(404);
    expect((await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, nips: ['12'] } })).status).toBe(400);
  });

  it('names the unit or NIPs that matched no active account', async () => {
    const active = await addUser(server.db, { unit: 'Dinas Perhubungan' });
    const disabled = await addUser(server.db, { unit: 'Dinas Perhubungan' });
    await server.call('POST', `/api/admin/users/${disabled.nip}/disable`, { token: admin });
    const unknown = '199001019999999999';
    const nips = await server.call('POST', '/api/admin/enrol', {
      token: admin,
      body: { courseId: COURSE, nips: [active.nip, unknown, disabled.nip, unknown] },
    });
    expect(nips.body).toEqual({ enrolled: 1, unmatched: { nips: [unknown, disabled.nip] } });
    const again = await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, nips: [active.nip] } });
    expect(again.body).toEqual({ enrolled: 0, unmatched: { nips: [] } }); // already enrolled is not "unmatched"
    const unit = await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, unit: 'Dinas Perhubungn' } });
    expect(unit.body).toEqual({ enrolled: 0, unmatched: { unit: 'Dinas Perhubungn', nips: [] } });
  });

  it('refuses a body that names more than one target, instead of enrolling the widest', async () => {
    const bystander = await addUser(server.db, { unit: 'Dinas Pariwisata' });
    const listed = await addUser(server.db, { unit: 'Dinas Pariwisata' });
    for (const body of [
      { courseId: COURSE, unit: 'Dinas Pariwisata', nips: [listed.nip] },
      { courseId: COURSE, all: true, unit: 'Dinas Pariwisata' },
      { courseId: COURSE, all: true, nips: [listed.nip] },
      { courseId: COURSE },
    ]) {
      const reply = await server.call('POST', '/api/admin/enrol', { token: admin, body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.message).toMatch(/one of all, unit or nips|Say whom to enrol/);
    }
    const mixed = await server.call('POST', '/api/admin/enrol', {
      token: admin,
      body: { courseId: COURSE, unit: 'Dinas Pariwisata', nips: [listed.nip] },
    });
    expect(mixed.body.message).toBe('Say whom to enrol with one of all, unit or nips, not unit and nips together.');
    const enrolled = await server.db
      .selectFrom('enrolments')
      .innerJoin('users', 'users.id', 'enrolments.user_id')
      .select('users.nip')
      .where('users.nip', 'in', [bystander.nip, listed.nip])
      .execute();
    expect(enrolled).toEqual([]);
  });

  it('caps a work unit at the length an account may have', async () => {
    const long = 'U'.repeat(201);
    for (const [method, path, body] of [
      ['POST', '/api/admin/enrol', { courseId: COURSE, unit: long }],
      ['GET', `/api/admin/users?unit=${long}`, undefined],
      ['GET', `/api/admin/courses/${COURSE}/report?unit=${long}`, undefined],
    ] as const)
      expect((await server.call(method, path, { token: admin, body })).status, path).toBe(400);
    expect((await server.call('GET', `/api/admin/users?unit=${'U'.repeat(200)}`, { token: admin })).status).toBe(200);
  });

  it('disables an account at once, keeps its history in the report, and enables it again', async () => {
    const user = await addUser(server.db, { unit: 'Dinas Kesehatan' });
    await enrol(server.db, COURSE, { nips: [user.nip] });
    const token = await login(server, user);
    expect((await server.call('POST', '/api/sync', { token, body: syncBody([lessonCompleted('m1-l1')]) })).status).toBe(200);

    const disabled = await server.call('POST', `/api/admin/users/${user.nip}/disable`, { token: admin });
    expect(disabled.body).toEqual({ nip: user.nip, disabled: true });
    expect((await server.call('GET', '/api/me', { token })).status).toBe(401);
    expect((await server.call('POST', '/api/auth/login', { body: user })).status).toBe(401);
    const report = await server.call('GET', `/api/admin/courses/${COURSE}/report?unit=Dinas%20Kesehatan`, { token: admin });
    expect(report.body).toMatchObject({ enrolled: 1, started: 1 });

    await server.call('POST', `/api/admin/users/${user.nip}/enable`, { token: admin });
    // The old token stays dead: enabling means logging in again.
    expect((await server.call('GET', '/api/me', { token })).status).toBe(401);
    expect(await login(server, user)).toMatch(/^[\w-]{43}$/);
    expect((await server.call('POST', '/api/admin/users/000000000000000000/disable', { token: admin })).status).toBe(404);
  });

  it('is for administrators only', async () => {
    const learner = await login(server, await addUser(server.db));
    for (const [path, body] of [
      ['/api/admin/users/import', { csv }],
      ['/api/admin/enrol', { courseId: COURSE, all: true }],
    ] as const)
      expect((await server.call('POST', path, { token: learner, body })).status).toBe(403);
  });
});
