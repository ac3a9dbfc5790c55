// `sinau users import FILE.csv`: columns nip,name,unit,position and optional role,password.
// Every bad row is reported with its line; nothing is written unless the whole file is good.
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { NIP_PATTERN } from '../../domain/nip.js';
import { USER_FIELD_MAX } from '../../domain/staff.js';
import { lockAccounts } from '../db/locks.js';
import type { Database, Role } from '../db/schema.js';
import { generatePassword, hashPasswords } from './passwords.js';
import { saveUser, type UserInput } from './users.js';

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportPlan {
  rows: (UserInput & { line: number })[];
  problems: ImportProblem[];
}

const REQUIRED = ['nip', 'name', 'unit', 'position'] as const;
// A coordinator's unit is the row's `unit`: what they may read (auth-hooks.ts).
const ROLES: Role[] = ['learner', 'admin', 'coordinator'];

export function planUserImport(csv: string): ImportPlan {
  const problems: ImportProblem[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      delimiter: [',', ';'],
    });
  } catch (error) {
    return { rows: [], problems: [{ line: (error as { lines?: number }).lines ?? 1, message: (error as Error).message }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0)
    return {
      rows: [],
      problems: [
        { line: 1, message: `missing column(s): ${missing.join(', ')} (need nip,name,unit,position and optionally role,password)` },
      ],
    };

  const rows: ImportPlan['rows'] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    // The parser trims only unquoted cells: a quoted " " must not pass as a name.
    for (const field of ['name', 'unit', 'position'] as const) if (record[field] !== undefined) record[field] = record[field].trim();
    const nip = (record.nip ?? '').replace(/\s/g, '');
    const role = (record.role || 'learner').toLowerCase() as Role;
    const rowProblems: string[] = [];
    if (!NIP_PATTERN.test(nip)) rowProblems.push(`NIP "${record.nip}" must be 18 digits`);
    if (!record.name) rowProblems.push('name is empty');
    if (!record.unit) rowProblems.push('unit is empty');
    for (const field of ['name', 'unit', 'position'] as const)
      if ((record[field] ?? '').length > USER_FIELD_MAX) rowProblems.push(`${field} is longer than ${USER_FIELD_MAX} characters`);
    if (!ROLES.includes(role)) rowProblems.push(`role "${record.role}" must be learner, admin or coordinator`);
    if (record.password && record.password.length < 8) rowProblems.push('password must have at least 8 characters');
    const earlier = seen.get(nip);
    if (earlier) rowProblems.push(`NIP ${nip} already appears on line ${earlier}`);
    seen.set(nip, line);
    for (const message of rowProblems) problems.push({ line, message });
    if (rowProblems.length === 0)
      rows.push({
        line,
        nip,
        name: record.name!,
        unit: record.unit!,
        position: record.position ?? '',
        role,
        ...(record.password ? { password: record.password } : {}),
      });
  }
  if (records.length === 0) problems.push({ line: 1, message: 'the file has no rows' });
  return { rows, problems };
}

export interface ImportResult {
  created: number;
  updated: number;
  /** Initial passwords generated for new accounts that had none. */
  passwords: { nip: string; name: string; password: string }[];
}

/** The NIPs of the plan that already have an account. */
export async function existingNips(db: Kysely<Database>, plan: ImportPlan): Promise<Set<string>> {
  const nips = plan.rows.map((r) => r.nip);
  if (nips.length === 0) return new Set();
  return new Set((await db.selectFrom('users').select('nip').where('nip', 'in', nips).execute()).map((u) => u.nip));
}

/**
 * Every hash first, on every core, then every row in one transaction: the accounts appear
 * all together or not at all, and the write is short. The admin route runs this to the end
 * even when the browser has given up waiting; passwords it could not hand out are recovered
 * by resetting those that never logged in.
 */
export async function applyUserImport(db: Kysely<Database>, plan: ImportPlan, now = Date.now()): Promise<ImportResult> {
  if (plan.problems.length > 0) throw new Error('the import has problems; fix them first');
  const existing = await existingNips(db, plan);
  const rows = plan.rows.map(({ line: _, password, ...row }) => {
    const generated = !password && !existing.has(row.nip) ? generatePassword() : undefined;
    return { row, password: password ?? generated, generated };
  });
  const hashes = await hashPasswords(rows.map((r) => r.password));
  const result: ImportResult = { created: 0, updated: 0, passwords: [] };
  await db.transaction().execute(async (trx) => {
    await lockAccounts(trx, { nips: rows.map((r) => r.row.nip) });
    for (const [i, { row, generated }] of rows.entries())
      result[await saveUser(trx, row, hashes[i], { oneTimePassword: !!generated, now })]++;
  });
  for (const { row, generated } of rows) if (generated) result.passwords.push({ nip: row.nip, name: row.name, password: generated });
  return result;
}
