import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role, User } from '../db/schema.js';
import { hashPassword } from './passwords.js';

export const NIP_PATTERN = /^\d{18}$/;

export interface UserInput {
  nip: string;
  name: string;
  unit: string;
  position?: string;
  role?: Role;
  password?: string;
}

export interface PublicUser {
  id: string;
  nip: string;
  name: string;
  unit: string;
  position: string;
  role: Role;
}

export const publicUser = (u: User): PublicUser => ({
  id: u.id,
  nip: u.nip,
  name: u.name,
  unit: u.unit,
  position: u.position,
  role: u.role,
});

export const findUserByNip = (db: Kysely<Database>, nip: string) =>
  db.selectFrom('users').selectAll().where('nip', '=', nip).executeTakeFirst();

/** Creates the account, or updates name, unit, position, role (and password if given). */
export async function upsertUser(db: Kysely<Database>, input: UserInput, now = Date.now()): Promise<'created' | 'updated'> {
  const existing = await findUserByNip(db, input.nip);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  if (existing) {
    await db
      .updateTable('users')
      .set({
        name: input.name,
        unit: input.unit,
        position: input.position ?? existing.position,
        role: input.role ?? existing.role,
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        updated_at: now,
      })
      .where('id', '=', existing.id)
      .execute();
    return 'updated';
  }
  if (!passwordHash) throw new Error(`a new account (NIP ${input.nip}) needs a password`);
  await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      nip: input.nip,
      name: input.name,
      unit: input.unit,
      position: input.position ?? '',
      role: input.role ?? 'learner',
      password_hash: passwordHash,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return 'created';
}
