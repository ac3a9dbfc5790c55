// Lost initial passwords: an admin gives one account, or every account that has never
// logged in, a new one-time password. The passwords are in this answer only (JSON, with the
// same list as a CSV file for the screen to offer; or `?format=csv` for the file alone).
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ResetAnswer, ResetNeverLoggedInBody, ResetParams, ResetQuery } from '../../../../domain/api/admin.js';
import { errors } from '../../../../domain/api/errors.js';
import { HttpError } from '../../../errors.js';
import { type IssuedPassword, neverLoggedIn, passwordsCsv, resetPasswords } from '../../../services/password-resets.js';
import { findUserByNip } from '../../../services/users.js';
import type { ApiOptions } from '../options.js';

function answer(reply: FastifyReply, issued: IssuedPassword[], format: 'json' | 'csv') {
  reply.header('cache-control', 'private, no-store');
  const csv = passwordsCsv(issued);
  if (format === 'json') return { passwords: issued, csv };
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  reply.type('text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="kata-sandi-${stamp}.csv"`);
  return csv;
}

export const adminPasswordRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.post(
    '/users/:nip/reset-password',
    {
      schema: {
        params: ResetParams,
        querystring: ResetQuery,
        // A string (the CSV) is sent as is: the schema documents it.
        response: { 200: z.union([ResetAnswer, z.string()]), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { nip } = request.params;
      if (nip === request.user!.nip)
        throw new HttpError(400, 'bad-request', 'Change your own password with POST /api/auth/password, not by a reset.');
      const user = await findUserByNip(db, nip);
      if (!user) throw new HttpError(404, 'not-found', `No account with NIP ${nip}.`);
      return answer(reply, await resetPasswords(db, [user]), request.query.format);
    },
  );

  app.post(
    '/users/reset-passwords',
    {
      schema: {
        body: ResetNeverLoggedInBody,
        querystring: ResetQuery,
        response: { 200: z.union([ResetAnswer, z.string()]), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const accounts = await neverLoggedIn(db, request.body.unit);
      return answer(reply, await resetPasswords(db, accounts, { neverLoggedIn: true }), request.query.format);
    },
  );
};
