// Publishing from the browser: POST /api/admin/courses?publish=0|1 with the course folder as
// a zip. The same importer as `sinau course import` reads it (from the zip, in place), so the
// problems, the refusals and what is published are the same.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CourseUploadAnswer, CourseUploadQuery, PreviewAssetParams, type UploadProblem } from '../../../../domain/api/course-upload.js';
import { errors } from '../../../../domain/api/errors.js';
import { HttpError } from '../../../errors.js';
import type { PreviewStore } from '../../../services/courses/previews.js';
import type { Problem } from '../../../services/courses/yaml-source.js';
import { acceptZipBodies, MAX_UPLOAD_BYTES, type Upload } from '../../zip-body.js';
import type { ApiOptions } from '../options.js';

type Tooling = typeof import('../../../services/courses/upload-tooling.js');
let tooling: Promise<Tooling> | undefined;
/** Loaded at the first upload, not at start (services/courses/upload-tooling.ts says why). */
const courseTooling = () => {
  tooling ??= import('../../../services/courses/upload-tooling.js');
  return tooling;
};

const noChanges = () => ({ added: [], changed: [], removed: [] });
const refused = (problems: Problem[], detail: Tooling['problemDetail']): CourseUploadAnswer => ({
  ok: false,
  ...listed(problems, detail),
  course: null,
  changes: noChanges(),
});
/** The problems as the CLI has them, and beside them what each is, for the screen to say. */
const listed = (problems: Problem[], detail: Tooling['problemDetail']) => ({
  problems: problems.map(({ file, line, message }): UploadProblem => ({ file, line, message })),
  details: problems.map(detail),
});

export const adminCourseUploadRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db }, hooks }) => {
  acceptZipBodies(app);
  let previews: PreviewStore | undefined;
  app.addHook('onClose', async () => previews?.close());

  app.post(
    '/courses',
    {
      schema: {
        querystring: CourseUploadQuery,
        body: z.custom<Upload>((value) => typeof (value as Upload | undefined)?.path === 'string'),
        response: { 200: CourseUploadAnswer, ...errors(400, 401, 403, 413, 415) },
      },
      // Up to 300 MiB: who sends it is checked before a byte of it is read.
      onRequest: hooks.requireAdmin,
      bodyLimit: MAX_UPLOAD_BYTES,
      // Minutes on office Wi-Fi: the upload parser holds it to a minimum rate instead.
      config: { ownBodyDeadline: true },
    },
    async (request): Promise<CourseUploadAnswer> => {
      const upload = request.body;
      const publish = request.query.publish === '1';
      const { loadCourse, openCourseZip, PreviewStore, previewCourse, problemDetail, PublishError, publishCourse, publishRefusal } =
        await courseTooling();
      const zip = await openCourseZip(upload.path);
      if (!zip.ok) return refused(zip.problems, problemDetail);
      let keep = false;
      try {
        const loaded = await loadCourse(zip.folder);
        if (!loaded.ok) return refused(loaded.problems, problemDetail);
        const { course } = loaded;
        const preview = await previewCourse(db, course);
        const refusal = await publishRefusal(db, course);
        const problems = refusal && refusal !== 'unchanged' ? [refusal] : [];
        const answer: CourseUploadAnswer = { ok: problems.length === 0, ...listed(problems, problemDetail), ...preview };
        if (!answer.ok) return answer;
        if (!publish) {
          keep = true;
          upload.kept = true;
          previews ??= new PreviewStore();
          return { ...answer, previewId: previews.keep(upload.dir, zip, course.assets) };
        }
        try {
          return { ...answer, outcome: await publishCourse(db, course) };
        } catch (error) {
          // Another upload of the same version won the race since the check above.
          if (error instanceof PublishError) return { ...answer, ok: false, ...listed([error.problem], problemDetail) };
          throw error;
        }
      } finally {
        if (!keep) zip.close();
      }
    },
  );

  // A lesson's images in a preview, before they are published; for the admin who uploaded.
  app.get(
    '/courses/previews/:previewId/:sha256',
    { schema: { params: PreviewAssetParams, response: { 200: z.instanceof(Buffer), ...errors(400, 401, 403, 404) } } },
    async (request, reply) => {
      const asset = await previews?.asset(request.params.previewId, request.params.sha256);
      if (!asset) throw new HttpError(404, 'not-found', 'This preview has expired: upload the zip again.');
      return reply.type(asset.mime).header('cache-control', 'private, no-store').send(asset.data);
    },
  );
};
