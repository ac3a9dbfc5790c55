// Course sessions for tests: a valid body to vary, and a logged-in coordinator.
import { addUser, login, type TestServer } from './server.js';

/** A session on 1 December 2026, 08:00–12:00 in Jakarta; `fields` replace any of it. */
export const sessionBody = (fields: Record<string, unknown> = {}) => ({
  title: 'Pertemuan 1',
  mode: 'hybrid',
  startsAt: '2026-12-01T01:00:00.000Z',
  endsAt: '2026-12-01T05:00:00.000Z',
  ...fields,
});

/** A coordinator of `unit`, logged in. */
export const addCoordinator = async (server: TestServer, unit: string): Promise<string> =>
  login(server, await addUser(server.db, { role: 'coordinator', unit }));
