// The course package format v1 (docs/course-format.md): the source files trainers write, and the
// package the server publishes. Imported by the server (import, grading) and the app
// (offline store, practice scoring).
import { z } from 'zod';
import { MEDIA_KINDS, type MediaRef } from './media.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (at most 64)');
const text = z.string().trim().min(1, 'must not be empty');

export const OptionSource = z.strictObject({ id, text, correct: z.boolean().optional() });

const questionBase = { id, prompt: text, explanation: text.optional() };

/** Checks that run per question, so one bad question does not hide another's problems. */
function checkOptions(kind: 'single' | 'multiple') {
  return (q: { options: { id: string; correct?: boolean | undefined }[] }, ctx: z.RefinementCtx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (kind === 'single' && correct !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a single-choice question needs exactly one correct option (found ${correct})`,
      });
    if (kind === 'multiple' && correct < 1)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a multiple-choice question needs at least one correct option' });
    if (new Set(q.options.map((o) => o.id)).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique within a question' });
  };
}

export const QuestionSource = z.discriminatedUnion('type', [
  z.strictObject({ ...questionBase, type: z.literal('single'), options: z.array(OptionSource).min(2) }).superRefine(checkOptions('single')),
  z
    .strictObject({ ...questionBase, type: z.literal('multiple'), options: z.array(OptionSource).min(2) })
    .superRefine(checkOptions('multiple')),
  z.strictObject({ ...questionBase, type: z.literal('truefalse'), answer: z.boolean() }),
  z.strictObject({ ...questionBase, type: z.literal('short'), accept: z.array(text).min(1) }),
]);
export type QuestionSource = z.infer<typeof QuestionSource>;

export const QuizFeedback = z.enum(['after-sync', 'immediate']);
export type QuizFeedback = z.infer<typeof QuizFeedback>;

export const QuizSource = z
  .strictObject({
    id,
    title: text,
    feedback: QuizFeedback,
    passingScore: z.number().int().min(0).max(100),
    /** Attempts a learner has; 0 = unlimited. Unset: see attemptLimit. */
    attempts: z.number().int().min(0).max(100).optional(),
    questions: z.array(QuestionSource).min(1),
  })
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
  });
export type QuizSource = z.infer<typeof QuizSource>;

export const SurveyQuestion = z.strictObject({ id, type: z.enum(['likert', 'text']), prompt: text });
export const SurveySource = z.strictObject({
  id,
  title: text.optional(),
  questions: z.array(SurveyQuestion).min(1),
});
export type SurveySource = z.infer<typeof SurveySource>;

const relativePath = z.string().regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, 'must be a relative path inside the course folder');

export const LessonType = z.enum(['text', ...MEDIA_KINDS]);
export type LessonType = z.infer<typeof LessonType>;

export const LessonSource = z
  .strictObject({
    id,
    title: text,
    /** Markdown for a text lesson; `media/<name>` for a video, audio or PDF one. */
    file: relativePath,
    minutes: z.number().int().min(1).max(600),
    type: LessonType.optional(),
    /** A video's or audio's still image, shown before it plays: `images/<name>`. */
    poster: relativePath.optional(),
    /** A video's or audio's WebVTT captions, in the course's language: `media/<name>.vtt`. */
    captions: relativePath.optional(),
  })
  .superRefine((lesson, ctx) => {
    const type = lesson.type ?? 'text';
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (type !== 'text' && !lesson.file.startsWith('media/')) issue('file', `a ${type} lesson's file must be in media/`);
    for (const key of ['poster', 'captions'] as const)
      if (lesson[key] !== undefined && type !== 'video' && type !== 'audio') issue(key, `only a video or audio lesson may have ${key}`);
    if (lesson.poster !== undefined && !lesson.poster.startsWith('images/')) issue('poster', 'a poster must be in images/');
    if (lesson.captions !== undefined && !/^media\/.+\.vtt$/.test(lesson.captions))
      issue('captions', 'captions must be a WebVTT file in media/ (media/<name>.vtt)');
  });

export const ModuleSource = z.strictObject({ id, title: text, lessons: z.array(LessonSource).min(1) });

export const CourseCategory = z.enum(['orientasi', 'bangkom']);
export type CourseCategory = z.infer<typeof CourseCategory>;

export const CourseSource = z.strictObject({
  id,
  version: z.number().int().min(1),
  title: text,
  summary: text,
  language: z.enum(['id', 'en']),
  category: CourseCategory,
  jp: z.number().min(0).max(1000),
  modules: z.array(ModuleSource).min(1),
  preTest: relativePath.optional(),
  postTest: relativePath.optional(),
  quizzes: z.array(relativePath).optional(),
  survey: relativePath.optional(),
});
export type CourseSource = z.infer<typeof CourseSource>;

/** A question as published: graded tests carry no key and no explanation. */
export type Question = QuestionSource;
export type PublicQuestion =
  | { id: string; type: 'single' | 'multiple'; prompt: string; options: { id: string; text: string }[] }
  | { id: string; type: 'truefalse'; prompt: string }
  | { id: string; type: 'short'; prompt: string };

export type Quiz = QuizSource;
export interface PublicQuiz {
  id: string;
  title: string;
  feedback: QuizFeedback;
  passingScore: number;
  attempts?: number;
  questions: (Question | PublicQuestion)[];
}

export { attemptLimit, type QuizRole } from './attempts.js';

export interface LessonPackage {
  id: string;
  title: string;
  minutes: number;
  /** Sanitized HTML; images point at /api/assets/<sha256>. A media lesson's may be empty. */
  html: string;
  /** Images (and a media lesson's poster and captions): downloaded with the course's text. */
  assets: string[];
  /** A video, audio or PDF lesson's file: downloaded separately, in ranges (docs/course-format.md). */
  media?: MediaRef;
}

export interface AssetRef {
  sha256: string;
  mime: string;
  size: number;
}

export interface CoursePackage {
  format: 1;
  id: string;
  version: number;
  title: string;
  summary: string;
  language: 'id' | 'en';
  category: CourseCategory;
  jp: number;
  modules: { id: string; title: string; lessons: LessonPackage[] }[];
  preTest?: PublicQuiz;
  postTest?: PublicQuiz;
  quizzes: PublicQuiz[];
  survey?: SurveySource;
  assets: AssetRef[];
}

/** Removes what a learner must not see before grading: keys of `after-sync` quizzes. */
export function publicQuiz(quiz: Quiz): PublicQuiz {
  if (quiz.feedback === 'immediate') return quiz;
  return {
    ...quiz,
    questions: quiz.questions.map((q): PublicQuestion => {
      if (q.type === 'single' || q.type === 'multiple')
        return { id: q.id, type: q.type, prompt: q.prompt, options: q.options.map(({ id, text }) => ({ id, text })) };
      return { id: q.id, type: q.type, prompt: q.prompt };
    }),
  };
}

export function allQuizzes<Q>(course: { preTest?: Q; postTest?: Q; quizzes: Q[] }): Q[] {
  return [course.preTest, course.postTest, ...course.quizzes].filter((q): q is Q => q !== undefined);
}
