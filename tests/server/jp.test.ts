import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { dialects } from '../helpers/databases.js';
import { syncBody } from '../helpers/events.js';
import { addUser, enrol, login, publishSample, SAMPLE_COURSE, startServer, type TestServer } from '../helpers/server.js';

/** A short bangkom course made from the sample's first module, without tests. */
async function bangkom(id: string, jp: number): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sinau-bangkom-')), id);
  await cp(SAMPLE_COURSE, dir, { recursive: true });
  const yaml = (await readFile(join(dir, 'course.yaml'), 'utf8'))
    .replace('id: orientasi-pppk', `id: ${id}`)
    .replace('category: orientasi', 'category: bangkom')
    .replace(/^jp: .*$/m, `jp: ${jp}`)
    .replace(/^ {2}- id: m2[\s\S]*?(?=^preTest:)/m, '')
    .replace(/^(preTest|postTest|survey): .*\n/gm, '')
    .replace(/^quizzes: .*\n/m, '');
  await writeFile(join(dir, 'course.yaml'), yaml);
  return dir;
}

describe.each(await dialects())('yearly JP on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  const learners: Record<string, { nip: string; token: string }> = {};

  const complete = async (who: string, courseId: string, lessons: string[], at: string) => {
    const events = lessons.map((lessonId) => ({
      id: randomUUID(),
      type: 'lesson.completed',
      courseId,
      courseVersion: 1,
      at,
      data: { lessonId },
    }));
    const reply = await server.call('POST', '/api/sync', { token: learners[who]!.token, body: syncBody(events) });
    expect(reply.body.accepted).toHaveLength(lessons.length);
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    for (const [id, jp] of [
      ['etika-pelayanan', 8],
      ['manajemen-risiko', 16],
    ] as const) {
      const imported = await importCourseDir(server.db, await bangkom(id, jp));
      if (!imported.ok) throw new Error(imported.problems.join('\n'));
    }
    for (const name of ['ani', 'budi', 'citra', 'dodi']) {
      const user = await addUser(server.db, { unit: name === 'ani' || name === 'budi' ? 'Dinas A' : 'Dinas B' });
      for (const course of ['orientasi-pppk', 'etika-pelayanan', 'manajemen-risiko']) await enrol(server.db, course, { nips: [user.nip] });
      learners[name] = { nip: user.nip, token: await login(server, user) };
    }
    admin = await login(server, await addUser(server.db, { role: 'admin' }));
    const m1 = ['m1-l1', 'm1-l2', 'm1-l3'];
    await complete('ani', 'etika-pelayanan', m1, '2026-03-01T08:00:00.000Z');
    await complete('ani', 'manajemen-risiko', m1, '2026-09-01T08:00:00.000Z');
    await complete('budi', 'etika-pelayanan', m1, '2026-05-01T08:00:00.000Z');
    await complete('budi', 'manajemen-risiko', m1.slice(0, 2), '2026-05-02T08:00:00.000Z'); // not finished
    await complete('dodi', 'manajemen-risiko', m1, '2025-12-31T08:00:00.000Z'); // last year
    // 18:00 UTC on 31 December is 01:00 on 1 January in Jakarta: this year's.
    await complete('citra', 'etika-pelayanan', m1, '2025-12-31T18:00:00.000Z');
  }, 60_000);
  afterAll(() => server?.close());

  it('counts completed bangkom courses of the year in Jakarta only, sorted by shortfall against the target', async () => {
    const reply = await server.call('GET', '/api/admin/jp?year=2026', { token: admin });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ year: 2026, target: 20 });
    const byNip = Object.fromEntries(reply.body.learners.map((l: { nip: string }) => [l.nip, l]));
    expect(byNip[learners.ani!.nip]).toMatchObject({ jp: 24, shortfall: 0 });
    expect(byNip[learners.budi!.nip]).toMatchObject({ jp: 8, shortfall: 12 });
    expect(byNip[learners.citra!.nip]).toMatchObject({ jp: 8, shortfall: 12 });
    expect(byNip[learners.dodi!.nip]).toMatchObject({ jp: 0, shortfall: 20 });
    const shortfalls = reply.body.learners.map((l: { shortfall: number }) => l.shortfall);
    expect(shortfalls).toEqual([...shortfalls].sort((a, b) => b - a));
    const last = await server.call('GET', '/api/admin/jp?year=2025&target=24', { token: admin });
    const dodi = last.body.learners.find((l: { nip: string }) => l.nip === learners.dodi!.nip);
    expect(dodi).toMatchObject({ jp: 16, target: 24, shortfall: 8, courses: [{ courseId: 'manajemen-risiko', jp: 16 }] });
    const citra = last.body.learners.find((l: { nip: string }) => l.nip === learners.citra!.nip);
    expect(citra).toMatchObject({ jp: 0, courses: [] });
  });

  it('filters by unit and refuses a malformed year', async () => {
    const reply = await server.call('GET', '/api/admin/jp?year=2026&unit=Dinas%20B', { token: admin });
    expect(reply.body.learners.map((l: { nip: string }) => l.nip).sort()).toEqual([learners.citra!.nip, learners.dodi!.nip].sort());
    expect(reply.body.learners.map((l: { jp: number }) => l.jp).sort()).toEqual([0, 8]);
    expect((await server.call('GET', '/api/admin/jp?year=abc', { token: admin })).status).toBe(400);
  });
});
