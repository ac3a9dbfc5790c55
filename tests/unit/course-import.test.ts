import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/server/services/courses/load.js';
import { sanitizeLessonHtml } from '../../src/server/services/courses/markdown.js';
import { courseYaml, PIXEL } from '../helpers/course-source.js';
import { SAMPLE_COURSE } from '../helpers/server.js';

async function writeCourse(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sinau-course-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const minimalCourse = (lesson: string) => ({
  'course.yaml': courseYaml(),
  'lessons/l1.md': lesson,
  'images/titik.png': PIXEL,
});

describe('the sample course', () => {
  it('loads without problems and meets the course brief', async () => {
    const result = await loadCourse(SAMPLE_COURSE);
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('\n'));
    const pkg = result.course.package;
    const lessons = pkg.modules.flatMap((m) => m.lessons);
    expect(pkg.category).toBe('orientasi');
    expect(pkg.modules.length).toBeGreaterThanOrEqual(4);
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    for (const lesson of lessons) {
      const words = lesson.html
        .replace(/<[^>]+>/g, ' ')
        .split(/\s+/)
        .filter(Boolean).length;
      expect(words, lesson.id).toBeGreaterThanOrEqual(300);
    }
    expect(pkg.assets.length).toBeGreaterThanOrEqual(6);
    for (const test of [pkg.preTest!, pkg.postTest!]) {
      expect(test.questions.length).toBeGreaterThanOrEqual(10);
      expect(new Set(test.questions.map((q) => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'short']));
    }
    const practice = result.course.quizzes.find((q) => q.feedback === 'immediate');
    expect(practice?.questions.every((q) => q.explanation)).toBe(true);
  });

  it('renders identically twice (same content hash)', async () => {
    const [a, b] = await Promise.all([loadCourse(SAMPLE_COURSE), loadCourse(SAMPLE_COURSE)]);
    expect(a.ok && b.ok && a.course.contentHash === b.course.contentHash).toBe(true);
  });
});

describe('lesson sanitizing', () => {
  const hostile = `## Judul

<script>alert('x')</script>
<img src="../images/titik.png" onerror="alert(1)">
<a href="javascript:alert(1)">klik</a>
<a href="JaVaScRiPt&colon;alert(1)">klik 2</a>
<iframe src="https://evil.example"></iframe>
<div onclick="alert(1)" style="background:url(javascript:alert(1))">isi</div>
<svg><script>alert(1)</script></svg>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example"><input name="p"></form>
[tautan](javascript:alert(1))
<p onmouseover="alert(1)">teks aman</p>

![gambar](../images/titik.png)
`;

  it('removes scripts, event handlers, javascript: links and iframes but keeps the content', async () => {
    const result = await loadCourse(await writeCourse(minimalCourse(hostile)));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { html } = result.course.package.modules[0]!.lessons[0]!;
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<form|<input|<svg|<div|\son\w+=|href="?javascript:|style=/i);
    expect(html).toContain('teks aman');
    expect(html).toContain('<h2>Judul</h2>');
    expect(html).toMatch(/<img src="\/api\/assets\/[0-9a-f]{64}" alt="gambar" \/>/);
  });

  it('keeps safe links, opening them in a new tab without referrer', () => {
    expect(sanitizeLessonHtml('<a href="https://jdih.go.id">JDIH</a>')).toBe(
      '<a href="https://jdih.go.id" rel="noopener noreferrer" target="_blank">JDIH</a>',
    );
  });

  it('drops images that are not package assets', () => {
    expect(sanitizeLessonHtml('<p><img src="https://tracker.example/x.png"><img src="data:image/png;base64,AA=="></p>')).toBe('<p></p>');
  });
});

describe('a broken package', () => {
  it('lists every problem with its file and line, not only the first', async () => {
    const dir = await writeCourse({
      'course.yaml': `id: Rusak Sekali
version: 0
title: Rusak
summary: ""
language: id
category: pelatihan
jp: 2
modules:
  - id: m1
    title: Modul
    lessons:
      - { id: l1, title: Satu, file: lessons/l1.md, minutes: 10 }
      - { id: l1, title: Dua, file: lessons/hilang.md, minutes: 10 }
preTest: quizzes/pre.yaml
quizzes: [quizzes/rusak.yaml]
`,
      'lessons/l1.md': '## Isi\n\nTeks.\n\n![tidak ada](../images/tidak-ada.png)\n\n![jauh](https://contoh.id/a.png)\n',
      'quizzes/pre.yaml': `id: pre
title: Pre
feedback: after-sync
passingScore: 170
questions:
  - id: q1
    type: single
    prompt: Pilih
    options:
      - { id: a, text: A, correct: true }
      - { id: b, text: B, correct: true }
  - { id: q2, type: short, prompt: Isi, accept: [] }
  - { id: q3, type: essay, prompt: Tulis }
`,
      'quizzes/rusak.yaml': 'id: rusak\ntitle: [tidak ditutup\n',
    });
    const result = await loadCourse(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const all = result.problems.map((p) => `${p.file}:${p.line ?? '-'} ${p.message}`);
    const has = (re: RegExp) =>
      expect(
        all.some((f) => re.test(f)),
        `${re}\n${all.join('\n')}`,
      ).toBe(true);
    has(/^course\.yaml:1 id: use lowercase/);
    has(/^course\.yaml:2 version/);
    has(/^course\.yaml:4 summary/);
    has(/^course\.yaml:6 category/);
    has(/^course\.yaml:- lesson id "l1" is used twice/);
    has(/^lessons\/hilang\.md:- file not found/);
    has(/^lessons\/l1\.md:5 image "\.\.\/images\/tidak-ada\.png" not found/);
    has(/^lessons\/l1\.md:7 image "https:\/\/contoh\.id\/a\.png" must be a file in the course folder/);
    has(/^quizzes\/pre\.yaml:4 passingScore/);
    has(/^quizzes\/pre\.yaml:10 questions\.0\.options: a single-choice question needs exactly one correct option \(found 2\)/);
    has(/^quizzes\/pre\.yaml:12 questions\.1\.accept/);
    has(/^quizzes\/pre\.yaml:13 questions\.2\.type/);
    has(/^quizzes\/rusak\.yaml:[23] /);
    expect(all).toHaveLength(13);
  });

  it('refuses an SVG that carries a script', async () => {
    const course = minimalCourse('![x](../images/jahat.svg)\n');
    const result = await loadCourse(
      await writeCourse({ ...course, 'images/jahat.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>' }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/scripts or event handlers/);
  });
});
