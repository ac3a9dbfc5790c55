import { z } from 'zod';

export const ErrorBody = z.object({ error: z.string(), message: z.string() });

export const UserBody = z.object({
  id: z.string(),
  nip: z.string(),
  name: z.string(),
  unit: z.string(),
  position: z.string(),
  role: z.enum(['learner', 'admin']),
});

export const errors = <C extends number>(...codes: C[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<C, typeof ErrorBody>;
