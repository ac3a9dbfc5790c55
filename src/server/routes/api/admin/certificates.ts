// The agency's certificates (docs/certificates.md): the list and its CSV, which a coordinator
// may read for their own unit, and revocation, which only an administrator may do.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AdminCertificateList, AdminCertificatesQuery, CodeParams, RevokeBody, RevokeReply } from '../../../../domain/api/certificates.js';
import { errors } from '../../../../domain/api/errors.js';
import { normalizeCode } from '../../../../domain/certificates.js';
import { HttpError } from '../../../errors.js';
import { certificatesCsv, certificatesCsvName } from '../../../services/certificates/csv.js';
import { adminCertificateOf, listCertificates, revokeCertificate } from '../../../services/certificates/read.js';
import type { ApiOptions } from '../options.js';

export const adminCertificateRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.get(
    '/certificates',
    {
      config: { coordinators: 'own-unit' },
      schema: { querystring: AdminCertificatesQuery, response: { 200: AdminCertificateList, ...errors(400, 401, 403) } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { certificates: (await listCertificates(db, request.query, 'newest')).map(adminCertificateOf) };
    },
  );

  app.get(
    '/certificates.csv',
    {
      config: { coordinators: 'own-unit' },
      // A string payload is sent as is: the 200 schema documents it.
      schema: { querystring: AdminCertificatesQuery, response: { 200: z.string(), ...errors(400, 401, 403) } },
    },
    async (request, reply) => {
      // A register: numbered in order of completion.
      const csv = certificatesCsv(await listCertificates(db, request.query, 'oldest'));
      reply.type('text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${certificatesCsvName(request.query)}"`);
      reply.header('cache-control', 'private, no-store');
      return reply.code(200).send(csv);
    },
  );

  app.post(
    '/certificates/:code/revoke',
    { schema: { params: CodeParams, body: RevokeBody, response: { 200: RevokeReply, ...errors(400, 401, 403, 404, 409) } } },
    async (request) => {
      const code = normalizeCode(request.params.code);
      const outcome = code ? await revokeCertificate(db, code, request.body.reason, request.user!.id) : { problem: 'unknown' as const };
      if ('problem' in outcome) {
        if (outcome.problem === 'unknown') throw new HttpError(404, 'not-found', `No certificate ${request.params.code}.`);
        throw new HttpError(409, 'already-revoked', `Certificate ${code} was revoked already; its first reason stays.`);
      }
      const { revoked } = outcome;
      return { code: revoked.code, revokedAt: new Date(Number(revoked.revoked_at)).toISOString(), revokedReason: revoked.revoked_reason! };
    },
  );
};
