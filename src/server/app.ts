// Builds the Fastify app as a plugin tree; server.ts only listens. Tests build it too.
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { authHooks } from './auth-hooks.js';
import { DEFAULTS } from './config.js';
import type { Store } from './db/database.js';
import { registerErrorHandler } from './errors.js';
import { apiRoutes } from './routes/api/index.js';
import { bodyDeadlines } from './routes/body-deadline.js';
import { routeMethods } from './routes/methods.js';
import { metricsRoutes } from './routes/metrics.js';
import { staticRoutes } from './routes/static.js';
import { wellFormedText } from './routes/well-formed-text.js';
import { useCertificateSettings } from './services/certificates/settings.js';
import { Metrics } from './services/metrics.js';
import { ProgressKeeper } from './services/progress.js';
import { pruneRegularly } from './services/pruning.js';

export interface AppOptions {
  store: Store;
  /** Folder of the built app; omitted, only the API is served. */
  staticDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Behind a load balancer, trust X-Forwarded-For so per-address limits see the client. */
  trustProxy?: boolean;
  /** The JP report's yearly target when a request names none (SINAU_JP_TARGET). */
  jpTarget?: number;
  /** The origin certificates' QR codes lead to (SINAU_PUBLIC_URL). */
  publicUrl?: string;
  /** The issuer and signer certificates name (SINAU_AGENCY, SINAU_SIGNER_NAME, SINAU_SIGNER_TITLE). */
  agency?: string;
  signerName?: string;
  signerTitle?: string;
  /** Bearer token for GET /metrics (METRICS_TOKEN); omitted, the path answers 404. */
  metricsToken?: string | undefined;
}

export async function buildApp({
  store,
  staticDir,
  logger = false,
  trustProxy = false,
  jpTarget = DEFAULTS.jpTarget,
  publicUrl = DEFAULTS.publicUrl,
  agency = DEFAULTS.agency,
  signerName = DEFAULTS.signerName,
  signerTitle = DEFAULTS.signerTitle,
  metricsToken,
}: AppOptions) {
  const app = Fastify({ logger, trustProxy, bodyLimit: 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('user', null);
  app.decorateRequest('token', null);
  registerErrorHandler(app);
  const methods = routeMethods(app);
  bodyDeadlines(app);
  wellFormedText(app);

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

  const certificates = { publicUrl: publicUrl.replace(/\/+$/, ''), agency, signerName, signerTitle };
  // Before anything folds progress: a fold that completes a course issues its certificate.
  useCertificateSettings(store.db, certificates);
  const progress = new ProgressKeeper(store.db);
  // Learners left stale by a stop or by the migration that added kept progress.
  app.addHook('onReady', async () => progress.poke());
  app.addHook('onClose', async () => {
    progress.stop();
    await progress.idle();
  });
  pruneRegularly(app, store.db);
  const metrics = new Metrics(store, { processMetrics: metricsToken !== undefined });
  // After every hook above, so that the routes inside inherit them; `methods` still learns
  // their paths, as onRoute hooks reach into child scopes.
  await app.register(metricsRoutes, { metrics, token: metricsToken });
  await app.register(apiRoutes, { prefix: '/api', store, hooks: authHooks(store.db), progress, jpTarget, certificates, metrics });
  if (staticDir) await staticRoutes(app, staticDir, methods);
  else
    app.setNotFoundHandler((request, reply) => {
      const notAllowed = methods.notAllowed(request);
      if (notAllowed) throw notAllowed;
      return reply.code(404).send({ error: 'not-found', message: `Nothing at ${request.method} ${request.url}.` });
    });
  return app;
}
