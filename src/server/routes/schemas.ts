import { z } from 'zod';
import { User } from '../../domain/api/users.js';

export const ErrorBody = z.object({ error: z.string(), message: z.string() });

export const UserBody = User;

export const LoginBody = z.object({
  nip: z.string().trim().min(1).max(32),
  password: z.string().min(1).max(200),
  /** The key this device was given at an earlier login to this account, if any. */
  deviceKey: z.string().min(1).max(100).optional(),
});

export const LoginReply = z.object({
  token: z.string(),
  expiresAt: z.number(),
  user: UserBody,
  /** Kept by the device for this NIP and sent with its next logins. */
  deviceKey: z.string(),
  /** The password was a one-time one: until a new one is set, the token can do little else. */
  mustChangePassword: z.boolean(),
});

export const PasswordChangeBody = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) });

export const errors = <C extends number>(...codes: C[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody])) as Record<C, typeof ErrorBody>;
