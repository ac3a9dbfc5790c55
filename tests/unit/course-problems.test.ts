import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldName, problemSentence, SENTENCES_ID } from '../../src/app/admin/course-problems.js';
import { PROBLEM_CODES } from '../../src/domain/api/course-upload.js';
import { loadCourse } from '../../src/server/services/courses/load.js';
import { formatProblem } from '../../src/server/services/courses/yaml-source.js';

const PARAMS = {
  path: 'modules.0.lessons.1.minutes',
  src: '../images/x.png',
  types: '.png, .svg',
  at: 'images',
  detail: 'EACCES',
  size: 6_000_000,
  limit: 5_242_880,
  id: 'm1',
  kind: 'module',
  encoding: 'latin1',
  target: 'xml-stylesheet',
  root: 'html',
  element: 'script',
  attribute: 'onload',
  yamlCode: 'BAD_INDENT',
  expected: 'number',
  origin: 'number',
  minimum: 1,
  maximum: 600,
  inclusive: 1,
  format: 'regex',
  divisor: 2,
  keys: 'menit',
  values: 'id, en',
  found: 2,
  entries: 5001,
  method: 14,
  ratio: 100,
  version: 2,
  next: 3,
  current: 3,
};

describe('course problems in Indonesian', () => {
  it('has a sentence for every code the importer makes, and none reads as the English fallback', () => {
    expect(Object.keys(SENTENCES_ID).sort()).toEqual([...PROBLEM_CODES].sort());
    for (const code of PROBLEM_CODES) {
      const text = problemSentence({ code, params: PARAMS }, 'id');
      expect(text, code).toMatch(/\.$/);
      expect(text, code).not.toMatch(/undefined|NaN|\b(must|not found|the zip|is an|file)\b/);
    }
  });

  it('leaves an unknown code and an English screen to the importer’s words', () => {
    expect(problemSentence({ code: 'from-the-future', params: {} }, 'id')).toBeUndefined();
    expect(problemSentence({ code: 'file-missing', params: {} }, 'en')).toBeUndefined();
  });

  it('names a field by where it is in the course', () => {
    expect(fieldName('modules.0.lessons.1.minutes')).toBe("'minutes' pelajaran ke-2 di modul ke-1");
    expect(fieldName('questions.2.options')).toBe("'options' soal ke-3");
    expect(fieldName('quizzes.0')).toBe('kuis latihan ke-1');
  });

  it('gives the importer’s problems codes and params, and keeps the English the CLI prints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sinau-problems-'));
    await mkdir(join(dir, 'lessons'));
    await writeFile(
      join(dir, 'course.yaml'),
      [
        'id: kursus',
        'version: 1',
        'title: Kursus',
        'summary: Ringkas',
        'language: id',
        'category: orientasi',
        'jp: 2',
        'modules:',
        '  - id: m1',
        '    title: Modul',
        '    lessons:',
        '      - { id: l1, title: Satu, file: lessons/l1.md, minutes: 5 }',
        '      - { id: l2, title: Dua, file: lessons/l2.md, minutes: 0 }',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'lessons/l1.md'), '# Satu\n\n![x](../images/x.png)\n');
    await writeFile(join(dir, 'lessons/l2.md'), '# Dua\n');
    const result = await loadCourse(dir);
    if (result.ok) throw new Error('must fail');
    const [schema, image] = result.problems;
    expect(formatProblem(schema!)).toMatch(/^course\.yaml:13: modules\.0\.lessons\.1\.minutes: Too small/);
    expect(schema).toMatchObject({ code: 'schema-too-small' });
    expect(problemSentence(schema, 'id')).toBe("'minutes' pelajaran ke-2 di modul ke-1 harus paling sedikit 1.");
    expect(image?.code).toBe('image-missing');
    expect(problemSentence(image, 'id')).toBe('Gambar ../images/x.png tidak ada di folder kursus (dicari di images/x.png).');
    // Serialized, a problem is still {file, line, message}.
    expect(JSON.parse(JSON.stringify(image))).toEqual({ file: 'lessons/l1.md', line: 3, message: expect.stringMatching(/^image/) });
  });
});
