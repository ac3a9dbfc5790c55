// POST /api/sync, protocol v1 (docs/sync.md): the request, the reply and the reasons an event
// is refused. The server writes the reply as JSON text by hand (services/sync/wire.ts), so a
// test parses what it writes with SyncReply; the app reads its types from here.
import { z } from 'zod';
import { EventData, type EventType } from '../events.js';
import { QuizResult } from './progress.js';

export const SyncBody = z.object({
  protocol: z.literal(1),
  deviceId: z.string().min(1).max(100),
  cursor: z.string().max(200).nullable(),
  // The device's time when it sent this; absent (older apps), times are taken as they are.
  clock: z.iso.datetime().optional(),
  // Each event is validated on its own by the server, so one bad event is rejected alone.
  events: z.array(z.unknown()),
});
export type SyncBody = z.infer<typeof SyncBody>;

/** Why an event will never be accepted (docs/sync.md, "Rejection reasons"). */
export const RejectReason = z.enum([
  'invalid',
  'invalid-time',
  'unknown-course',
  'unknown-version',
  'unknown-lesson',
  'unknown-quiz',
  'unknown-survey',
  'not-enrolled',
  'conflict',
  'attempts-exceeded',
  'unknown-session',
  'invalid-code',
]);
export type RejectReason = z.infer<typeof RejectReason>;

export const Rejection = z.strictObject({ id: z.string(), reason: RejectReason, message: z.string() });
export type Rejection = z.infer<typeof Rejection>;

/** A stored event as a pull returns it: its place in the learner's sequence, and a quiz's grade. */
const pulled = <T extends EventType>(type: T) =>
  z.strictObject({
    id: z.string(),
    seq: z.number().int().min(1),
    type: z.literal(type),
    courseId: z.string(),
    courseVersion: z.number().int().min(1),
    at: z.iso.datetime(),
    data: EventData[type],
    result: QuizResult.strict().optional(),
  });

export const PulledEvent = z.discriminatedUnion('type', [
  pulled('lesson.opened'),
  pulled('lesson.position'),
  pulled('lesson.completed'),
  pulled('study.time'),
  pulled('quiz.submitted'),
  pulled('survey.submitted'),
  pulled('attendance.checked-in'),
]);
export type PulledEvent = z.infer<typeof PulledEvent>;

export const SyncReply = z.strictObject({
  /** Stored now or before (a resend); never an id that is not yet durable. */
  accepted: z.array(z.string()),
  rejected: z.array(Rejection),
  /** A page of the learner's events after the cursor, in sequence order. */
  events: z.array(PulledEvent),
  /** Where the next request continues; opaque to the app. */
  cursor: z.string(),
  /** More events wait: sync again. */
  more: z.boolean(),
});
export type SyncReply = z.infer<typeof SyncReply>;
