// /api/admin/quiz/convert: a question bank made for Moodle as a quiz of the course format
// (DESIGN.md §13). The same converter as `sinau quiz convert`, so the same problems.
import { z } from 'zod';
import { QuizFeedback, QuizSource } from '../course.js';
import { BANK_FORMATS } from '../quiz-banks/index.js';

/** The bank's text: at most 2 MiB, far above a 2,000-question bank (about 0.5 MiB). */
export const QUIZ_BANK_MAX_CHARS = 2 * 1024 * 1024;

export const QuizConvertBody = z.object({
  format: z.enum(BANK_FORMATS),
  text: z.string().max(QUIZ_BANK_MAX_CHARS),
  id: QuizSource.shape.id.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  feedback: QuizFeedback.optional(),
});
export type QuizConvertBody = z.infer<typeof QuizConvertBody>;

export const QuizConversion = z.object({
  /** Null when no question could be converted. */
  quiz: QuizSource.nullable(),
  problems: z.array(z.object({ line: z.number(), message: z.string() })),
});
export type QuizConversion = z.infer<typeof QuizConversion>;
