// Where a learner stands with a test, as the outline tells it: a passed test shows its
// score, a used-up one says so, instead of offering it again as if untouched.
import { attemptLimit, type QuizRole } from '../../domain/attempts.js';
import type { QuizFeedback } from '../../domain/course.js';
import type { Attempt } from '../../domain/progress.js';
import type { Translate } from '../session.js';

export type TestStatus =
  | { kind: 'passed'; score: number }
  | { kind: 'pending' }
  | { kind: 'used-up'; best: number | null; limit: number }
  | { kind: 'not-passed'; best: number; left: number | null; limit: number }
  | { kind: 'ready'; limit: number };

/** The limit is the one the quiz screen and the server apply (0 = unlimited). */
export function testStatus(
  quiz: { feedback: QuizFeedback; attempts?: number | undefined },
  role: QuizRole,
  attempts: Attempt[],
): TestStatus {
  const limit = attemptLimit(quiz, role);
  const scores = attempts.flatMap((a) => (a.result ? [a.result.score] : []));
  const best = scores.length > 0 ? Math.max(...scores) : null;
  const passed = attempts.filter((a) => a.result?.passed).map((a) => a.result!.score);
  if (passed.length > 0) return { kind: 'passed', score: Math.max(...passed) };
  if (attempts.some((a) => !a.result)) return { kind: 'pending' };
  if (limit > 0 && attempts.length >= limit) return { kind: 'used-up', best, limit };
  if (best !== null) return { kind: 'not-passed', best, left: limit > 0 ? limit - attempts.length : null, limit };
  return { kind: 'ready', limit };
}

export function testStatusLabel(t: Translate, status: TestStatus): string {
  switch (status.kind) {
    case 'passed':
      return t('passedScore', { n: status.score });
    case 'pending':
      return t('awaitingGrade');
    case 'used-up':
      return [status.best === null ? null : t('notPassedScore', { n: status.best }), t('noAttemptsLeft', { total: status.limit })]
        .filter(Boolean)
        .join(' · ');
    case 'not-passed':
      return status.left === null
        ? t('notPassedScore', { n: status.best })
        : `${t('notPassedScore', { n: status.best })} · ${t('attemptsLeftShort', { n: status.left, total: status.limit })}`;
    case 'ready':
      return status.limit > 0 ? `${t('postTestReady')} · ${t('attemptsAllowed', { n: status.limit })}` : t('postTestReady');
  }
}
