// GET /api/progress: the server's fold of a learner's events in one course (docs/sync.md).
import { z } from 'zod';
import type { Attempt as AttemptType, Progress as ProgressType } from '../progress.js';
import type { QuizResult as QuizResultType } from '../scoring.js';
import type { Same } from './same.js';

export const ProgressQuery = z.object({ courseId: z.string().min(1).max(64) });

/** The server's grade of a quiz attempt (docs/course-format.md, "Scoring"). */
export const QuizResult = z.object({ score: z.number(), points: z.number(), questions: z.number(), passed: z.boolean() });

// Keys in the order the fold writes them, so the JSON reads the same as before it had a schema.
const Attempt = z.object({
  attemptId: z.string(),
  eventId: z.string(),
  at: z.string(),
  courseVersion: z.number(),
  result: QuizResult.nullable(),
});

export const Progress = z.object({
  started: z.boolean(),
  lessonsDone: z.record(z.string(), z.string()),
  lessonsTotal: z.number(),
  resume: z.object({ lessonId: z.string(), at: z.string(), position: z.number() }).nullable(),
  attempts: z.record(z.string(), z.array(Attempt)),
  preTest: Attempt.nullable(),
  postTest: Attempt.nullable(),
  postTestPending: z.boolean(),
  studySeconds: z.number(),
  complete: z.boolean(),
  completedAt: z.string().nullable(),
  surveyDone: z.boolean(),
});

export const ProgressReply = z.object({ courseId: z.string(), version: z.number(), progress: Progress });
export type ProgressReply = z.infer<typeof ProgressReply>;

// These stop compiling when a schema and the type the fold and scoring declare differ.
export const progressMatches: Same<z.infer<typeof Progress>, ProgressType> = true;
export const attemptMatches: Same<z.infer<typeof Attempt>, AttemptType> = true;
export const resultMatches: Same<z.infer<typeof QuizResult>, QuizResultType> = true;
