// Many learners enrolled in the sample course, each with a live session, written straight
// into the database: logging a hundred learners in over HTTP would spend the run hashing
// passwords, and a session in the database is valid on every instance that shares it.
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { enrol } from '../../src/server/services/enrolments.js';
import { hashPassword } from '../../src/server/services/passwords.js';
import { createSession } from '../../src/server/services/sessions.js';
import { saveUser } from '../../src/server/services/users.js';
import { COURSE } from './events.js';
import { nextNip, SAMPLE_COURSE } from './server.js';

export interface SessionLearner {
  id: string;
  nip: string;
  token: string;
}

/** Migrates the database at `databaseUrl` once, publishes the sample course and makes `count` learners. */
export async function learnersWithSessions(databaseUrl: string, count: number): Promise<SessionLearner[]> {
  const store = openStore(databaseUrl);
  try {
    await migrateToLatest(store.db);
    const published = await importCourseDir(store.db, SAMPLE_COURSE);
    if (!published.ok) throw new Error(published.problems.join('\n'));
    const passwordHash = await hashPassword('rahasia-123');
    const nips = Array.from({ length: count }, nextNip);
    for (const nip of nips)
      await saveUser(store.db, { nip, name: `Pegawai ${nip.slice(-4)}`, unit: 'Dinas Uji', role: 'learner' }, passwordHash);
    await enrol(store.db, COURSE, { nips });
    const users = await store.db.selectFrom('users').select(['id', 'nip']).where('nip', 'in', nips).execute();
    const ids = new Map(users.map((u) => [u.nip, u.id]));
    return await Promise.all(
      nips.map(async (nip) => ({ id: ids.get(nip)!, nip, token: (await createSession(store.db, ids.get(nip)!)).token })),
    );
  } finally {
    await store.close();
  }
}
