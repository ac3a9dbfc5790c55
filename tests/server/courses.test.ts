import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { dialects } from '../helpers/databases.js';
import { addUser, enrol, login, SAMPLE_COURSE, startServer, type TestServer } from '../helpers/server.js';

async function copyOfSample(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sinau-course-')), 'course');
  await cp(SAMPLE_COURSE, dir, { recursive: true });
  return dir;
}

async function edit(dir: string, file: string, change: (text: string) => string) {
  await writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')));
}

describe.each(await dialects())('course publishing on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(() => server?.close());

  it('publishes once, treats an identical re-import as a no-op, refuses a changed one, and takes a new version', async () => {
    const dir = await copyOfSample();
    expect(await importCourseDir(server.db, dir)).toMatchObject({ ok: true, outcome: 'published', version: 1 });
    expect(await importCourseDir(server.db, dir)).toMatchObject({ ok: true, outcome: 'unchanged' });

    await edit(dir, 'lessons/m1-l1.md', (t) => `${t}\n\nParagraf tambahan.\n`);
    const refused = await importCourseDir(server.db, dir);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems[0]).toMatch(/raise "version" in course\.yaml to 2/);

    await edit(dir, 'course.yaml', (t) => t.replace(/^version: 1$/m, 'version: 2'));
    expect(await importCourseDir(server.db, dir)).toMatchObject({ ok: true, outcome: 'published', version: 2 });
    const user = await addUser(server.db);
    await enrol(server.db, 'orientasi-pppk', { all: true });
    const pkg = await server.call('GET', '/api/courses/orientasi-pppk', { token: await login(server, user) });
    expect(pkg.body.version).toBe(2);
    expect(pkg.body.modules[0].lessons[0].html).toContain('Paragraf tambahan.');

    await edit(dir, 'course.yaml', (t) => t.replace(/^version: 2$/m, 'version: 1'));
    const backwards = await importCourseDir(server.db, dir);
    expect(backwards.ok).toBe(false);
    const versions = await server.db.selectFrom('course_versions').select('version').orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('stores each image once, however many versions use it', async () => {
    const rows = await server.db.selectFrom('assets').select(['sha256']).execute();
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(6);
  });
});
