// Logging in, choosing one's own password, and who the token belongs to (docs/security.md).
import { z } from 'zod';
import { User } from './users.js';

export const LoginBody = z.object({
  nip: z.string().trim().min(1).max(32),
  password: z.string().min(1).max(200),
  /** The key this device was given at an earlier login to this account, if any. */
  deviceKey: z.string().min(1).max(100).optional(),
});
export type LoginBody = z.input<typeof LoginBody>;

export const LoginReply = z.object({
  token: z.string(),
  expiresAt: z.number(),
  user: User,
  /** Kept by the device for this NIP and sent with its next logins: it spares the device the lockouts. */
  deviceKey: z.string(),
  /** The password was a one-time one: until a new one is set, the token can do little else. */
  mustChangePassword: z.boolean(),
});
export type LoginReply = z.infer<typeof LoginReply>;

export const PasswordChangeBody = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) });
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

/** What logging out and changing one's password answer. */
export const Ok = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;

export const MeReply = z.object({ user: User, mustChangePassword: z.boolean() });
export type MeReply = z.infer<typeof MeReply>;
