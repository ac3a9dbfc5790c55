// Certificates (docs/certificates.md): a learner's own list, the public key and the public
// verification anyone may ask for without logging in, and a certificate's PDF.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CertificateKey, CertificateList, CodeParams, VerifyReply } from '../../../../domain/api/certificates.js';
import { errors } from '../../../../domain/api/errors.js';
import { maskNip, normalizeCode } from '../../../../domain/certificates.js';
import { certificateOf, certificatesOf, findForVerify } from '../../../services/certificates/read.js';
import { publicJwk } from '../../../services/certificates/signing.js';
import { refreshProgress } from '../../../services/progress.js';
import type { ApiOptions } from '../options.js';

export const certificateRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db }, hooks, certificates: { publicUrl } }) => {
  app.get(
    '/certificates',
    { preHandler: hooks.requireUser, schema: { response: { 200: CertificateList, ...errors(401, 403) } } },
    async (request, reply) => {
      const user = request.user!;
      // A completion synced a moment ago is shown now, not once the background fold gets to it.
      await refreshProgress(db, { userId: user.id });
      reply.header('cache-control', 'private, no-cache');
      return { certificates: (await certificatesOf(db, user.id)).map((row) => certificateOf(row, publicUrl)) };
    },
  );

  // The key never changes for a database; the app keeps it from its first open.
  let jwk: Promise<CertificateKey> | undefined;
  app.get('/certificates/key', { schema: { response: { 200: CertificateKey } } }, async (_request, reply) => {
    jwk ??= publicJwk(db).catch((error) => {
      jwk = undefined;
      throw error;
    });
    reply.header('cache-control', 'public, max-age=86400');
    return jwk;
  });

  app.get('/verify/:code', { schema: { params: CodeParams, response: { 200: VerifyReply, ...errors(400) } } }, async (request, reply) => {
    // A revocation shows at once.
    reply.header('cache-control', 'no-store');
    const code = normalizeCode(request.params.code);
    const row = code ? await findForVerify(db, code) : undefined;
    if (!row) return { status: 'unknown' as const };
    return {
      status: row.revoked_at === null ? ('valid' as const) : ('revoked' as const),
      name: row.name,
      nipMasked: maskNip(row.nip),
      courseTitle: row.course_title,
      jp: Number(row.jp),
      completedAt: new Date(Number(row.completed_at)).toISOString(),
      issuer: row.issuer,
      revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)).toISOString(),
    };
  });
};
