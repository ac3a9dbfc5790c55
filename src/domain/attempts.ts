// Kept apart from the course schemas (zod) so that screens needing only this rule do not
// load the schema library with it.
import type { QuizFeedback } from './course.js';

export type QuizRole = 'pre-test' | 'post-test' | 'practice';

/**
 * How many attempts a learner has at a quiz; 0 = unlimited. Unless the quiz says
 * otherwise, the pre-test is taken once (its first attempt is what counts), a graded test
 * three times, and practice without limit. A limit is what keeps a graded test's key from
 * being found by trying one answer at a time.
 */
export function attemptLimit(quiz: { feedback: QuizFeedback; attempts?: number | undefined }, role: QuizRole): number {
  if (quiz.attempts !== undefined) return quiz.attempts;
  if (role === 'pre-test') return 1;
  return quiz.feedback === 'after-sync' ? 3 : 0;
}
