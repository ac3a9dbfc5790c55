// Staff accounts: the limits of their text fields, and what an enrolment answers. Shared by
// the server, which enforces and sends them, and the admin screens, which show them.
import { z } from 'zod';

/**
 * The longest name, work unit or position an account may have, in UTF-16 code units (what
 * `string.length` and zod's `max` count): a column in a report or on a certificate stays
 * readable, and nobody stores a book in a name.
 */
export const USER_FIELD_MAX = 200;

/** The answer to an enrolment: how many were newly enrolled, and what matched no active account. */
export const EnrolAnswer = z.object({
  /** Newly enrolled; learners already enrolled are not counted again. */
  enrolled: z.number(),
  unmatched: z.object({
    /** The work unit asked for, when no active account is in it. */
    unit: z.string().optional(),
    /** The NIPs asked for that belong to no account, or to a disabled one. */
    nips: z.array(z.string()),
  }),
});
export type EnrolAnswer = z.infer<typeof EnrolAnswer>;
