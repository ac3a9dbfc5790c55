// A course folder is written by someone else and read with the server's rights: import
// must never read outside it, and must report every problem of the package in one run.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/server/services/courses/load.js';
import { svgRefusal } from '../../src/server/services/courses/svg.js';
import { courseYaml, PIXEL } from '../helpers/course-source.js';

const SVG = (body: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg"${attributes}>${body}</svg>`;

type Files = Record<string, string | Buffer>;

/** A course folder at <root>/course, with `outside` files written beside it at <root>. */
async function fixture(files: Files, outside: Files = {}): Promise<{ root: string; course: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sinau-files-'));
  const course = join(root, 'course');
  for (const [base, set] of [
    [course, files],
    [root, outside],
  ] as const)
    for (const [path, content] of Object.entries(set)) {
      await mkdir(dirname(join(base, path)), { recursive: true });
      await writeFile(join(base, path), content);
    }
  await mkdir(course, { recursive: true });
  return { root, course };
}

async function problemsOf(dir: string): Promise<string[]> {
  const result = await loadCourse(dir);
  expect(result.ok, 'the course must be refused').toBe(false);
  return result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line ?? '-'} ${p.message}`);
}

const expectProblem = (all: string[], re: RegExp) =>
  expect(
    all.some((p) => re.test(p)),
    `${re}\n${all.join('\n')}`,
  ).toBe(true);

describe('a course that reaches outside its folder', () => {
  it('refuses a symlinked image, naming the lesson and line, without reading the target', async () => {
    const { root, course } = await fixture(
      { 'course.yaml': courseYaml(), 'lessons/l1.md': '## Judul\n\nTeks.\n\n![basis data](../images/db.png)\n' },
      { 'sinau.sqlite': PIXEL },
    );
    await mkdir(join(course, 'images'));
    await symlink(join(root, 'sinau.sqlite'), join(course, 'images/db.png'));
    const all = await problemsOf(course);
    expectProblem(all, /^lessons\/l1\.md:5 image "\.\.\/images\/db\.png" is a symbolic link; import never follows links/);
    expect(all).toHaveLength(1);
  });

  it('refuses a symlinked lesson file', async () => {
    const { root, course } = await fixture({ 'course.yaml': courseYaml() }, { 'passwd.md': 'root:x:0:0:root:/root:/bin/bash\n' });
    await mkdir(join(course, 'lessons'));
    await symlink(join(root, 'passwd.md'), join(course, 'lessons/l1.md'));
    const all = await problemsOf(course);
    expect(all).toEqual([
      'lessons/l1.md:- file is a symbolic link; import never follows links, so put the file itself in the course folder',
    ]);
  });

  it('refuses files under a symlinked directory, images and YAML alike', async () => {
    const { root, course } = await fixture(
      {
        'course.yaml': courseYaml('preTest: quizzes/pre.yaml\n'),
        'lessons/l1.md': '## Judul\n\n![titik](../images/titik.png)\n',
      },
      {
        'etc/titik.png': PIXEL,
        'etc/pre.yaml':
          'id: pre\ntitle: Pre\nfeedback: immediate\npassingScore: 50\nquestions: [{ id: q1, type: truefalse, prompt: Ya?, answer: true }]\n',
      },
    );
    await symlink(join(root, 'etc'), join(course, 'images'));
    await symlink(join(root, 'etc'), join(course, 'quizzes'));
    const all = await problemsOf(course);
    expect(all).toEqual([
      'lessons/l1.md:3 image "../images/titik.png" is inside "images", which is a symbolic link; import never follows links, so put the file itself in the course folder',
      'quizzes/pre.yaml:- file is inside "quizzes", which is a symbolic link; import never follows links, so put the file itself in the course folder',
    ]);
  });

  it('reports a .. path in course.yaml at its line and never reads the file it names', async () => {
    const { course } = await fixture(
      {
        'course.yaml': courseYaml('preTest: ../rahasia.yaml\n').replace('file: lessons/l1.md', 'file: ../luar.md'),
      },
      {
        'rahasia.yaml': 'id: rahasia\ntitle: Rahasia\nfeedback: after-sync\npassingScore: 170\nquestions: []\n',
        'luar.md': '![hilang](tidak-ada.png)\n',
      },
    );
    const all = await problemsOf(course);
    expectProblem(all, /^course\.yaml:12 modules\.0\.lessons\.0\.file: must be a relative path inside the course folder/);
    expectProblem(all, /^course\.yaml:13 preTest: must be a relative path inside the course folder/);
    expect(
      all.filter((p) => !p.startsWith('course.yaml:')),
      all.join('\n'),
    ).toEqual([]);
  });

  it('refuses an image path that climbs out of the folder', async () => {
    const { course } = await fixture(
      { 'course.yaml': courseYaml(), 'lessons/l1.md': '![x](../../titik.png)\n\n![y](../images/%2e%2e/%2e%2e/titik.png)\n' },
      { 'titik.png': PIXEL },
    );
    const all = await problemsOf(course);
    expect(all).toHaveLength(2);
    expectProblem(all, /^lessons\/l1\.md:1 image "\.\.\/\.\.\/titik\.png" must be a .* file inside the course folder/);
    expectProblem(all, /^lessons\/l1\.md:3 image ".*" must be a .* file inside the course folder/);
  });
});

describe('a malformed image URL', () => {
  it('is a problem with the file and the line of the image, not a crash', async () => {
    const lesson = [
      '## Judul',
      '',
      'Baris satu',
      'baris dua',
      '![x](%E0%A4%A) baris tiga',
      '',
      '![titik](../images/titik.png)',
      '',
      '| Gambar |',
      '| --- |',
      '| ![titik](../images/titik.png) |',
      '| ![y](../images/%C3.png) |',
    ].join('\n');
    const { course } = await fixture({ 'course.yaml': courseYaml(), 'lessons/l1.md': lesson, 'images/titik.png': PIXEL });
    const all = await problemsOf(course);
    expect(all).toHaveLength(2);
    expectProblem(all, /^lessons\/l1\.md:5 image ".*" is not a valid URL/);
    expectProblem(all, /^lessons\/l1\.md:12 image ".*" is not a valid URL/);
  });
});

describe('every problem in one run', () => {
  it('still checks the files of an outline that fails its schema', async () => {
    const { course } = await fixture({
      'course.yaml': `id: uji
version: 1
title: Uji
summary: Kursus uji
language: id
category: bangkom
jp: 1
modules:
  - id: m1
    title: Satu
    lessons:
      - { id: l1, title: Ada, file: lessons/hilang-1.md, minutes: 10 }
      - { id: l2, title: Tanpa berkas, minutes: 10 }
  - Modul tanpa isi
  - id: m3
    title: Tiga
    lessons:
      - { id: l3, title: Tiga, file: lessons/hilang-3.md, minutes: lima }
quizzes: [quizzes/hilang.yaml, 7]
survey: surveys/hilang.yaml
`,
    });
    const all = await problemsOf(course);
    expectProblem(all, /^course\.yaml:13 modules\.0\.lessons\.1\.file/);
    expectProblem(all, /^course\.yaml:14 modules\.1/);
    expectProblem(all, /^course\.yaml:18 modules\.2\.lessons\.0\.minutes/);
    expectProblem(all, /^course\.yaml:19 quizzes\.1/);
    expectProblem(all, /^lessons\/hilang-1\.md:- file not found/);
    expectProblem(all, /^lessons\/hilang-3\.md:- file not found/);
    expectProblem(all, /^quizzes\/hilang\.yaml:- file not found/);
    expectProblem(all, /^surveys\/hilang\.yaml:- file not found/);
  });

  it('still checks the outline and its files when a key is repeated', async () => {
    const { course } = await fixture({
      'course.yaml': courseYaml('title: Lagi\n').replace('file: lessons/l1.md', 'file: lessons/hilang.md').replace('jp: 1', 'jp: -1'),
    });
    const all = await problemsOf(course);
    expectProblem(all, /^course\.yaml:13 .*unique/i);
    expectProblem(all, /^course\.yaml:7 jp/);
    expectProblem(all, /^lessons\/hilang\.md:- file not found/);
  });
});

describe('SVG images', () => {
  const refused: [string, string | Buffer, RegExp][] = [
    ['a script under another prefix', SVG('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'), /<x:script> element/],
    [
      'a script in no namespace',
      '<svg xmlns="http://www.w3.org/2000/svg"><g xmlns=""><script>alert(1)</script></g></svg>',
      /<script> element/,
    ],
    [
      'a foreignObject',
      SVG('<s:foreignObject xmlns:s="http://www.w3.org/2000/svg"><p>x</p></s:foreignObject>'),
      /<s:foreignObject> element/,
    ],
    ['an onload attribute', SVG('<rect/>', ' onload="alert(1)"'), /event handler \(onload\)/],
    ['an event handler under a prefix', SVG('<rect e:ONCLICK="alert(1)" xmlns:e="urn:x"/>'), /event handler \(e:ONCLICK\)/],
    ['an animated event handler', SVG('<set attributeName="onmouseover" to="alert(1)"/>'), /animates an event handler/],
    ['an entity-encoded javascript: href', SVG('<a href="&#x6A;ava&#x09;Script&#x3A;alert(1)"><rect/></a>'), /javascript: URL \(in href\)/],
    [
      'a javascript: xlink:href with spaces and controls',
      SVG('<a xlink:href=" &#x7F;jAvA\nscr&#x200B;ipt\t:alert(1)"><rect/></a>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'),
      /javascript: URL \(in xlink:href\)/,
    ],
    [
      'a javascript: URL in any attribute',
      SVG('<animate attributeName="href" values="#a;javascript:alert(1)"/>'),
      /javascript: URL \(in values\)/,
    ],
    [
      'an entity declared to hide a scheme',
      `<!DOCTYPE svg [<!ENTITY j "javascript">]>${SVG('<a href="&j;:alert(1)"/>')}`,
      /declares its own entities/,
    ],
    ['a stylesheet instruction', `<?xml-stylesheet type="text/xsl" href="x.xsl"?>${SVG('')}`, /processing instruction/],
    ['an unclosed element', SVG('<g>'), /not a well-formed SVG/],
    ['an undeclared prefix', SVG('<a xlink:href="#x"/>'), /not a well-formed SVG .*unbound namespace prefix/],
    ['an undefined entity', SVG('<a href="javascript&colon;alert(1)"/>'), /not a well-formed SVG/],
    ['an XHTML page named .svg', '<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>', /not an SVG/],
    ['a Latin-1 file', Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${SVG('<text>caf\xe9</text>')}`, 'latin1'), /UTF-8/],
  ];

  it.each(refused)('refuses %s', (_name, svg, message) => {
    expect(svgRefusal(Buffer.from(svg))).toMatch(message);
  });

  it('accepts a plain drawing with links inside itself and a style sheet', () => {
    const svg = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
${SVG('<style>.a { fill: #036 } /* ongoing */</style><defs><circle id="c" r="4"/></defs><use xlink:href="#c" class="a"/><text opacity="0.5">Online &amp; on time</text>', ' xmlns:xlink="http://www.w3.org/1999/xlink"')}`;
    expect(svgRefusal(Buffer.from(svg))).toBeUndefined();
  });

  it.each([
    [
      '<x:script>',
      SVG('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'),
      /<x:script> element; SVG images may not carry scripts or event handlers/,
    ],
    ['onload', SVG('<rect/>', ' onload="alert(1)"'), /event handler \(onload\)/],
    ['entity-encoded javascript:', SVG('<a href="&#106;avascript:alert(1)"><rect/></a>'), /javascript: URL/],
    ['malformed', SVG('<g></svg>'), /not a well-formed SVG \(1:\d+: /],
  ])('refuses an import whose lesson shows an SVG with %s, naming the lesson and line', async (_name, svg, message) => {
    const { course } = await fixture({
      'course.yaml': courseYaml(),
      'lessons/l1.md': '## Judul\n\n![gambar](../images/gambar.svg)\n',
      'images/gambar.svg': svg,
    });
    const all = await problemsOf(course);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/^lessons\/l1\.md:3 image "\.\.\/images\/gambar\.svg" /);
    expect(all[0]).toMatch(message);
  });
});
