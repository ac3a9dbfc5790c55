// Course sessions and attendance (docs/sessions.md): the sessions an admin schedules, the
// facilitator's check-in secret, the learner's list, and the daftar hadir.
import { z } from 'zod';
import { USER_FIELD_MAX } from '../staff.js';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../totp.js';

export const SESSION_TITLE_MAX = 200;
/** A session longer than this is a typo in a date, not a meeting. */
export const SESSION_MAX_MS = 12 * 3_600_000;

export const SessionMode = z.enum(['luring', 'daring', 'hybrid']);
export type SessionMode = z.infer<typeof SessionMode>;
/** How one learner attended: in the room or in the call. */
export const AttendanceMode = z.enum(['luring', 'daring']);
export type AttendanceMode = z.infer<typeof AttendanceMode>;

const text = (max: number) => z.string().trim().min(1).max(max);
// Only a web address the learner's phone opens as one: never javascript:, data: or a file.
// (The domain has no URL class; a host is required and no whitespace is allowed anywhere.)
const meetingUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'must be an http(s) address');

export const SessionIdParams = z.object({ id: z.string().min(1).max(64) });

/** A session as the admin screens and the learner's list show it. Times are ISO 8601. */
export const Session = z.object({
  id: z.string(),
  courseId: z.string(),
  title: z.string(),
  mode: SessionMode,
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string().nullable(),
  meetingUrl: z.string().nullable(),
  /** The unit whose learners it is for; null: every unit. */
  unit: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof Session>;

export const SessionList = z.object({ sessions: z.array(Session) });
export type SessionList = z.infer<typeof SessionList>;

const fields = {
  title: text(SESSION_TITLE_MAX),
  mode: SessionMode,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  place: text(USER_FIELD_MAX).nullable().optional(),
  meetingUrl: meetingUrl.nullable().optional(),
  unit: text(USER_FIELD_MAX).nullable().optional(),
};

/** The times a session may have, checked wherever both are known. */
export function sessionTimesProblem(startsAt: string, endsAt: string): string | null {
  const length = Date.parse(endsAt) - Date.parse(startsAt);
  if (!(length > 0)) return 'must be after "startsAt"';
  if (length > SESSION_MAX_MS) return `a session lasts at most ${SESSION_MAX_MS / 3_600_000} hours`;
  return null;
}

export const CreateSessionBody = z.strictObject(fields).superRefine((b, ctx) => {
  const problem = sessionTimesProblem(b.startsAt, b.endsAt);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endsAt'] });
});
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

/** Any of the fields; the times are checked again against the stored ones by the server. */
export const UpdateSessionBody = z
  .strictObject(fields)
  .partial()
  .superRefine((b, ctx) => {
    if (b.startsAt === undefined || b.endsAt === undefined) return;
    const problem = sessionTimesProblem(b.startsAt, b.endsAt);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endsAt'] });
  });
export type UpdateSessionBody = z.infer<typeof UpdateSessionBody>;

/** What the facilitator's screen needs to show the changing code with no signal. */
export const CheckInSecret = z.object({
  /** base32 (RFC 4648), as authenticator apps take it. */
  secret: z.string(),
  algorithm: z.literal('SHA-256'),
  digits: z.literal(TOTP_DIGITS),
  period: z.literal(TOTP_PERIOD_SECONDS),
});
export type CheckInSecret = z.infer<typeof CheckInSecret>;

/** The unit filter coordinators have forced to their own (auth-hooks.ts). */
export const AttendanceQuery = z.object({ unit: text(USER_FIELD_MAX).optional() });
export type AttendanceQuery = z.infer<typeof AttendanceQuery>;

const Person = z.object({ nip: z.string(), name: z.string(), unit: z.string() });

export const AttendanceReport = z.object({
  session: Session,
  /** Per unit, in name order: who checked in, in the room and in the call. */
  units: z.array(z.object({ unit: z.string(), luring: z.number(), daring: z.number() })),
  total: z.object({ luring: z.number(), daring: z.number() }),
  /** Who checked in, in the order they did: the daftar hadir as the screen prints it. */
  present: z.array(Person.extend({ mode: AttendanceMode, checkedAt: z.string() })),
  /** Checked in, but the course is not complete (by the kept progress table). */
  attendedNotCompleted: z.array(Person),
  /** Completed the course without checking in to this session. */
  completedNotAttended: z.array(Person),
});
export type AttendanceReport = z.infer<typeof AttendanceReport>;
