// /api/admin: accounts, the staff import, password resets, enrolment, the course report and
// JP (docs/evaluation.md, docs/security.md). Every route needs the admin role.
import { z } from 'zod';
import type { JpRow as JpRowType, Report as ReportType } from '../report.js';
import { EnrolAnswer, USER_FIELD_MAX } from '../staff.js';
import type { Same } from './same.js';
import { Nip, User } from './users.js';

const unitName = z.string().max(USER_FIELD_MAX);

// ---- accounts ------------------------------------------------------------------------

export const UsersQuery = z.object({ unit: unitName.optional() });

/** An account as the staff list shows it. */
export const StaffUser = User.extend({ disabled: z.boolean() });
export type StaffUser = z.infer<typeof StaffUser>;
export const StaffList = z.object({ users: z.array(StaffUser) });
export type StaffList = z.infer<typeof StaffList>;

export const ImportBody = z.object({ csv: z.string().min(1).max(900_000), apply: z.boolean().default(false) });

/** A staff import's preview, and with `apply` what it did: new accounts' passwords are in this answer only. */
export const ImportOutcome = z.object({
  applied: z.boolean(),
  problems: z.array(z.object({ line: z.number(), message: z.string() })),
  create: z.number(),
  update: z.number(),
  created: z.number().optional(),
  updated: z.number().optional(),
  passwords: z.array(z.object({ nip: z.string(), name: z.string(), password: z.string() })).optional(),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ToggleParams = z.object({ nip: Nip, action: z.enum(['disable', 'enable']) });
export const ToggleAnswer = z.object({ nip: z.string(), disabled: z.boolean() });
export type ToggleAnswer = z.infer<typeof ToggleAnswer>;

// ---- password resets -----------------------------------------------------------------

export const ResetParams = z.object({ nip: Nip });
export const ResetQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
export const ResetNeverLoggedInBody = z.object({ neverLoggedIn: z.literal(true), unit: unitName.min(1).optional() });

/** New one-time passwords, in this answer only. */
export const ResetAnswer = z.object({
  passwords: z.array(z.object({ nip: z.string(), name: z.string(), unit: z.string(), password: z.string() })),
  /** The same list as a CSV file (NIPs in printed groups), to save or print. */
  csv: z.string(),
});
export type ResetAnswer = z.infer<typeof ResetAnswer>;

// ---- enrolment -----------------------------------------------------------------------

// One object rather than a union: a union of objects drops the keys it does not know, so
// { unit, nips } used to pass as { unit } and enrol the whole unit.
export const EnrolBody = z.object({
  courseId: z.string().max(64),
  all: z.literal(true).optional(),
  unit: unitName.min(1).optional(),
  nips: z.array(Nip).min(1).max(10_000).optional(),
});
export { EnrolAnswer };

// ---- courses and the report (docs/evaluation.md) -------------------------------------

export const AdminCourse = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  category: z.string(),
  jp: z.number(),
  enrolled: z.number(),
});
export type AdminCourse = z.infer<typeof AdminCourse>;
export const AdminCourseList = z.object({ courses: z.array(AdminCourse) });
export type AdminCourseList = z.infer<typeof AdminCourseList>;

export const ReportQuery = z
  .object({ unit: unitName.optional(), from: z.iso.date().optional(), to: z.iso.date().optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before "from"', path: ['to'] });
export type ReportQuery = z.infer<typeof ReportQuery>;

const Band = z.enum(['low', 'medium', 'high']);
const TestMean = z.object({ n: z.number(), mean: z.number().nullable() });

// Keys in the order the report is built in, so its JSON reads as it did before it had a schema.
const Figures = z.object({
  enrolled: z.number(),
  started: z.number(),
  finishedLessons: z.number(),
  tookPostTest: z.number(),
  passedPostTest: z.number(),
  completed: z.number(),
  certificates: z.number(),
  preTest: TestMean,
  postTest: TestMean,
  normalizedGain: z.object({ n: z.number(), mean: z.number().nullable(), band: Band.nullable(), excludedPreTest100: z.number() }),
  normalizedGainOfMeans: z.object({ n: z.number(), value: z.number().nullable(), band: Band.nullable() }),
  jpAwarded: z.number(),
  studyHours: z.number(),
  survey: z.object({
    responses: z.number(),
    questions: z.array(z.object({ id: z.string(), prompt: z.string(), type: z.string(), n: z.number(), mean: z.number().nullable() })),
    comments: z.array(z.string()),
  }),
});

const LearnerRow = z.object({
  nip: z.string(),
  name: z.string(),
  unit: z.string(),
  position: z.string(),
  started: z.boolean(),
  lessonsDone: z.number(),
  lessonsTotal: z.number(),
  pre: z.number().nullable(),
  post: z.number().nullable(),
  gain: z.number().nullable(),
  completedAt: z.string().nullable(),
  jp: z.number(),
  studySeconds: z.number(),
});

export const Report = z.object({
  courseId: z.string(),
  version: z.number(),
  title: z.string(),
  jp: z.number(),
  category: z.string(),
  filters: z.object({ unit: z.string().optional(), from: z.number().optional(), to: z.number().optional() }),
  ...Figures.shape,
  byUnit: z.array(z.object({ unit: z.string(), ...Figures.shape })),
  learners: z.array(LearnerRow),
});

// ---- JP ------------------------------------------------------------------------------

export const JpQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  target: z.coerce.number().min(0).max(1000).optional(),
  unit: unitName.optional(),
});

const JpRow = z.object({
  nip: z.string(),
  name: z.string(),
  unit: z.string(),
  position: z.string(),
  jp: z.number(),
  target: z.number(),
  shortfall: z.number(),
  courses: z.array(z.object({ courseId: z.string(), jp: z.number(), completedAt: z.string() })),
});

export const JpYear = z.object({
  year: z.number(),
  /** The target asked for, or the server's default when none was. */
  target: z.number(),
  /** Largest shortfall first. */
  learners: z.array(JpRow),
});
export type JpYear = z.infer<typeof JpYear>;

// These stop compiling when the schemas and the report's types in src/domain/report.ts differ.
export const reportMatches: Same<z.infer<typeof Report>, ReportType> = true;
export const jpRowMatches: Same<z.infer<typeof JpRow>, JpRowType> = true;
