// What a learner reads: their courses, a course's package and its images (docs/course-format.md).
import { z } from 'zod';

export const CourseId = z.object({ id: z.string().max(64) });

/** A course in a learner's list: enough to show it and to say what a download costs. */
export const CourseSummary = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
  jp: z.number(),
  modules: z.number(),
  lessons: z.number(),
  downloadBytes: z.number(),
});
export type CourseSummary = z.infer<typeof CourseSummary>;

export const CourseList = z.object({ courses: z.array(CourseSummary) });
export type CourseList = z.infer<typeof CourseList>;

/** The package is stored as JSON text and sent as is; this documents its head (src/domain/course.ts has the rest). */
export const CoursePackageHead = z.looseObject({ format: z.literal(1), id: z.string(), version: z.number() });

export const AssetParams = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex') });
