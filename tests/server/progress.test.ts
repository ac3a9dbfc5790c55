// The kept progress behind the report (services/progress.ts): folded in the background after
// a sync, brought up to date before a report, never replaced by an older fold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshProgress } from '../../src/server/services/progress.js';
import { dialects } from '../helpers/databases.js';
import { COURSE, lessonCompleted, syncBody } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, startServer, type TestServer } from '../helpers/server.js';

describe.each(await dialects())('kept progress on %s', (dialect) => {
  let server: TestServer;
  let adminToken: string;

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    adminToken = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());

  async function learner() {
    const user = await addUser(server.db, { unit: 'Dinas Pendidikan' });
    await enrol(server.db, COURSE, { nips: [user.nip] });
    const token = await login(server, user);
    const { id } = await server.db.selectFrom('users').select('id').where('nip', '=', user.nip).executeTakeFirstOrThrow();
    return { ...user, id, token };
  }
  const row = (userId: string) =>
    server.db.selectFrom('progress').selectAll().where('user_id', '=', userId).where('course_id', '=', COURSE).executeTakeFirst();
  const stale = (userId: string) => server.db.selectFrom('progress_stale').selectAll().where('user_id', '=', userId).execute();

  it('marks a sync stale in the same transaction and folds it in the background soon after', async () => {
    const sari = await learner();
    const reply = await server.call('POST', '/api/sync', {
      token: sari.token,
      body: syncBody([lessonCompleted('m1-l1'), lessonCompleted('m1-l2')]),
    });
    expect(reply.body.accepted).toHaveLength(2);
    expect(await stale(sari.id)).toHaveLength(1);
    // Nobody asks for a report: the keeper folds on its own within a few seconds.
    const deadline = Date.now() + 10_000;
    while (!(await row(sari.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await row(sari.id)).toMatchObject({ lessons_done: 2, course_version: 1 });
    expect(await stale(sari.id)).toEqual([]);
  });

  it('brings a stale learner up to date before the report is read', async () => {
    const agus = await learner();
    await server.call('POST', '/api/sync', { token: agus.token, body: syncBody([lessonCompleted('m1-l1')]) });
    const report = await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: adminToken });
    expect(report.body.learners.find((l: { nip: string }) => l.nip === agus.nip)).toMatchObject({ started: true, lessonsDone: 1 });
    await server.call('POST', '/api/sync', { token: agus.token, body: syncBody([lessonCompleted('m1-l2'), lessonCompleted('m1-l3')]) });
    const again = await server.call('GET', `/api/admin/courses/${COURSE}/report`, { token: adminToken });
    expect(again.body.learners.find((l: { nip: string }) => l.nip === agus.nip)).toMatchObject({ lessonsDone: 3 });
  });

  it('never replaces a fold with one of fewer events', async () => {
    const dewi = await learner();
    await server.call('POST', '/api/sync', { token: dewi.token, body: syncBody([lessonCompleted('m1-l1')]) });
    await refreshProgress(server.db, { courseId: COURSE });
    // As if another process had already folded events up to a later sequence number.
    await server.db.updateTable('progress').set({ folded_seq: 1000, lessons_done: 7 }).where('user_id', '=', dewi.id).execute();
    await server.db.insertInto('progress_stale').values({ user_id: dewi.id, course_id: COURSE, seq: 1 }).execute();
    await refreshProgress(server.db, { courseId: COURSE });
    expect(await row(dewi.id)).toMatchObject({ folded_seq: 1000, lessons_done: 7 });
    expect(await stale(dewi.id)).toEqual([]);
  });

  it('folds again against a newer course version', async () => {
    const budi = await learner();
    await server.call('POST', '/api/sync', { token: budi.token, body: syncBody([lessonCompleted('m1-l1')]) });
    await refreshProgress(server.db, { courseId: COURSE });
    await server.db.updateTable('progress').set({ course_version: 0, lessons_done: 9 }).where('user_id', '=', budi.id).execute();
    await refreshProgress(server.db, { courseId: COURSE });
    expect(await row(budi.id)).toMatchObject({ course_version: 1, lessons_done: 1 });
  });
});
