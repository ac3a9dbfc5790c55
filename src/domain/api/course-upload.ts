// POST /api/admin/courses?publish=0|1: a course folder as a zip, previewed or published
// (docs/course-format.md, "Publishing from the browser").
import { z } from 'zod';

export const CourseUploadQuery = z.object({ publish: z.enum(['0', '1']).default('0') });

/** `file` is the path in the course folder ('' for the zip as a whole); `line` when there is one. */
export const UploadProblem = z.object({ file: z.string(), line: z.number().optional(), message: z.string() });
export type UploadProblem = z.infer<typeof UploadProblem>;

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
