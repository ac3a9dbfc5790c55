// Everything under /api, one encapsulated plugin per resource folder (docs/security.md says
// who may call what). Paths inside the plugins are relative to their prefix.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminRoutes } from './admin/index.js';
import { authRoutes } from './auth/index.js';
import { certificateRoutes } from './certificates/index.js';
import { courseSessionRoutes } from './course-sessions/index.js';
import { courseRoutes } from './courses/index.js';
import { healthRoutes } from './health/index.js';
import { mediaRoutes } from './media/index.js';
import { type ApiOptions, handOn } from './options.js';
import { progressRoutes } from './progress/index.js';
import { syncRoutes } from './sync/index.js';

export const apiRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, received) => {
  const options = handOn(received);
  await app.register(healthRoutes, options);
  await app.register(authRoutes, options);
  await app.register(courseRoutes, options);
  await app.register(courseSessionRoutes, options);
  await app.register(mediaRoutes, options);
  await app.register(adminRoutes, { ...options, prefix: '/admin' });
  await app.register(syncRoutes, options);
  await app.register(progressRoutes, options);
  await app.register(certificateRoutes, options);
};
