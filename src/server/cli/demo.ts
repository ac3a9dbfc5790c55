// Demo mode (SINAU_DEMO=1, set by `npm start`): publish the sample courses, and on an
// empty database create demo accounts and enrol them. Never runs otherwise.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { enrol } from '../services/enrolments.js';
import { type UserInput, upsertUser } from '../services/users.js';
import { importCourseDir } from './course-import.js';

export const DEMO_USERS: Required<UserInput>[] = [
  {
    nip: '198001012006041001',
    name: 'Budi Santoso',
    unit: 'BKPSDM',
    position: 'Analis SDM Aparatur',
    role: 'admin',
    password: 'admin-demo',
  },
  {
    nip: '199203152025212001',
    name: 'Sari Wulandari',
    unit: 'Dinas Pendidikan',
    position: 'Asisten Guru',
    role: 'learner',
    password: 'sari-demo',
  },
  {
    nip: '199507202025211002',
    name: 'Agus Prasetyo',
    unit: 'Dinas Pendidikan',
    position: 'Tenaga Administrasi Sekolah',
    role: 'learner',
    password: 'agus-demo',
  },
  {
    nip: '199811052025212003',
    name: 'Dewi Lestari',
    unit: 'Kecamatan Sukamaju',
    position: 'Pengadministrasi Umum',
    role: 'learner',
    password: 'dewi-demo',
  },
];

export async function seedDemo(db: Kysely<Database>, coursesDir: string, log: (line: string) => void): Promise<void> {
  const folders = (await readdir(coursesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => join(coursesDir, d.name));
  const courseIds: string[] = [];
  for (const folder of folders) {
    const outcome = await importCourseDir(db, folder);
    if (!outcome.ok) throw new Error(`sample course ${folder} has problems:\n${outcome.problems.join('\n')}`);
    courseIds.push(outcome.id);
  }
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return;
  for (const user of DEMO_USERS) await upsertUser(db, user);
  for (const id of courseIds) await enrol(db, id, { all: true });
  log('Demo accounts (demo mode only):');
  for (const u of DEMO_USERS) log(`  ${u.role.padEnd(7)} NIP ${u.nip}  password ${u.password}  (${u.name}, ${u.unit})`);
}
