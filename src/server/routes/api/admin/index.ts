// /api/admin: every route in this folder needs the admin role (docs/security.md, "Sessions"),
// unless its config lets a coordinator read it for their own unit (`coordinators: 'own-unit'`,
// auth-hooks.ts). The check is a preHandler of this scope, as it was on each route: after the
// body and query are validated, so a malformed admin request still answers 400 before 401 or 403.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiOptions, handOn } from '../options.js';
import { adminCertificateRoutes } from './certificates.js';
import { adminCourseUploadRoutes } from './course-upload.js';
import { adminCourseRoutes } from './courses.js';
import { adminEnrolmentRoutes } from './enrolments.js';
import { adminJpRoutes } from './jp.js';
import { adminPasswordRoutes } from './passwords.js';
import { adminQuizBankRoutes } from './quiz-banks.js';
import { adminSessionRoutes } from './sessions.js';
import { adminUserRoutes } from './users.js';

export const adminRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, received) => {
  const options = handOn(received);
  app.addHook('preHandler', options.hooks.requireAdminRoute);
  await app.register(adminUserRoutes, options);
  await app.register(adminPasswordRoutes, options);
  await app.register(adminCourseRoutes, options);
  await app.register(adminCourseUploadRoutes, options);
  await app.register(adminJpRoutes, options);
  await app.register(adminEnrolmentRoutes, options);
  await app.register(adminQuizBankRoutes, options);
  await app.register(adminCertificateRoutes, options);
  await app.register(adminSessionRoutes, options);
};
