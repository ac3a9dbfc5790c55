// Reads a course folder (docs/course-format.md) into a publishable package. Every problem in every
// file is collected, with file and line, before anything is refused.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';
import {
  type AssetRef,
  allQuizzes,
  type CoursePackage,
  CourseSource,
  type LessonPackage,
  LessonSource,
  LessonType,
  publicQuiz,
  type Quiz,
  QuizSource,
  SurveySource as SurveySchema,
  type SurveySource,
} from '../../../domain/course.js';
import { MEDIA_MAX_BYTES, type MediaKind, type MediaRef } from '../../../domain/media.js';
import { type CourseFolder, courseFolder, describeRefusal, insideCourse, refusalCode } from './files.js';
import { renderLesson } from './markdown.js';
import { checkMedia, isWebVtt, type MediaFile } from './media.js';
import { svgProblem } from './svg.js';
import { Problem, parseYaml } from './yaml-source.js';

export const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};
export const MAX_ASSET_BYTES = 5 * 1024 * 1024;
// No lesson or quiz comes near this; a bigger text file would only sit in memory whole.
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

// What an invalid course.yaml still says about its files, item by item: one bad lesson or
// module must not hide the files of the others. A path the schema refused is left out (the
// schema already reported it, with its line) and is never read.
const anyText = z.string().catch('');
const file = LessonSource.shape.file;
const optionalFile = file.optional().catch(undefined);
const each = <T extends z.ZodType>(item: T) =>
  z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((raw) => {
        const parsed = item.safeParse(raw);
        return parsed.success ? [parsed.data] : [];
      }),
    );
const LooseCourse = z.object({
  modules: each(
    z.object({
      id: anyText,
      title: anyText,
      lessons: each(
        z.object({
          id: anyText,
          title: anyText,
          file,
          minutes: z.unknown(),
          // Kept as written: a lesson of an unknown type is not read at all.
          type: z.unknown().optional(),
          poster: optionalFile,
          captions: optionalFile,
        }),
      ),
    }),
  ),
  preTest: optionalFile,
  postTest: optionalFile,
  quizzes: each(file),
  survey: optionalFile,
});

/**
 * An image of the course, by its hash. Its bytes are not kept: a course may hold hundreds of
 * megabytes of them, so the publisher reads each again from `path` when it stores it.
 */
export interface Asset extends AssetRef {
  /** Where it is in the course folder. */
  path: string;
}

export interface LoadedCourse {
  /** What learners download: graded-test keys removed. */
  package: CoursePackage;
  /** Quizzes with their keys, for grading on the server. */
  quizzes: Quiz[];
  assets: Asset[];
  /** Media lessons' files, stored at publish apart from the package (docs/course-format.md). */
  media: MediaFile[];
  /** The folder (or zip) the course was read from, for the publisher to read the assets again. */
  source: CourseFolder;
  /** SHA-256 of the rendered content: two imports are identical when this is. */
  contentHash: string;
  downloadBytes: number;
}

export type LoadResult = { ok: true; course: LoadedCourse } | { ok: false; problems: Problem[] };

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function readCourseText(folder: CourseFolder, file: string, problems: Problem[]): Promise<string | undefined> {
  const read = await folder.read(file, MAX_TEXT_BYTES);
  if (read.ok) return read.data.toString('utf8');
  const { code, params } = refusalCode(read);
  problems.push(
    new Problem(file, undefined, `file-${code}`, params, read.reason === 'missing' ? 'file not found' : `file ${describeRefusal(read)}`),
  );
  return undefined;
}

export interface LoadOptions {
  /** The largest media file accepted (tests lower it rather than write 250 MiB). */
  mediaMaxBytes?: number;
}

/** Where a lesson is in course.yaml's raw data, to give its problems a line. */
function lessonPath(raw: unknown, moduleId: string, lesson: { id: string; file: string }): (string | number)[] {
  const modules = (raw as { modules?: unknown } | undefined)?.modules;
  if (!Array.isArray(modules)) return [];
  for (const [m, module] of modules.entries()) {
    const lessons = (module as { id?: unknown; lessons?: unknown } | null)?.lessons;
    if ((module as { id?: unknown }).id !== moduleId || !Array.isArray(lessons)) continue;
    const l = lessons.findIndex((x) => (x as { id?: unknown } | null)?.id === lesson.id && (x as { file?: unknown }).file === lesson.file);
    if (l >= 0) return ['modules', m, 'lessons', l];
  }
  return [];
}

/** Reads a course from a folder on disk (its path) or from any other CourseFolder (a zip). */
export async function loadCourse(from: string | CourseFolder, options: LoadOptions = {}): Promise<LoadResult> {
  const mediaMaxBytes = options.mediaMaxBytes ?? MEDIA_MAX_BYTES;
  const problems: Problem[] = [];
  const folder = typeof from === 'string' ? courseFolder(from) : from;
  const readText = (file: string) => readCourseText(folder, file, problems);
  const courseText = await readText('course.yaml');
  if (courseText === undefined) return { ok: false, problems };
  const parsed = parseYaml('course.yaml', courseText, CourseSource);
  problems.push(...parsed.problems);
  // An invalid course.yaml still names its files: check those too, so one run reports
  // every problem in the package.
  const source = parsed.value ?? (LooseCourse.safeParse(parsed.raw).data as CourseSource | undefined);
  if (!source) return { ok: false, problems };

  const ids = new Set<string>();
  const claim = (kind: string, id: string) => {
    if (ids.has(id))
      problems.push(
        new Problem(
          'course.yaml',
          undefined,
          'duplicate-id',
          { kind, id },
          `${kind} id "${id}" is used twice; ids must be unique within a course`,
        ),
      );
    ids.add(id);
  };

  const assets = new Map<string, Asset>();
  const loadImage = async (lessonFile: string, src: string, line: number | undefined): Promise<string | undefined> => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) {
      problems.push(
        new Problem(
          lessonFile,
          line,
          'image-remote',
          { src },
          `image "${src}" must be a file in the course folder (lessons are read offline)`,
        ),
      );
      return undefined;
    }
    let decoded: string;
    try {
      decoded = decodeURI(src);
    } catch {
      problems.push(
        new Problem(lessonFile, line, 'image-bad-url', { src }, `image "${src}" is not a valid URL (a % must start a %XX escape of UTF-8)`),
      );
      return undefined;
    }
    const path = insideCourse(posix.dirname(lessonFile), decoded);
    const mime = path === undefined ? undefined : IMAGE_TYPES[posix.extname(path).toLowerCase()];
    if (path === undefined || !mime) {
      const types = Object.keys(IMAGE_TYPES).join(', ');
      problems.push(
        new Problem(lessonFile, line, 'image-type', { src, types }, `image "${src}" must be a ${types} file inside the course folder`),
      );
      return undefined;
    }
    const read = await folder.read(path, MAX_ASSET_BYTES);
    if (!read.ok) {
      const why = read.reason === 'missing' ? `not found (looked for ${path})` : describeRefusal(read);
      const { code, params } = refusalCode(read);
      problems.push(new Problem(lessonFile, line, `image-${code}`, { ...params, src }, `image "${src}" ${why}`));
      return undefined;
    }
    const { data } = read;
    const refusal = mime === 'image/svg+xml' ? svgProblem(data) : undefined;
    if (refusal) {
      problems.push(new Problem(lessonFile, line, refusal.code, { ...refusal.params, src }, `image "${src}" ${refusal.message}`));
      return undefined;
    }
    const hash = sha256(data);
    assets.set(hash, { sha256: hash, mime, size: data.length, path });
    return `/api/assets/${hash}`;
  };

  const media = new Map<string, MediaFile>();
  type LessonEntry = (typeof source.modules)[number]['lessons'][number];
  /** A video, audio or PDF lesson: its file, poster and captions, each problem at its line in course.yaml. */
  const loadMediaLesson = async (moduleId: string, lesson: LessonEntry, kind: MediaKind): Promise<LessonPackage | undefined> => {
    const at = lessonPath(parsed.raw, moduleId, lesson);
    const keyPath = (key: string) => [...at, key];
    const lineOf = (key: string) => parsed.lineOf?.(keyPath(key));
    const failed = problems.length;
    const refused = (key: string, read: Parameters<typeof refusalCode>[0]) => {
      const { code, params } = refusalCode(read);
      const why = read.reason === 'missing' ? 'not found' : describeRefusal(read);
      problems.push(new Problem('course.yaml', lineOf(key), `file-${code}`, params, `${key} "${read.path}" ${why}`));
    };
    const wrong = (key: string, ref: string, detail: string) =>
      problems.push(
        new Problem('course.yaml', lineOf(key), 'schema-other', { path: keyPath(key).join('.'), detail }, `${key} "${ref}" ${detail}`),
      );

    const checked = await checkMedia(folder, lesson.file, kind, mediaMaxBytes);
    if (!checked.ok) {
      if ('refusal' in checked) refused('file', checked.refusal);
      else wrong('file', lesson.file, checked.wrong);
    }
    // A PDF has neither; course.yaml's schema has said so already.
    const playable = kind !== 'pdf';
    let poster: string | undefined;
    if (playable && lesson.poster) poster = (await loadImage('course.yaml', lesson.poster, lineOf('poster')))?.slice(-64);
    let captions: string | undefined;
    if (playable && lesson.captions) {
      const read = await folder.read(lesson.captions, MAX_ASSET_BYTES);
      if (!read.ok) refused('captions', read);
      else if (!isWebVtt(read.data)) wrong('captions', lesson.captions, 'is not WebVTT: it must be UTF-8 and start with a "WEBVTT" line');
      else {
        captions = sha256(read.data);
        assets.set(captions, { sha256: captions, mime: 'text/vtt', size: read.data.length, path: read.path });
      }
    }
    if (!checked.ok || problems.length > failed) return undefined;
    const { file } = checked;
    media.set(file.sha256, file);
    const ref: MediaRef = {
      kind,
      sha256: file.sha256,
      size: file.size,
      mime: file.mime,
      ...(poster ? { poster } : {}),
      ...(captions ? { captions: { sha256: captions, language: source.language === 'en' ? 'en' : 'id' } } : {}),
    };
    const lessonAssets = [poster, captions].filter((a): a is string => a !== undefined);
    return { id: lesson.id, title: lesson.title, minutes: lesson.minutes, html: '', assets: lessonAssets, media: ref };
  };

  const modules: CoursePackage['modules'] = [];
  for (const module of source.modules) {
    claim('module', module.id);
    const lessons: LessonPackage[] = [];
    for (const lesson of module.lessons) {
      claim('lesson', lesson.id);
      const type = LessonType.safeParse(lesson.type ?? 'text').data;
      if (type === undefined) continue;
      if (type !== 'text') {
        const loaded = await loadMediaLesson(module.id, lesson, type);
        if (loaded) lessons.push(loaded);
        continue;
      }
      const text = await readText(lesson.file);
      if (text === undefined) continue;
      // Images are resolved first (async), then the lesson renders with their URLs.
      const urls = new Map<string, string | undefined>();
      for (const { src, line } of renderLesson(text, () => undefined).images)
        if (!urls.has(src)) urls.set(src, await loadImage(lesson.file, src, line));
      const { html } = renderLesson(text, (src) => urls.get(src));
      const lessonAssets = [...new Set([...urls.values()].filter((u): u is string => !!u).map((u) => u.slice(-64)))];
      lessons.push({ id: lesson.id, title: lesson.title, minutes: lesson.minutes, html, assets: lessonAssets });
    }
    modules.push({ id: module.id, title: module.title, lessons });
  }

  const loadQuiz = async (file: string | undefined): Promise<Quiz | undefined> => {
    if (!file) return undefined;
    const text = await readText(file);
    if (text === undefined) return undefined;
    const quiz = parseYaml(file, text, QuizSource);
    problems.push(...quiz.problems);
    if (quiz.value) claim('quiz', quiz.value.id);
    return quiz.value;
  };
  const preTest = await loadQuiz(source.preTest);
  const postTest = await loadQuiz(source.postTest);
  const practice: Quiz[] = [];
  for (const file of source.quizzes ?? []) {
    const quiz = await loadQuiz(file);
    if (quiz) practice.push(quiz);
  }
  let survey: SurveySource | undefined;
  if (source.survey) {
    const text = await readText(source.survey);
    const parsedSurvey = text === undefined ? undefined : parseYaml(source.survey, text, SurveySchema);
    problems.push(...(parsedSurvey?.problems ?? []));
    survey = parsedSurvey?.value;
    if (survey) claim('survey', survey.id);
  }
  if (problems.length > 0) return { ok: false, problems };

  const assetList = [...assets.values()].sort((a, b) => a.sha256.localeCompare(b.sha256));
  const pkg: CoursePackage = {
    format: 1,
    id: source.id,
    version: source.version,
    title: source.title,
    summary: source.summary,
    language: source.language,
    category: source.category,
    jp: source.jp,
    modules,
    ...(preTest ? { preTest: publicQuiz(preTest) } : {}),
    ...(postTest ? { postTest: publicQuiz(postTest) } : {}),
    quizzes: practice.map(publicQuiz),
    ...(survey ? { survey } : {}),
    assets: assetList.map(({ sha256, mime, size }) => ({ sha256, mime, size })),
  };
  const quizzes = allQuizzes({ preTest, postTest, quizzes: practice });
  const contentHash = sha256(JSON.stringify({ pkg, quizzes }));
  const downloadBytes = Buffer.byteLength(JSON.stringify(pkg)) + assetList.reduce((n, a) => n + a.size, 0);
  const mediaList = [...media.values()].sort((a, b) => a.sha256.localeCompare(b.sha256));
  return {
    ok: true,
    course: { package: pkg, quizzes, assets: assetList, media: mediaList, source: folder, contentHash, downloadBytes },
  };
}
