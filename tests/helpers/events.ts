import { randomUUID } from 'node:crypto';
import type { Quiz } from '../../src/domain/course.js';
import type { Answer, Responses } from '../../src/domain/scoring.js';

export const COURSE = 'orientasi-pppk';

let clock = Date.parse('2026-11-28T08:00:00.000Z');
const at = () => {
  clock += 1000;
  return new Date(clock).toISOString();
};

export const lessonCompleted = (lessonId = 'm1-l1', extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'lesson.completed',
  courseId: COURSE,
  courseVersion: 1,
  at: at(),
  data: { lessonId },
  ...extra,
});

export const position = (lessonId: string, value: number) => ({
  id: randomUUID(),
  type: 'lesson.position',
  courseId: COURSE,
  courseVersion: 1,
  at: at(),
  data: { lessonId, position: value },
});

export const quizSubmitted = (quizId: string, responses: Record<string, unknown>) => ({
  id: randomUUID(),
  type: 'quiz.submitted',
  courseId: COURSE,
  courseVersion: 1,
  at: at(),
  data: { quizId, attemptId: randomUUID(), responses, startedAt: at() },
});

export const syncBody = (events: unknown[], cursor: string | null = null, deviceId = 'device-a') => ({
  protocol: 1,
  deviceId,
  cursor,
  events,
});

/** Responses to a quiz with exactly its first `correct` questions right. */
export function answers(quiz: Quiz, correct: number): Responses {
  const answer = (q: Quiz['questions'][number], right: boolean): Answer => {
    if (q.type === 'single') return (right ? q.options.find((o) => o.correct) : q.options.find((o) => !o.correct))!.id;
    if (q.type === 'multiple') return right ? q.options.filter((o) => o.correct).map((o) => o.id) : [q.options.find((o) => !o.correct)!.id];
    if (q.type === 'truefalse') return right ? q.answer : !q.answer;
    return right ? q.accept[0]! : 'tidak tahu';
  };
  return Object.fromEntries(quiz.questions.map((q, i) => [q.id, answer(q, i < correct)]));
}
