// Accounts: the list, the staff import, and disabling or enabling one.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImportBody, ImportOutcome, StaffList, ToggleAnswer, ToggleParams, UsersQuery } from '../../../../domain/api/admin.js';
import { errors } from '../../../../domain/api/errors.js';
import { HttpError } from '../../../errors.js';
import { applyUserImport, existingNips, planUserImport } from '../../../services/user-import.js';
import { listUsers, publicUser, setDisabled } from '../../../services/users.js';
import type { ApiOptions } from '../options.js';

export const adminUserRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.get(
    '/users',
    {
      config: { coordinators: 'own-unit' },
      schema: {
        querystring: UsersQuery,
        response: { 200: StaffList, ...errors(401, 403) },
      },
    },
    async (request) => {
      const users = await listUsers(db, request.query.unit);
      return { users: users.map((u) => ({ ...publicUser(u), disabled: u.disabled_at !== null })) };
    },
  );

  // Staff import from the admin screen: a preview first (what would change, every bad row
  // with its line), then the same CSV again with apply: true. New accounts' initial
  // passwords come back once, in this response only, for the operator to hand out.
  app.post(
    '/users/import',
    {
      schema: {
        body: ImportBody,
        response: { 200: ImportOutcome, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const plan = planUserImport(request.body.csv);
      const existing = await existingNips(db, plan);
      const preview = {
        problems: plan.problems,
        create: plan.rows.filter((r) => !existing.has(r.nip)).length,
        update: plan.rows.filter((r) => existing.has(r.nip)).length,
      };
      if (!request.body.apply || plan.problems.length > 0) return { applied: false, ...preview };
      const result = await applyUserImport(db, plan);
      return { applied: true, ...preview, created: result.created, updated: result.updated, passwords: result.passwords };
    },
  );

  // Disabling stops the account's tokens at once (every request checks it, and they are
  // revoked); its events stay in the reports. Enabling again lets the learner log in again
  // with the same password.
  app.post(
    '/users/:nip/:action',
    {
      schema: {
        params: ToggleParams,
        response: { 200: ToggleAnswer, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { nip, action } = request.params;
      if (action === 'disable' && nip === request.user!.nip)
        throw new HttpError(400, 'bad-request', 'You cannot disable your own account.');
      const found = await setDisabled(db, nip, action === 'disable');
      if (!found) throw new HttpError(404, 'not-found', `No account with NIP ${nip}.`);
      return { nip, disabled: action === 'disable' };
    },
  );
};
