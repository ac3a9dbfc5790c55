import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { authHooks } from '../auth-hooks.js';
import type { Store } from '../db/database.js';
import type { AddressLimiter } from '../services/login-limits.js';

export interface RouteContext {
  store: Store;
  hooks: ReturnType<typeof authHooks>;
  addressLimiter: AddressLimiter;
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
export type TypedApp = ReturnType<typeof typed>;
