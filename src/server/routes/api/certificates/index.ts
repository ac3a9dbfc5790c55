// Certificates (docs/certificates.md): a learner's own list and PDFs, the public key and the
// public verification anyone may ask for without logging in.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CertificateKey, CertificateList, CodeParams, VerifyReply } from '../../../../domain/api/certificates.js';
import { errors } from '../../../../domain/api/errors.js';
import { maskNip, normalizeCode } from '../../../../domain/certificates.js';
import type { User } from '../../../db/schema.js';
import { HttpError } from '../../../errors.js';
import { type CertificateRow, certificateOf, certificatesOf, findCertificate, findForVerify } from '../../../services/certificates/read.js';
import { publicJwk } from '../../../services/certificates/signing.js';
import { refreshProgress } from '../../../services/progress.js';
import type { ApiOptions } from '../options.js';

/**
 * Who may download a certificate: its learner, an administrator, and the coordinator of the
 * unit it was issued in (the unit the agency's list shows it under).
 */
const mayRead = (user: User, row: CertificateRow) =>
  user.id === row.user_id || user.role === 'admin' || (user.role === 'coordinator' && user.unit === row.unit);

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

  app.get(
    '/certificates/:code.pdf',
    {
      preHandler: hooks.requireUser,
      schema: { params: CodeParams, response: { 200: z.instanceof(Buffer), ...errors(401, 403, 404, 410) } },
    },
    async (request, reply) => {
      const code = normalizeCode(request.params.code);
      const row = code ? await findCertificate(db, code) : undefined;
      // Someone else's certificate answers as one that does not exist: whoever holds a code
      // learns nothing from trying it here.
      if (!row || !mayRead(request.user!, row)) throw new HttpError(404, 'not-found', `You have no certificate ${request.params.code}.`);
      if (row.revoked_at !== null) throw new HttpError(410, 'certificate-revoked', `Certificate ${row.code} was revoked.`);
      const c = certificateOf(row, publicUrl);
      // Loaded at the first PDF rather than at start: pdfkit and its fonts add some 40 MB to
      // every server process, and most never print a certificate.
      const { renderCertificatePdf } = await import('../../../services/certificates/pdf.js');
      const pdf = await renderCertificatePdf({
        code: c.code,
        name: c.name,
        nip: c.nip,
        courseTitle: c.courseTitle,
        jp: c.jp,
        category: c.category,
        completedAt: c.completedAt,
        issuer: c.issuer,
        signerName: c.signerName,
        signerTitle: c.signerTitle,
        verifyUrl: c.verifyUrl,
      });
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="sertifikat-${row.code}.pdf"`)
          // Personal: the browser may keep it a while, a shared cache never.
          .header('cache-control', 'private, max-age=3600')
          .send(pdf)
      );
    },
  );

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
