import { z } from 'zod';

export const HealthReply = z.object({ ok: z.boolean(), db: z.enum(['sqlite', 'postgres']) });
export type HealthReply = z.infer<typeof HealthReply>;
