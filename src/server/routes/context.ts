import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { authHooks } from '../auth-hooks.js';
import type { Store } from '../db/database.js';
import type { CursorCodec } from '../services/cursor.js';
import type { Gate } from '../services/gate.js';
import type { AddressLimiter } from '../services/login-limits.js';
import type { ProgressKeeper } from '../services/progress.js';

export interface RouteContext {
  store: Store;
  hooks: ReturnType<typeof authHooks>;
  addressLimiter: AddressLimiter;
  /** The cursor codec, keyed by the shared server secret (read once). */
  cursors: () => Promise<CursorCodec>;
  syncGate: Gate;
  progress: ProgressKeeper;
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
export type TypedApp = ReturnType<typeof typed>;
