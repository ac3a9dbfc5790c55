import { randomUUID } from 'node:crypto';

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
