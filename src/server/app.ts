// Builds the Fastify app as a plugin tree; server.ts only listens. Tests build it too.
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { malformedTextPath } from '../domain/unicode.js';
import { authHooks } from './auth-hooks.js';
import type { Store } from './db/database.js';
import { HttpError, registerErrorHandler } from './errors.js';
import { adminRoutes } from './routes/admin.js';
import { adminPasswordRoutes } from './routes/admin-passwords.js';
import { authRoutes } from './routes/auth.js';
import { type RouteContext, typed } from './routes/context.js';
import { courseRoutes } from './routes/courses.js';
import { healthRoutes } from './routes/health.js';
import { routeMethods } from './routes/methods.js';
import { staticRoutes } from './routes/static.js';
import { syncRoutes } from './routes/sync.js';
import { CursorCodec } from './services/cursor.js';
import { Gate } from './services/gate.js';
import { AddressLimiter } from './services/login-limits.js';
import { ProgressKeeper } from './services/progress.js';
import { pruneRegularly } from './services/pruning.js';
import { serverSecret } from './services/secrets.js';

/**
 * Syncs one process works on at once; more wait their turn (unread, in their sockets), and
 * past the queue get 429. In the reconnect storm benchmark 32 kept the peak memory about
 * 20 MB lower than 64, with group commits still of up to 1,600 events.
 */
const MAX_CONCURRENT_SYNCS = 32;
const SYNC_EVENTS = new Set(['events']);

export interface AppOptions {
  store: Store;
  /** Folder of the built app; omitted, only the API is served. */
  staticDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Behind a load balancer, trust X-Forwarded-For so per-address limits see the client. */
  trustProxy?: boolean;
}

export async function buildApp({ store, staticDir, logger = false, trustProxy = false }: AppOptions) {
  const app = Fastify({ logger, trustProxy, bodyLimit: 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('user', null);
  app.decorateRequest('token', null);
  registerErrorHandler(app);
  const methods = routeMethods(app);
  // Every string of every request is well-formed text (sync checks its events one by one,
  // so that one bad event is rejected alone and the rest of its batch is stored).
  app.addHook('preValidation', async (request) => {
    const skip = request.routeOptions.url === '/api/sync' ? SYNC_EVENTS : undefined;
    const where = malformedTextPath(request.body, skip) ?? malformedTextPath(request.query) ?? malformedTextPath(request.params);
    if (where)
      throw new HttpError(400, 'invalid-text', `The request holds a NUL or an unpaired surrogate at ${where}: send well-formed text.`);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Preact sets style properties (e.g. a progress bar's width) on elements.
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // frame-ancestors above says it; X-Frame-Options would only repeat it.
    xFrameOptions: false,
    // HSTS means something only on HTTPS; see the onSend hook below.
    strictTransportSecurity: false,
  });
  // Over plain HTTP the header is meaningless at best; behind a TLS proxy (trustProxy) the
  // request's protocol says https and the header goes out.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(compress, { threshold: 1024 });

  let codec: Promise<CursorCodec> | undefined;
  const context: RouteContext = {
    store,
    hooks: authHooks(store.db),
    addressLimiter: new AddressLimiter(store.db),
    cursors: () => {
      codec ??= serverSecret(store.db, 'sync-cursor').then((key) => new CursorCodec(key));
      return codec;
    },
    syncGate: new Gate(MAX_CONCURRENT_SYNCS),
    progress: new ProgressKeeper(store.db),
  };
  // Learners left stale by a stop or by the migration that added kept progress.
  app.addHook('onReady', async () => context.progress.poke());
  app.addHook('onClose', async () => {
    context.progress.stop();
    await context.progress.idle();
  });
  pruneRegularly(app, store.db);
  const api = typed(app);
  healthRoutes(api, context);
  authRoutes(api, context);
  courseRoutes(api, context);
  adminRoutes(api, context);
  adminPasswordRoutes(api, context);
  syncRoutes(api, context);
  if (staticDir) await staticRoutes(app, staticDir, methods);
  else
    app.setNotFoundHandler((request, reply) => {
      const notAllowed = methods.notAllowed(request);
      if (notAllowed) throw notAllowed;
      return reply.code(404).send({ error: 'not-found', message: `Nothing at ${request.method} ${request.url}.` });
    });
  return app;
}
