// Which steps of a course a learner may open yet. The pre-test measures what a learner knew
// before the course, so the lessons wait for it; the post-test measures what they learnt,
// so it waits for every lesson. Practice quizzes are always open. One rule for every screen
// that opens a step: the outline, the lesson, its pager and the quiz.
import type { Progress } from './progress.js';

export type LockReason = 'pre-test-first' | 'lessons-first';

export interface CourseSteps {
  preTest?: { id: string } | undefined;
  postTest?: { id: string } | undefined;
}

export type Step = { lessonId: string } | { quizId: string };

/** Why a lesson or quiz is closed to this learner, or null when it is open. */
export function lockOf(
  course: CourseSteps,
  progress: Pick<Progress, 'preTest' | 'lessonsDone' | 'lessonsTotal'>,
  step: Step,
): LockReason | null {
  if ('lessonId' in step) return course.preTest && !progress.preTest ? 'pre-test-first' : null;
  if (step.quizId === course.postTest?.id && Object.keys(progress.lessonsDone).length < progress.lessonsTotal) return 'lessons-first';
  return null;
}
