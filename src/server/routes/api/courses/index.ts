// What a learner reads: their courses, a course's package, and its images (docs/course-format.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AssetParams, CourseId, CourseList, CoursePackageHead } from '../../../../domain/api/courses.js';
import { errors } from '../../../../domain/api/errors.js';
import { HttpError } from '../../../errors.js';
import { currentPackage, findAsset, isEnrolled, listCoursesFor } from '../../../services/content.js';
import type { ApiOptions } from '../options.js';

export const courseRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db }, hooks }) => {
  app.get('/courses', { preHandler: hooks.requireUser, schema: { response: { 200: CourseList, ...errors(401) } } }, async (request) => ({
    courses: await listCoursesFor(db, request.user!.id),
  }));

  app.get(
    '/courses/:id',
    {
      preHandler: hooks.requireUser,
      schema: { params: CourseId, response: { 200: CoursePackageHead, ...errors(401, 404) } },
    },
    async (request, reply) => {
      const { id } = request.params;
      // Not enrolled and not existing look the same: course ids are not a learner's business.
      const json = (await isEnrolled(db, request.user!.id, id)) ? await currentPackage(db, id) : undefined;
      if (!json) throw new HttpError(404, 'not-found', `You are not enrolled in a course "${id}".`);
      // A string sent as application/json is taken as already serialized.
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'private, no-cache')
        .send(json as unknown as z.infer<typeof CoursePackageHead>);
    },
  );

  app.get(
    '/assets/:sha256',
    {
      schema: {
        params: AssetParams,
        response: { 200: z.instanceof(Buffer), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const asset = await findAsset(db, request.params.sha256);
      if (!asset) throw new HttpError(404, 'not-found', 'No such asset.');
      return (
        reply
          .type(asset.mime)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('etag', `"${request.params.sha256}"`)
          // An SVG opened on its own must not run anything.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .send(Buffer.from(asset.data))
      );
    },
  );
};
