// POST /api/admin/courses?publish=0|1: a course folder as a zip, previewed or published
// (docs/course-format.md, "Publishing from the browser").
import { z } from 'zod';

export const CourseUploadQuery = z.object({ publish: z.enum(['0', '1']).default('0') });

/** `file` is the path in the course folder ('' for the zip as a whole); `line` when there is one. */
export const UploadProblem = z.object({ file: z.string(), line: z.number().optional(), message: z.string() });
export type UploadProblem = z.infer<typeof UploadProblem>;

/**
 * Every kind of problem the importer reports, each a stable code the admin screen says in the
 * admin's language; `message` stays the importer's English, as the CLI prints it.
 */
export const PROBLEM_CODES = [
  // A file course.yaml names (lesson, quiz, survey) or course.yaml itself.
  'file-missing',
  'file-outside',
  'file-symlink',
  'file-not-a-file',
  'file-changed',
  'file-unreadable',
  'file-too-large',
  'duplicate-id',
  // An image in a lesson.
  'image-remote',
  'image-bad-url',
  'image-type',
  'image-missing',
  'image-outside',
  'image-symlink',
  'image-not-a-file',
  'image-changed',
  'image-unreadable',
  'image-too-large',
  'svg-not-utf8',
  'svg-malformed',
  'svg-encoding',
  'svg-entities',
  'svg-processing-instruction',
  'svg-not-svg',
  'svg-script-element',
  'svg-event-handler',
  'svg-animated-handler',
  'svg-javascript-url',
  'svg-style-javascript',
  // A YAML file (course.yaml, a quiz, the survey).
  'yaml-syntax',
  'yaml-duplicate-key',
  'schema-missing',
  'schema-type',
  'schema-too-small',
  'schema-too-big',
  'schema-id-format',
  'schema-path-format',
  'schema-format',
  'schema-not-multiple',
  'schema-unknown-keys',
  'schema-choice',
  'schema-union',
  'schema-other',
  'quiz-single-correct',
  'quiz-multiple-correct',
  'quiz-option-ids',
  'quiz-question-id',
  // The zip.
  'zip-unreadable',
  'zip-too-many-entries',
  'zip-entry-nul',
  'zip-entry-absolute',
  'zip-entry-outside',
  'zip-entry-symlink',
  'zip-entry-not-a-file',
  'zip-entry-encrypted',
  'zip-entry-compression',
  'zip-entry-duplicate',
  'zip-damaged',
  'zip-too-large',
  'zip-no-course',
  'zip-unpacks-too-large',
  'zip-bomb',
  'zip-entry-damaged',
  // Publishing.
  'version-conflict',
  'version-backwards',
  'publish-asset-unreadable',
  'publish-asset-changed',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** What a problem names (an image's path, a field's path, a limit), by name. */
export const ProblemParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type ProblemParams = z.infer<typeof ProblemParams>;

/** What a problem is, for the screen: `code` is one of PROBLEM_CODES (a newer server may send others). */
export const ProblemDetail = z.object({ code: z.string(), params: ProblemParams });
export type ProblemDetail = z.infer<typeof ProblemDetail>;

/** A lesson against the published version of the same course. */
export const LessonChange = z.enum(['added', 'changed', 'same']);
export type LessonChange = z.infer<typeof LessonChange>;

export const PreviewLesson = z.object({
  id: z.string(),
  title: z.string(),
  minutes: z.number(),
  /** The sanitized HTML learners will get; its images point at /api/assets/<sha256>. */
  html: z.string(),
  change: LessonChange,
});
export type PreviewLesson = z.infer<typeof PreviewLesson>;

export const CourseUploadAnswer = z.object({
  ok: z.boolean(),
  problems: z.array(UploadProblem),
  /** One per problem, in the same order: its code and what it names. */
  details: z.array(ProblemDetail).optional(),
  /** Null when course.yaml could not be read far enough to say. */
  course: z
    .object({
      id: z.string(),
      version: z.number(),
      title: z.string(),
      modules: z.number(),
      lessons: z.number(),
      /** What a learner downloads. */
      sizeBytes: z.number(),
      /** The version learners have now; null for a new course. */
      publishedVersion: z.number().nullable(),
      outline: z.array(z.object({ id: z.string(), title: z.string(), lessons: z.array(PreviewLesson) })),
    })
    .nullable(),
  /** Lesson ids against the published version. */
  changes: z.object({ added: z.array(z.string()), changed: z.array(z.string()), removed: z.array(z.string()) }),
  /** With publish=1: what publishing did. */
  outcome: z.enum(['published', 'unchanged']).optional(),
  /**
   * With publish=0 and no problem: the images of this upload can be fetched for a while at
   * GET /api/admin/courses/previews/<previewId>/<sha256>, to show lessons before publishing.
   */
  previewId: z.string().optional(),
});
export type CourseUploadAnswer = z.infer<typeof CourseUploadAnswer>;

export const PreviewAssetParams = z.object({
  previewId: z.string().regex(/^[\w-]{22}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
});
