// Publishing from the browser: a course folder as a zip, previewed then published through the
// same importer as `sinau course import`, and every hostile zip a problem that leaves nothing
// on disk and nothing published.
import { mkdtempSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { loadCourse } from '../../src/server/services/courses/load.js';
import { dialects } from '../helpers/databases.js';
import { addUser, login, SAMPLE_COURSE, startServer, type TestServer } from '../helpers/server.js';
import { deflatedZeros, folderEntries, type ZipEntry, zip } from '../helpers/zip-writer.js';

// Uploads go to the system's temporary folder: give this file its own, to look into.
const uploadsTmp = mkdtempSync(join(tmpdir(), 'sinau-upload-test-'));
process.env.TMPDIR = uploadsTmp;
// A temporary folder goes just after its answer: wait a moment before looking.
const tmpEntries = async () => {
  await new Promise((r) => setTimeout(r, 100));
  return readdirSync(uploadsTmp).sort();
};

const MiB = 1024 * 1024;
const sampleEntries = (prefix = '') => folderEntries(SAMPLE_COURSE, prefix);
const edited = (entries: ZipEntry[], name: string, change: (text: string) => string): ZipEntry[] =>
  entries.map((e) => (e.name === name ? { ...e, data: Buffer.from(change(e.data!.toString('utf8'))) } : e));

describe.each(await dialects())('course upload on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  const upload = async (body: Buffer | ReadableStream, publish: 0 | 1 = 0, token = admin) => {
    const response = await fetch(`${server.url}/api/admin/courses?publish=${publish}`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) };
  };
  const published = async () =>
    (await server.db.selectFrom('course_versions').select(['course_id', 'version', 'content_hash']).orderBy('version').execute()).map(
      (r) => `${r.course_id}@${r.version}`,
    );

  beforeAll(async () => {
    server = await startServer(dialect);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());

  it('previews the sample course without publishing, shows its images, then publishes it exactly as the CLI would', async () => {
    const preview = await upload(await zip(sampleEntries()));
    expect(preview.status).toBe(200);
    const loaded = await loadCourse(SAMPLE_COURSE);
    if (!loaded.ok) throw new Error('the sample course must load');
    const lessons = loaded.course.package.modules.flatMap((m) => m.lessons.map((l) => l.id));
    expect(preview.body).toMatchObject({
      ok: true,
      problems: [],
      course: {
        id: 'orientasi-pppk',
        version: 1,
        modules: loaded.course.package.modules.length,
        lessons: lessons.length,
        sizeBytes: loaded.course.downloadBytes,
        publishedVersion: null,
      },
      changes: { added: lessons, changed: [], removed: [] },
    });
    expect(await published()).toEqual([]);

    // The preview's images, before publishing: only for an admin, only this upload's.
    const [asset] = loaded.course.package.assets;
    const image = await fetch(`${server.url}/api/admin/courses/previews/${preview.body.previewId}/${asset!.sha256}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe(asset!.mime);
    expect((await image.arrayBuffer()).byteLength).toBe(asset!.size);
    expect((await fetch(`${server.url}/api/admin/courses/previews/${preview.body.previewId}/${asset!.sha256}`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/assets/${asset!.sha256}`)).status).toBe(404);

    const publish = await upload(await zip(sampleEntries()), 1);
    expect(publish.body).toMatchObject({ ok: true, problems: [], outcome: 'published' });
    expect(await published()).toEqual(['orientasi-pppk@1']);
    expect((await fetch(`${server.url}/api/assets/${asset!.sha256}`)).status).toBe(200);
    // One pipeline: the CLI finds the very same content already published.
    expect(await importCourseDir(server.db, SAMPLE_COURSE)).toMatchObject({ ok: true, outcome: 'unchanged' });
  });

  it('finds course.yaml inside one top folder, and an identical upload publishes nothing new', async () => {
    const entries = [
      { name: 'orientasi-pppk/' },
      ...sampleEntries('orientasi-pppk/'),
      { name: '__MACOSX/._course.yaml', data: Buffer.from('x') },
    ];
    const again = await upload(await zip(entries), 1);
    expect(again.body).toMatchObject({
      ok: true,
      outcome: 'unchanged',
      course: { publishedVersion: 1 },
      changes: { added: [], changed: [], removed: [] },
    });
    expect(await published()).toEqual(['orientasi-pppk@1']);
  });

  it('names the file and line of a problem in the same words as the CLI', async () => {
    const lesson = (t: string) => t.replace('## Dasar hukumnya', '## Dasar hukumnya\n\n![Bagan](../images/tidak-ada.png)');
    const answer = await upload(await zip(edited(sampleEntries(), 'lessons/m1-l1.md', lesson)), 1);
    const dir = join(await mkdtemp(join(tmpdir(), 'sinau-course-')), 'course');
    await cp(SAMPLE_COURSE, dir, { recursive: true });
    await writeFile(join(dir, 'lessons/m1-l1.md'), lesson(await readFile(join(dir, 'lessons/m1-l1.md'), 'utf8')));
    const cli = await loadCourse(dir);
    expect(cli.ok).toBe(false);
    expect(answer.body).toMatchObject({ ok: false, course: null });
    expect(answer.body.problems).toEqual(cli.ok ? [] : cli.problems);
    expect(answer.body.problems).toEqual([
      { file: 'lessons/m1-l1.md', line: 9, message: expect.stringMatching(/^image "..\/images\/tidak-ada.png" not found/) },
    ]);
    expect(await published()).toEqual(['orientasi-pppk@1']);
  });

  it('refuses a changed course with the same version, with the reason and the fix, and takes it as version 2', async () => {
    const changed = edited(sampleEntries(), 'lessons/m1-l2.md', (t) => `${t}\n\nParagraf tambahan.\n`);
    for (const publish of [0, 1] as const) {
      const refused = await upload(await zip(changed), publish);
      expect(refused.body.ok).toBe(false);
      expect(refused.body.problems).toEqual([
        { file: 'course.yaml', message: expect.stringMatching(/raise "version" in course\.yaml to 2/) },
      ]);
      expect(refused.body.changes).toEqual({ added: [], changed: ['m1-l2'], removed: [] });
    }
    expect(await published()).toEqual(['orientasi-pppk@1']);
    const bumped = edited(changed, 'course.yaml', (t) => t.replace(/^version: 1$/m, 'version: 2'));
    expect((await upload(await zip(bumped), 1)).body).toMatchObject({ ok: true, outcome: 'published', changes: { changed: ['m1-l2'] } });
    expect(await published()).toEqual(['orientasi-pppk@1', 'orientasi-pppk@2']);
  });

  const course = sampleEntries();
  const hostile: [string, () => Promise<Buffer>, { file: string; message: RegExp }][] = [
    [
      'a ".." path (zip-slip)',
      () => zip([...course, { name: 'images/../../evil.txt', data: Buffer.from('x') }]),
      { file: 'images/../../evil.txt', message: /outside the course folder/ },
    ],
    [
      'an absolute path',
      () => zip([...course, { name: '/etc/cron.d/evil', data: Buffer.from('x') }]),
      { file: '/etc/cron.d/evil', message: /absolute path/ },
    ],
    [
      'a symbolic link',
      () => zip([...course, { name: 'images/kunci.svg', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
      { file: 'images/kunci.svg', message: /is a symbolic link; import never follows links/ },
    ],
    [
      '5,001 entries',
      () =>
        zip([...course, ...Array.from({ length: 5001 - course.length }, (_, i) => ({ name: `extra/${i}.txt`, data: Buffer.from('x') }))]),
      { file: '', message: /5,001 entries; a course may have at most 5,000/ },
    ],
    [
      'a zip bomb by ratio',
      () => zip([...course, { name: 'images/nol.png', raw: { method: 8, data: deflatedZeros(64), size: 64 * MiB } }]),
      { file: '', message: /more than 100 times its own size/ },
    ],
    [
      'over 1 GiB claimed',
      () => zip([...course, { name: 'images/besar.png', raw: { method: 8, data: deflatedZeros(1), size: 2 ** 31 } }]),
      { file: '', message: /says it unpacks to 2,147,\d{3},\d{3} bytes; a course may unpack to at most 1,073,741,824/ },
    ],
    [
      'a small claim that unpacks to over 1 GiB',
      () => zip([...course, { name: 'images/kecil.png', raw: { method: 8, data: deflatedZeros(1100), size: 1000 } }]),
      { file: 'images/kecil.png', message: /unpacks differently from what the zip says/ },
    ],
    ['not a zip at all', async () => Buffer.from('PK but not really'), { file: '', message: /not a zip file/ }],
  ];
  it.each(hostile)('refuses %s as a problem, leaving nothing on disk and nothing published', async (_, build, problem) => {
    const before = await tmpEntries();
    for (const publish of [0, 1] as const) {
      const answer = await upload(await build(), publish);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: false, course: null });
      expect(answer.body.problems).toContainEqual({ file: problem.file, message: expect.stringMatching(problem.message) });
    }
    expect(await tmpEntries()).toEqual(before);
    expect(await published()).toEqual(['orientasi-pppk@1', 'orientasi-pppk@2']);
  });

  it('answers an upload over 300 MiB with a 413 the client can read, keeping nothing', async () => {
    const before = await tmpEntries();
    let sent = 0;
    const chunk = new Uint8Array(MiB);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 301 * MiB) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const answer = await upload(body);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'too-large', message: expect.stringMatching(/at most 300 MiB/) });
    expect(await tmpEntries()).toEqual(before);
  });

  it('lets only an admin upload, before reading the body, and takes only zips', async () => {
    const learner = await login(server, await addUser(server.db));
    const body = await zip(sampleEntries());
    expect((await upload(body, 1, learner)).status).toBe(403);
    expect((await upload(body, 1, '')).status).toBe(401);
    const json = await server.call('POST', '/api/admin/courses?publish=1', { token: admin, body: { course: 'x' } });
    expect(json.status).toBe(415);
    expect(await published()).toEqual(['orientasi-pppk@1', 'orientasi-pppk@2']);
  });
});
