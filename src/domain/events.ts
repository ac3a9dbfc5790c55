// Learner events of sync protocol v1 (docs/sync.md). The app writes them to its outbox;
// the server validates and stores them; the progress fold reads them.
import { z } from 'zod';

// Compared in lower case: the same id resent in upper case is the same event.
const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID')
  .transform((s) => s.toLowerCase());
const ref = z.string().min(1).max(64);
export const SHORT_ANSWER_MAX = 500;
export const SURVEY_TEXT_MAX = 4000;
const answer = z.union([z.string().max(SHORT_ANSWER_MAX), z.array(z.string().max(64)).max(50), z.boolean()]);

export const EventData = {
  'lesson.opened': z.strictObject({ lessonId: ref }),
  'lesson.position': z.strictObject({ lessonId: ref, position: z.number().min(0).max(1) }),
  'lesson.completed': z.strictObject({ lessonId: ref }),
  'study.time': z.strictObject({ lessonId: ref, seconds: z.number().int().min(1).max(3600) }),
  'quiz.submitted': z.strictObject({
    quizId: ref,
    attemptId: uuid,
    responses: z.record(ref, answer),
    startedAt: z.iso.datetime(),
  }),
  'survey.submitted': z.strictObject({
    surveyId: ref,
    answers: z.record(ref, z.union([z.number().int().min(1).max(5), z.string().max(SURVEY_TEXT_MAX)])),
  }),
  // The event's courseId is the session's course; the server checks the code (docs/sessions.md).
  'attendance.checked-in': z.strictObject({
    sessionId: ref,
    code: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
    mode: z.enum(['luring', 'daring']),
  }),
} as const;

export type EventType = keyof typeof EventData;
export const EVENT_TYPES = Object.keys(EventData) as EventType[];

const envelope = {
  id: uuid,
  courseId: ref,
  courseVersion: z.number().int().min(1),
  at: z.iso.datetime(),
};

function eventSchema<T extends EventType>(type: T) {
  return z.strictObject({ ...envelope, type: z.literal(type), data: EventData[type] });
}

export const LearnerEvent = z.discriminatedUnion('type', [
  eventSchema('lesson.opened'),
  eventSchema('lesson.position'),
  eventSchema('lesson.completed'),
  eventSchema('study.time'),
  eventSchema('quiz.submitted'),
  eventSchema('survey.submitted'),
  eventSchema('attendance.checked-in'),
]);
export type LearnerEvent = z.infer<typeof LearnerEvent>;
