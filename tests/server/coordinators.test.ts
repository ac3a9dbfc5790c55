// A coordinator reads the report, the learner list and the JP list of their own unit, runs
// their own unit's course sessions, and nothing else of /api/admin (DESIGN.md §13, §16). The routes are read from the server itself, so
// a route added without a decision below fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sinau } from '../helpers/cli.js';
import { sessionBody } from '../helpers/course-sessions.js';
import { dialects } from '../helpers/databases.js';
import { COURSE } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

const OWN = 'Dinas Pendidikan';
const OTHER = 'Kecamatan Sukamaju';
const SHA = 'a'.repeat(64);
/** A session of the coordinator's unit, scheduled before the routes are called. */
let sessionId = '';

/**
 * Every /api/admin route and what a coordinator may do with it. `own-unit`: read, for their
 * unit only; `own-unit-writes`: write too, for their unit only; `admin`: a 403. The request is a valid one for an admin, so a 403 is the role's.
 */
const ROUTES: Record<
  string,
  { access: 'own-unit' | 'own-unit-writes' | 'admin'; path: (nip: string) => string; body?: unknown; type?: string }
> = {
  'GET /api/admin/users': { access: 'own-unit', path: () => '/api/admin/users' },
  'GET /api/admin/courses': { access: 'own-unit', path: () => '/api/admin/courses' },
  'GET /api/admin/courses/:id/report': { access: 'own-unit', path: () => `/api/admin/courses/${COURSE}/report` },
  'GET /api/admin/courses/:id/report.csv': { access: 'own-unit', path: () => `/api/admin/courses/${COURSE}/report.csv` },
  'GET /api/admin/jp': { access: 'own-unit', path: () => '/api/admin/jp' },
  'GET /api/admin/certificates': { access: 'own-unit', path: () => '/api/admin/certificates' },
  'GET /api/admin/certificates.csv': { access: 'own-unit', path: () => '/api/admin/certificates.csv' },
  'POST /api/admin/certificates/:code/revoke': {
    access: 'admin',
    path: () => '/api/admin/certificates/0000000000/revoke',
    body: { reason: 'Data keliru' },
  },
  'POST /api/admin/users/import': {
    access: 'admin',
    path: () => '/api/admin/users/import',
    body: { csv: `nip,name,unit,position\n199001019999999991,Baru,${OWN},Staf`, apply: true },
  },
  'POST /api/admin/users/reset-passwords': {
    access: 'admin',
    path: () => '/api/admin/users/reset-passwords',
    body: { neverLoggedIn: true, unit: OWN },
  },
  'POST /api/admin/users/:nip/reset-password': { access: 'admin', path: (nip) => `/api/admin/users/${nip}/reset-password` },
  'POST /api/admin/users/:nip/:action': { access: 'admin', path: (nip) => `/api/admin/users/${nip}/disable` },
  'POST /api/admin/courses': { access: 'admin', path: () => '/api/admin/courses?publish=0', body: 'PK', type: 'application/zip' },
  'GET /api/admin/courses/previews/:previewId/:sha256': {
    access: 'admin',
    path: () => `/api/admin/courses/previews/${'p'.repeat(22)}/${SHA}`,
  },
  'POST /api/admin/enrol': { access: 'admin', path: () => '/api/admin/enrol', body: { courseId: COURSE, unit: OWN } },
  'POST /api/admin/courses/:id/sessions': {
    access: 'own-unit-writes',
    path: () => `/api/admin/courses/${COURSE}/sessions`,
    body: sessionBody({ unit: OWN }),
  },
  'GET /api/admin/courses/:id/sessions': { access: 'own-unit', path: () => `/api/admin/courses/${COURSE}/sessions` },
  'PATCH /api/admin/sessions/:id': { access: 'own-unit-writes', path: () => `/api/admin/sessions/${sessionId}`, body: { title: 'Diubah' } },
  'POST /api/admin/sessions/:id/cancel': { access: 'own-unit-writes', path: () => `/api/admin/sessions/${sessionId}/cancel` },
  'GET /api/admin/sessions/:id/check-in': { access: 'own-unit', path: () => `/api/admin/sessions/${sessionId}/check-in` },
  'GET /api/admin/sessions/:id/attendance': { access: 'own-unit', path: () => `/api/admin/sessions/${sessionId}/attendance` },
  'GET /api/admin/sessions/:id/attendance.csv': { access: 'own-unit', path: () => `/api/admin/sessions/${sessionId}/attendance.csv` },
  'POST /api/admin/quiz/convert': {
    access: 'admin',
    path: () => '/api/admin/quiz/convert',
    body: { format: 'aiken', text: 'Ibu kota?\nA) Jakarta\nB) Bandung\nANSWER: A\n' },
  },
};

/** `METHOD /path` of every admin route, from the tree printRoutes draws (HEAD is Fastify's own). */
function adminRoutes(tree: string): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + m[2];
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of m[3]?.split(', ') ?? []) if (method !== 'HEAD' && path.startsWith('/api/admin/')) found.push(`${method} ${path}`);
  }
  return found.sort();
}

describe.each(await dialects())('coordinators on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  let coordinator: string;
  let learner: string;
  let ownLearner: { nip: string };
  let otherLearner: { nip: string };

  const call = (token: string, key: string, suffix = '') => {
    const route = ROUTES[key]!;
    const [method] = key.split(' ');
    const path = route.path(ownLearner.nip);
    return server.call(method!, `${path}${suffix ? (path.includes('?') ? '&' : '?') + suffix : ''}`, {
      token,
      ...(route.body !== undefined ? { body: route.body } : {}),
      ...(route.type ? { headers: { 'content-type': route.type } } : {}),
    });
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
    ownLearner = await addUser(server.db, { unit: OWN });
    await addUser(server.db, { unit: OWN });
    otherLearner = await addUser(server.db, { unit: OTHER });
    learner = await login(server, ownLearner as { nip: string; password: string });
    // Set up as an operator does, on the command line.
    const nip = '199001010000000077';
    const added = await sinau(
      ['user', 'add', '--nip', nip, '--name', 'Kepala Dinas', '--unit', OWN, '--role', 'coordinator', '--password', 'koordinator-1'],
      { DATABASE_URL: server.database.url },
    );
    expect(added.stderr).toBe('');
    coordinator = await login(server, { nip, password: 'koordinator-1' });
    await enrol(server.db, COURSE, { all: true });
    const session = await server.call('POST', `/api/admin/courses/${COURSE}/sessions`, { token: admin, body: sessionBody({ unit: OWN }) });
    sessionId = session.body.id;
  });
  afterAll(() => server?.close());

  it('has decided, for every admin route the server has, what a coordinator may do', () => {
    expect(adminRoutes(server.app.printRoutes({ commonPrefix: false }))).toEqual(Object.keys(ROUTES).sort());
  });

  it('is not a learner: enrolling everyone or their unit leaves the coordinator out', async () => {
    const again = await server.call('POST', '/api/admin/enrol', { token: admin, body: { courseId: COURSE, unit: OWN } });
    expect(again.body).toEqual({ enrolled: 0, unmatched: { nips: [] } });
    const report = await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: admin });
    expect(report.body.learners.map((l: { name: string }) => l.name)).not.toContain('Kepala Dinas');
    expect(report.body.enrolled).toBe(3);
  });

  it('reads the learner list, the courses, the report (JSON and CSV) and JP of their own unit only', async () => {
    const users = await call(coordinator, 'GET /api/admin/users');
    expect(users.status).toBe(200);
    expect(users.body.users.length).toBeGreaterThanOrEqual(3);
    expect(new Set(users.body.users.map((u: { unit: string }) => u.unit))).toEqual(new Set([OWN]));

    const courses = await call(coordinator, 'GET /api/admin/courses');
    expect(courses.body.courses).toEqual([expect.objectContaining({ id: COURSE, enrolled: 2 })]);

    const report = await call(coordinator, 'GET /api/admin/courses/:id/report');
    expect(report.status).toBe(200);
    expect(report.body.filters).toEqual({ unit: OWN });
    expect(report.body.enrolled).toBe(2);
    expect(report.body.byUnit.map((u: { unit: string }) => u.unit)).toEqual([OWN]);
    expect(new Set(report.body.learners.map((l: { unit: string }) => l.unit))).toEqual(new Set([OWN]));

    const csv = await call(coordinator, 'GET /api/admin/courses/:id/report.csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(OWN);
    expect(csv.text).not.toContain(OTHER);

    const jp = await call(coordinator, 'GET /api/admin/jp');
    expect(jp.status).toBe(200);
    expect(jp.body.learners).toHaveLength(2);
    expect(new Set(jp.body.learners.map((l: { unit: string }) => l.unit))).toEqual(new Set([OWN]));

    // Naming their own unit is the same answer.
    expect((await call(coordinator, 'GET /api/admin/jp', `unit=${encodeURIComponent(OWN)}`)).body).toEqual(jp.body);
  });

  it("refuses another unit's filter with a 403 rather than answering for their own", async () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      if (route.access === 'admin') continue;
      const reply = await call(coordinator, key, `unit=${encodeURIComponent(OTHER)}`);
      expect(reply.status, key).toBe(403);
      expect(reply.body, key).toMatchObject({ error: 'forbidden', message: expect.stringContaining(OWN) });
    }
  });

  it('is refused every write and every other admin route, and nothing changes', async () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      if (route.access !== 'admin') continue;
      const reply = await call(coordinator, key);
      expect(reply.status, key).toBe(403);
      expect(reply.body.error, key).toBe('forbidden');
    }
    const account = await server.db.selectFrom('users').select('disabled_at').where('nip', '=', ownLearner.nip).executeTakeFirstOrThrow();
    expect(account.disabled_at).toBeNull();
    expect(await login(server, ownLearner as { nip: string; password: string })).toMatch(/^[\w-]{43}$/);
    expect(await server.db.selectFrom('users').select('nip').where('nip', '=', '199001019999999991').executeTakeFirst()).toBeUndefined();
  });

  it('leaves a learner refused everywhere and an admin seeing every unit', async () => {
    for (const key of Object.keys(ROUTES)) {
      const reply = await call(learner, key);
      expect(reply.status, key).toBe(403);
    }
    const users = await call(admin, 'GET /api/admin/users');
    expect(new Set(users.body.users.map((u: { unit: string }) => u.unit))).toEqual(new Set(['BKPSDM', OWN, OTHER]));
    const courses = await call(admin, 'GET /api/admin/courses');
    expect(courses.body.courses[0].enrolled).toBe(3);
    const report = await call(admin, 'GET /api/admin/courses/:id/report');
    expect(report.body.byUnit.map((u: { unit: string }) => u.unit)).toEqual([OWN, OTHER]);
    const other = await call(admin, 'GET /api/admin/jp', `unit=${encodeURIComponent(OTHER)}`);
    expect(other.body.learners.map((l: { nip: string }) => l.nip)).toEqual([otherLearner.nip]);
  });

  it("schedules, changes and cancels their own unit's sessions, never for another unit", async () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      if (route.access !== 'own-unit-writes') continue;
      const reply = await call(coordinator, key);
      expect(reply.status, key).toBeLessThan(300);
      expect(reply.body.unit, key).toBe(OWN);
    }
    expect((await call(coordinator, 'GET /api/admin/sessions/:id/check-in')).status).toBe(200);
    const other = await server.call('POST', `/api/admin/courses/${COURSE}/sessions`, {
      token: coordinator,
      body: sessionBody({ unit: OTHER }),
    });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: 'forbidden', message: expect.stringContaining(OWN) });
  });

  it('comes from the staff CSV too, bound to the row’s unit', async () => {
    const csv = `nip,name,unit,position,role,password\n199001010000000088,Camat,${OTHER},Camat,coordinator,koordinator-2`;
    const applied = await server.call('POST', '/api/admin/users/import', { token: admin, body: { csv, apply: true } });
    expect(applied.body).toMatchObject({ applied: true, problems: [], created: 1 });
    const camat = await login(server, { nip: '199001010000000088', password: 'koordinator-2' });
    const report = await call(camat, 'GET /api/admin/courses/:id/report');
    expect(report.body.learners.map((l: { nip: string }) => l.nip)).toEqual([otherLearner.nip]);
  });
});
