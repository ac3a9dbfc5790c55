// Video, audio and PDF lessons on the server: what import checks of a media file's bytes, its
// poster and captions; chunks written at publish (from a folder or an uploaded zip); and
// GET /api/media/:sha256 answering ranges from those chunks as players and the service worker
// ask for them.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonPackage } from '../../src/domain/course.js';
import { MEDIA_CHUNK_BYTES, MEDIA_MAX_BYTES } from '../../src/domain/media.js';
import { type CourseFolder, courseFolder as fsCourseFolder } from '../../src/server/services/courses/files.js';
import { type LoadedCourse, loadCourse } from '../../src/server/services/courses/load.js';
import { publishCourse } from '../../src/server/services/courses/publish.js';
import { dialects } from '../helpers/databases.js';
import { addUser, login, startServer, type TestServer } from '../helpers/server.js';
import { folderEntries, zip } from '../helpers/zip-writer.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/media');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
// A PDF as far as import can tell (it reads the signature, not the pages), spanning three chunks.
const BIG_PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2.5 * MEDIA_CHUNK_BYTES)]);

const tmp = mkdtempSync(join(tmpdir(), 'sinau-media-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** course.yaml with a text lesson and the given lesson entries (flow mappings), one per line. */
const courseYaml = (lessons: string[], id = 'media-uji') => `id: ${id}
version: 1
title: Media
summary: Kursus dengan video
language: id
category: bangkom
jp: 1
modules:
  - id: m1
    title: Modul
    lessons:
      - { id: l1, title: Teks, file: lessons/l1.md, minutes: 5 }
${lessons.map((l) => `      - ${l}`).join('\n')}
`;

/** A course folder of its own, with course.yaml and the files named. */
function courseFolder(lessons: string[], files: Record<string, Buffer | string>, id?: string): string {
  const dir = mkdtempSync(join(tmp, 'course-'));
  const all = { 'course.yaml': courseYaml(lessons, id), 'lessons/l1.md': '# Teks\n\nIsi.\n', ...files };
  for (const [name, data] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

const FULL_LESSONS = [
  '{ id: v1, title: Video, type: video, file: media/clip.mp4, poster: images/poster.png, captions: media/clip.vtt, minutes: 5 }',
  '{ id: v2, title: WebM, type: video, file: media/clip.webm, minutes: 5 }',
  '{ id: a1, title: MP3, type: audio, file: media/tone.mp3, minutes: 5 }',
  '{ id: a2, title: M4A, type: audio, file: media/tone.m4a, captions: media/clip.vtt, minutes: 5 }',
  '{ id: a3, title: OGG, type: audio, file: media/tone.ogg, minutes: 5 }',
  '{ id: p1, title: PDF, type: pdf, file: media/page.pdf, minutes: 5 }',
  '{ id: p2, title: Besar, type: pdf, file: media/big.pdf, minutes: 5 }',
];
const FULL_FILES = {
  'media/clip.mp4': fixture('clip.mp4'),
  'media/clip.webm': fixture('clip.webm'),
  'media/clip.vtt': fixture('captions.vtt'),
  'images/poster.png': fixture('poster.png'),
  'media/tone.mp3': fixture('tone.mp3'),
  'media/tone.m4a': fixture('tone.m4a'),
  'media/tone.ogg': fixture('tone.ogg'),
  'media/page.pdf': fixture('page.pdf'),
  'media/big.pdf': BIG_PDF,
};

async function loaded(dir: string): Promise<LoadedCourse> {
  const result = await loadCourse(dir);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  return result.course;
}

/** An MP3 whose ID3v2 tag is cut off, so it starts with a frame header. */
function withoutId3(mp3: Buffer): Buffer {
  const size = ((mp3[6] ?? 0) << 21) | ((mp3[7] ?? 0) << 14) | ((mp3[8] ?? 0) << 7) | (mp3[9] ?? 0);
  const frames = mp3.subarray(10 + size);
  expect(frames[0]).toBe(0xff);
  return frames;
}

const lessonsOf = (course: LoadedCourse) => new Map(course.package.modules.flatMap((m) => m.lessons).map((l) => [l.id, l]));

describe('media lessons at import', () => {
  /** The problems of a course with these lessons and files, as `line: message`. */
  const problemsOf = async (lessons: string[], files: Record<string, Buffer | string>, options = {}) => {
    const result = await loadCourse(courseFolder(lessons, files), options);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.problems.map((p) => ({ file: p.file, line: p.line, message: p.message }));
  };
  // The first added lesson is on line 13 of course.yaml, the next on 14.
  const LINE = 13;

  it('puts each file, its poster and captions in the package', async () => {
    const course = await loaded(courseFolder(FULL_LESSONS, FULL_FILES));
    const lessons = lessonsOf(course);
    const poster = sha256(fixture('poster.png'));
    const captions = sha256(fixture('captions.vtt'));
    expect(lessons.get('v1')).toEqual<LessonPackage>({
      id: 'v1',
      title: 'Video',
      minutes: 5,
      html: '',
      assets: [poster, captions],
      media: {
        kind: 'video',
        sha256: sha256(fixture('clip.mp4')),
        size: fixture('clip.mp4').length,
        mime: 'video/mp4',
        poster,
        captions: { sha256: captions, language: 'id' },
      },
    });
    expect(
      ['v2', 'a1', 'a2', 'a3', 'p1'].map((id) => {
        const media = lessons.get(id)?.media;
        return `${media?.kind} ${media?.mime}`;
      }),
    ).toEqual(['video video/webm', 'audio audio/mpeg', 'audio audio/mp4', 'audio audio/ogg', 'pdf application/pdf']);
    expect(lessons.get('l1')?.media).toBeUndefined();
    expect(course.package.assets).toContainEqual({ sha256: captions, mime: 'text/vtt', size: fixture('captions.vtt').length });
    // Media is downloaded apart from the text: not in the package's size.
    expect(course.downloadBytes).toBeLessThan(100_000);
    expect(course.media.map((m) => m.path).sort()).toEqual(
      ['media/big.pdf', 'media/clip.mp4', 'media/clip.webm', 'media/page.pdf', 'media/tone.m4a', 'media/tone.mp3', 'media/tone.ogg'].sort(),
    );
  });

  it('judges a file by its bytes, not its name', async () => {
    const problems = await problemsOf(
      [
        '{ id: v1, title: PNG, type: video, file: media/fake.mp4, minutes: 5 }',
        '{ id: v2, title: Audio only, type: video, file: media/audio.mp4, minutes: 5 }',
        '{ id: a1, title: Video, type: audio, file: media/clip.mp4, minutes: 5 }',
        '{ id: a2, title: PDF, type: audio, file: media/page.mp3, minutes: 5 }',
        '{ id: p1, title: WebM, type: pdf, file: media/clip.pdf, minutes: 5 }',
        '{ id: v3, title: Matroska, type: video, file: media/clip2.webm, minutes: 5 }',
        '{ id: a3, title: AAC, type: audio, file: media/adts.mp3, minutes: 5 }',
        '{ id: a4, title: Frames, type: audio, file: media/frames.mp3, minutes: 5 }',
      ],
      {
        'media/fake.mp4': fixture('poster.png'),
        'media/audio.mp4': fixture('tone.m4a'),
        'media/clip.mp4': fixture('clip.mp4'),
        'media/page.mp3': fixture('page.pdf'),
        'media/clip.pdf': fixture('clip.webm'),
        // The doctype says Matroska, which browsers need not play.
        'media/clip2.webm': Buffer.from(fixture('clip.webm').toString('latin1').replace('webm', 'mkvx'), 'latin1'),
        // AAC in ADTS frames has the same sync bits as MPEG audio, but layer 00.
        'media/adts.mp3': Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0, 0, 0]),
        // MPEG audio frames with no ID3 tag before them are an MP3 too.
        'media/frames.mp3': withoutId3(fixture('tone.mp3')),
      },
    );
    expect(problems).toEqual([
      { file: 'course.yaml', line: LINE, message: 'file "media/fake.mp4" is not an MP4 file (its bytes are none of the accepted formats)' },
      { file: 'course.yaml', line: LINE + 1, message: 'file "media/audio.mp4" is not an MP4 file (it is an M4A (audio-only MP4))' },
      { file: 'course.yaml', line: LINE + 2, message: 'file "media/clip.mp4" must be a .mp3, .m4a, .ogg, .oga file for an audio lesson' },
      { file: 'course.yaml', line: LINE + 3, message: 'file "media/page.mp3" is not an MP3 file (it is a PDF)' },
      { file: 'course.yaml', line: LINE + 4, message: 'file "media/clip.pdf" is not a PDF file (it is a WebM video)' },
      {
        file: 'course.yaml',
        line: LINE + 5,
        message: 'file "media/clip2.webm" is not a WebM file (its bytes are none of the accepted formats)',
      },
      {
        file: 'course.yaml',
        line: LINE + 6,
        message: 'file "media/adts.mp3" is not an MP3 file (its bytes are none of the accepted formats)',
      },
    ]);
  });

  it('reports a missing file, poster or captions, bad captions and a poster that is no image', async () => {
    const problems = await problemsOf(
      [
        '{ id: v1, title: A, type: video, file: media/none.mp4, minutes: 5 }',
        '{ id: v2, title: B, type: video, file: media/clip.mp4, captions: media/none.vtt, poster: images/none.png, minutes: 5 }',
        '{ id: v3, title: C, type: video, file: media/clip.mp4, captions: media/bad.vtt, minutes: 5 }',
        '{ id: v4, title: D, type: video, file: media/clip.mp4, poster: images/poster.txt, minutes: 5 }',
      ],
      {
        'media/clip.mp4': fixture('clip.mp4'),
        'media/bad.vtt': '1\n00:00:00,000 --> 00:00:01,000\nSRT, not WebVTT\n',
        'images/poster.txt': 'x',
      },
    );
    expect(problems).toEqual([
      { file: 'course.yaml', line: LINE, message: 'file "media/none.mp4" not found' },
      { file: 'course.yaml', line: LINE + 1, message: 'image "images/none.png" not found (looked for images/none.png)' },
      { file: 'course.yaml', line: LINE + 1, message: 'captions "media/none.vtt" not found' },
      {
        file: 'course.yaml',
        line: LINE + 2,
        message: 'captions "media/bad.vtt" is not WebVTT: it must be UTF-8 and start with a "WEBVTT" line',
      },
      { file: 'course.yaml', line: LINE + 3, message: expect.stringMatching(/^image "images\/poster.txt" must be a .png, .jpg/) },
    ]);
  });

  it('refuses what course.yaml may not say of a media lesson, at its line', async () => {
    const problems = await problemsOf(
      [
        '{ id: v1, title: A, type: video, file: videos/clip.mp4, minutes: 5 }',
        '{ id: p1, title: B, type: pdf, file: media/page.pdf, captions: media/clip.vtt, minutes: 5 }',
        '{ id: v2, title: C, type: video, file: media/clip.mp4, captions: media/clip.srt, minutes: 5 }',
        '{ id: v3, title: D, type: film, file: media/clip.mp4, minutes: 5 }',
      ],
      {
        'videos/clip.mp4': fixture('clip.mp4'),
        'media/clip.mp4': fixture('clip.mp4'),
        'media/page.pdf': fixture('page.pdf'),
        // There, but named as what they may not be.
        'media/clip.vtt': fixture('captions.vtt'),
        'media/clip.srt': fixture('captions.vtt'),
      },
    );
    expect(problems).toEqual([
      { file: 'course.yaml', line: LINE, message: "modules.0.lessons.1.file: a video lesson's file must be in media/" },
      { file: 'course.yaml', line: LINE + 1, message: 'modules.0.lessons.2.captions: only a video or audio lesson may have captions' },
      {
        file: 'course.yaml',
        line: LINE + 2,
        message: 'modules.0.lessons.3.captions: captions must be a WebVTT file in media/ (media/<name>.vtt)',
      },
      { file: 'course.yaml', line: LINE + 3, message: expect.stringMatching(/^modules.0.lessons.4.type: /) },
    ]);
  });

  it('refuses a file over the limit without reading it', async () => {
    const small = await problemsOf(
      ['{ id: v1, title: A, type: video, file: media/clip.mp4, minutes: 5 }'],
      { 'media/clip.mp4': fixture('clip.mp4') },
      {
        mediaMaxBytes: 1000,
      },
    );
    expect(small).toEqual([
      { file: 'course.yaml', line: LINE, message: `file "media/clip.mp4" is ${fixture('clip.mp4').length} bytes; the limit is 1000` },
    ]);
    // A sparse file: 250 MiB and one byte that take no room on disk.
    const dir = courseFolder(['{ id: p1, title: A, type: pdf, file: media/huge.pdf, minutes: 5 }'], { 'media/huge.pdf': '%PDF-1.4\n' });
    truncateSync(join(dir, 'media/huge.pdf'), MEDIA_MAX_BYTES + 1);
    const result = await loadCourse(dir);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      `file "media/huge.pdf" is ${MEDIA_MAX_BYTES + 1} bytes; the limit is ${MEDIA_MAX_BYTES}`,
    ]);
  });
});

describe.each(await dialects())('media on %s', (dialect) => {
  let server: TestServer;
  let course: LoadedCourse;
  let big: string;
  let video: string;
  const size = BIG_PDF.length;
  const get = async (sha: string, headers: Record<string, string> = {}, method = 'GET') => {
    const response = await fetch(`${server.url}/api/media/${sha}`, { method, headers });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    course = await loaded(courseFolder(FULL_LESSONS, FULL_FILES));
    expect(await publishCourse(server.db, course)).toBe('published');
    big = sha256(BIG_PDF);
    video = sha256(fixture('clip.mp4'));
  });
  afterAll(() => server.close());

  it('never reads a media file whole, at import or at publish', async () => {
    const dir = courseFolder(['{ id: p1, title: A, type: pdf, file: media/big.pdf, minutes: 5 }'], { 'media/big.pdf': BIG_PDF }, 'utuh');
    const real = fsCourseFolder(dir);
    const folder: CourseFolder = {
      read: (ref, limit) => {
        if (ref.startsWith('media/')) throw new Error(`${ref} read whole`);
        return real.read(ref, limit);
      },
      stream: (ref, limit) => real.stream(ref, limit),
    };
    const result = await loadCourse(folder);
    expect(result.ok).toBe(true);
    if (result.ok) expect(await publishCourse(server.db, result.course)).toBe('published');
  });

  it('stores each file once, in chunks of a MiB, and again is a no-op', async () => {
    const chunks = await server.db.selectFrom('media_chunks').select(['index']).where('sha256', '=', big).orderBy('index').execute();
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
    const rows = await server.db.selectFrom('media').select(['sha256', 'size', 'mime']).orderBy('sha256').execute();
    expect(rows).toHaveLength(7);
    expect(rows.find((r) => r.sha256 === big)).toEqual({ sha256: big, size, mime: 'application/pdf' });
    expect(await publishCourse(server.db, course)).toBe('unchanged');
    // Another course with the same file does not write it again.
    const other = await loaded(
      courseFolder(['{ id: p1, title: A, type: pdf, file: media/big.pdf, minutes: 5 }'], { 'media/big.pdf': BIG_PDF }, 'lain'),
    );
    expect(await publishCourse(server.db, other)).toBe('published');
    const count = await server.db
      .selectFrom('media_chunks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(7 + 2);
  });

  it('answers the whole file, cacheable for good and never compressed', async () => {
    const reply = await get(big, { 'accept-encoding': 'gzip, br' });
    expect(reply.status).toBe(200);
    expect(reply.body.equals(BIG_PDF)).toBe(true);
    expect(
      Object.fromEntries(
        ['content-type', 'content-length', 'accept-ranges', 'etag', 'cache-control', 'content-encoding'].map((h) => [
          h,
          reply.headers.get(h),
        ]),
      ),
    ).toEqual({
      'content-type': 'application/pdf',
      'content-length': String(size),
      'accept-ranges': 'bytes',
      etag: `"${big}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'content-encoding': null,
    });
    const mp4 = await get(video, { 'accept-encoding': 'gzip' });
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    expect(mp4.headers.get('content-encoding')).toBeNull();
    expect(mp4.body.equals(fixture('clip.mp4'))).toBe(true);
  });

  it.each([
    ['the first bytes', 'bytes=0-99', 0, 99],
    [
      'a middle range across a chunk boundary',
      `bytes=${MEDIA_CHUNK_BYTES - 10}-${MEDIA_CHUNK_BYTES + 9}`,
      MEDIA_CHUNK_BYTES - 10,
      MEDIA_CHUNK_BYTES + 9,
    ],
    ['the last bytes', `bytes=${size - 5}-${size - 1}`, size - 5, size - 1],
    ['a suffix', 'bytes=-100', size - 100, size - 1],
    ['an open end', `bytes=${2 * MEDIA_CHUNK_BYTES - 3}-`, 2 * MEDIA_CHUNK_BYTES - 3, size - 1],
    ['an end past the file', `bytes=${size - 2}-${size + 1000}`, size - 2, size - 1],
    ['a whole chunk', `bytes=${MEDIA_CHUNK_BYTES}-${2 * MEDIA_CHUNK_BYTES - 1}`, MEDIA_CHUNK_BYTES, 2 * MEDIA_CHUNK_BYTES - 1],
  ])('answers %s with 206', async (_, range, start, end) => {
    const reply = await get(big, { range });
    expect(reply.status).toBe(206);
    expect(reply.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(reply.headers.get('content-length')).toBe(String(end - start + 1));
    expect(reply.body.equals(BIG_PDF.subarray(start, end + 1))).toBe(true);
  });

  it('answers any single range with exactly its bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(size - 1), fc.nat(3 * MEDIA_CHUNK_BYTES), async (start, length) => {
        const reply = await get(big, { range: `bytes=${start}-${start + length}` });
        const end = Math.min(start + length, size - 1);
        expect(reply.status).toBe(206);
        expect(reply.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
        expect(reply.body.equals(BIG_PDF.subarray(start, end + 1))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it.each(['bytes=x', 'bytes=0-1,5-6', 'lines=0-1'])('answers %s with the whole file', async (range) => {
    const reply = await get(big, { range });
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(size);
  });

  it('answers a range past the end with 416 and the size', async () => {
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
      const reply = await get(big, { range });
      expect(reply.status).toBe(416);
      expect(reply.headers.get('content-range')).toBe(`bytes */${size}`);
    }
  });

  it('serves the range when If-Range names this file, the whole file when it does not', async () => {
    const match = await get(big, { range: 'bytes=10-19', 'if-range': `"${big}"` });
    expect(match.status).toBe(206);
    expect(match.body.equals(BIG_PDF.subarray(10, 20))).toBe(true);
    for (const ifRange of [`"${video}"`, 'Wed, 21 Oct 2015 07:28:00 GMT']) {
      const stale = await get(big, { range: 'bytes=10-19', 'if-range': ifRange });
      expect(stale.status).toBe(200);
      expect(stale.body.equals(BIG_PDF)).toBe(true);
    }
  });

  it('answers If-None-Match with 304', async () => {
    for (const tag of [`"${big}"`, `W/"${big}"`, `"x", "${big}"`, '*']) {
      const reply = await get(big, { 'if-none-match': tag });
      expect(reply.status).toBe(304);
      expect(reply.body.length).toBe(0);
      expect(reply.headers.get('etag')).toBe(`"${big}"`);
    }
    expect((await get(big, { 'if-none-match': `"${video}"` })).status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const whole = await get(big, {}, 'HEAD');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(size));
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.body.length).toBe(0);
    const range = await get(big, { range: 'bytes=0-9' }, 'HEAD');
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 0-9/${size}`);
    expect(range.headers.get('content-length')).toBe('10');
  });

  it('answers an unknown or malformed hash with 404', async () => {
    for (const sha of ['0'.repeat(64), big.toUpperCase(), 'abc', `${big}0`, 'x'.repeat(64)]) {
      const reply = await get(sha);
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.body.toString()).error).toBe('not-found');
    }
    // A NUL is malformed text, which every route answers with 400 (docs/sync.md, "Errors").
    expect((await get('%00')).status).toBe(400);
    // An image is an asset, not media.
    expect((await get(sha256(fixture('poster.png')))).status).toBe(404);
  });

  it('needs no session, like images: a player fetches it by its unguessable hash', async () => {
    expect((await get(video)).status).toBe(200);
    expect((await get(video, { authorization: 'Bearer not-a-token' })).status).toBe(200);
  });

  it('serves captions as text/vtt assets', async () => {
    const reply = await fetch(`${server.url}/api/assets/${sha256(fixture('captions.vtt'))}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await reply.text()).toBe(fixture('captions.vtt').toString());
  });

  it('publishes media from an uploaded zip, streamed into chunks', async () => {
    const admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
    const movie = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MEDIA_CHUNK_BYTES + 123)]);
    const dir = courseFolder(
      [
        '{ id: v1, title: Video, type: video, file: media/clip.mp4, captions: media/clip.vtt, minutes: 5 }',
        '{ id: p1, title: PDF, type: pdf, file: media/movie.pdf, minutes: 5 }',
      ],
      { 'media/clip.mp4': fixture('clip.mp4'), 'media/clip.vtt': fixture('captions.vtt'), 'media/movie.pdf': movie },
      'dari-zip',
    );
    const body = await zip(folderEntries(dir, 'kursus/'));
    const response = await fetch(`${server.url}/api/admin/courses?publish=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', authorization: `Bearer ${admin}` },
      body: new Uint8Array(body),
    });
    const answer = (await response.json()) as { ok: boolean; problems: unknown[] };
    expect(answer.problems).toEqual([]);
    expect(answer.ok).toBe(true);
    const reply = await get(sha256(movie), { range: `bytes=${MEDIA_CHUNK_BYTES - 1}-` });
    expect(reply.status).toBe(206);
    expect(reply.body.equals(movie.subarray(MEDIA_CHUNK_BYTES - 1))).toBe(true);
  });

  it('refuses in a zip what it refuses in a folder, with the line', async () => {
    const admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
    const dir = courseFolder(
      ['{ id: v1, title: Video, type: video, file: media/clip.mp4, minutes: 5 }'],
      { 'media/clip.mp4': fixture('page.pdf') },
      'zip-salah',
    );
    const response = await fetch(`${server.url}/api/admin/courses?publish=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', authorization: `Bearer ${admin}` },
      body: new Uint8Array(await zip(folderEntries(dir))),
    });
    const answer = (await response.json()) as { ok: boolean; problems: unknown[] };
    expect(answer.ok).toBe(false);
    expect(answer.problems).toEqual([{ file: 'course.yaml', line: 13, message: 'file "media/clip.mp4" is not an MP4 file (it is a PDF)' }]);
  });
});
