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

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorBody]));
