// An account as the API shows it: never its password hash or login bookkeeping.
import { z } from 'zod';
import { NIP_PATTERN } from '../nip.js';

/** A coordinator reads the report, learners and JP of their own `unit`, and nothing else of the admin area. */
export const Role = z.enum(['learner', 'admin', 'coordinator']);
export type Role = z.infer<typeof Role>;

export const User = z.object({
  id: z.string(),
  nip: z.string(),
  name: z.string(),
  unit: z.string(),
  position: z.string(),
  role: Role,
});
export type User = z.infer<typeof User>;

/** A NIP where a request names one account. */
export const Nip = z.string().regex(NIP_PATTERN, 'must be 18 digits');
