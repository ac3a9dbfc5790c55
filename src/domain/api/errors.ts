// Every error the API answers has this one shape (docs/sync.md, "Errors").
import { z } from 'zod';

export const ErrorBody = z.object({ error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A route's error replies: `...errors(400, 401)` beside its 200 schema. */
export const errors = <C extends number>(...codes: C[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<C, typeof ErrorBody>;
