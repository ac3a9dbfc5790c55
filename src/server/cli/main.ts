#!/usr/bin/env node
// `sinau <command>`: the operator's command line (README.md, "Running a deployment").
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { groupNip, NIP_PATTERN } from '../../domain/nip.js';
import { USER_FIELD_MAX } from '../../domain/staff.js';
import { type Config, loadConfig } from '../config.js';
import { openStore, type Store } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Role } from '../db/schema.js';
import { serve } from '../server.js';
import { backupSqlite, formatBytes, holdForServing, postgresCommands, restoreSqlite, sqlitePath } from '../services/backup/index.js';
import { toCsv } from '../services/csv.js';
import { type EnrolTarget, enrol } from '../services/enrolments.js';
import { generatePassword } from '../services/passwords.js';
import { applyUserImport, planUserImport } from '../services/user-import.js';
import { findUserByNip, upsertUser } from '../services/users.js';

class UsageError extends Error {}

interface Command {
  usage: string;
  options?: ParseArgsConfig['options'];
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<void>;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

async function withStore<T>(fn: (store: Store) => Promise<T>, config: Config = loadConfig()): Promise<T> {
  const store = openStore(config.databaseUrl, { poolSize: config.databasePoolSize });
  try {
    await migrateToLatest(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

const commands: Record<string, Command> = {
  serve: {
    usage:
      'sinau serve [--port N]\n  Serve the API and the built app. Migrates the database first.\n  Env: PORT (8080), DATABASE_URL (sqlite:./data/sinau.db), SINAU_DEMO=1 seeds demo data.',
    options: { port: { type: 'string' } },
    async run({ values }) {
      const config = loadConfig(values.port ? { ...process.env, PORT: str(values.port) } : process.env);
      // Marks the database as served until this process ends, however it ends, so sinau
      // restore will not replace it underneath (services/backup/hold.ts).
      const database = sqlitePath(config.databaseUrl);
      if (database) process.once('exit', holdForServing(database));
      if (config.demo) {
        const { seedDemo } = await import('./demo.js');
        await withStore((store) => seedDemo(store.db, config.coursesDir, out), config);
      }
      await serve(config, (url) => void out(`Sinau is serving at ${url} (database: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//…@')})`));
    },
  },
  migrate: {
    usage: 'sinau migrate\n  Bring the database schema up to date.',
    async run() {
      const applied = await withStore((store) => migrateToLatest(store.db));
      out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database schema is up to date.');
    },
  },
  'course import': {
    usage: 'sinau course import DIR\n  Validate and publish the course package in DIR (a folder with course.yaml).',
    async run({ positionals }) {
      const [dir] = positionals;
      if (!dir) throw new UsageError('name the course folder: sinau course import DIR');
      const { importCourseDir } = await import('./course-import.js'); // markdown and HTML tooling: loaded only here
      const result = await withStore((store) => importCourseDir(store.db, resolve(dir)));
      if (!result.ok) {
        process.stderr.write(`${dir}: ${result.problems.length} problem(s), nothing was published:\n`);
        for (const p of result.problems) process.stderr.write(`  ${p}\n`);
        process.exitCode = 1;
        return;
      }
      out(
        result.outcome === 'published'
          ? `Published ${result.id} version ${result.version} (${(result.downloadBytes / 1024).toFixed(0)} KiB to download).`
          : `${result.id} version ${result.version} is already published with identical content; nothing changed.`,
      );
    },
  },
  'quiz convert': {
    usage:
      'sinau quiz convert --from gift|aiken FILE [--id ID] [--feedback immediate|after-sync] [--strict]\n  Write a question bank made for Moodle as a quiz YAML to stdout, and each question it cannot\n  convert to stderr as FILE:LINE: message. Exit 1 when no question converted, or with --strict\n  when anything was left out. Default id: the file name; default feedback: after-sync.',
    options: { from: { type: 'string' }, id: { type: 'string' }, feedback: { type: 'string' }, strict: { type: 'boolean' } },
    async run({ values, positionals }) {
      const [file] = positionals;
      const from = str(values.from);
      const feedback = str(values.feedback) ?? 'after-sync';
      if (from !== 'gift' && from !== 'aiken') throw new UsageError(`--from must be gift or aiken, not "${from ?? ''}"`);
      if (!file) throw new UsageError('name the bank: sinau quiz convert --from gift FILE');
      if (feedback !== 'after-sync' && feedback !== 'immediate')
        throw new UsageError(`--feedback must be after-sync or immediate, not "${feedback}"`);
      const { convertBank, isQuizId, slug } = await import('../../domain/quiz-banks/index.js');
      const name = basename(file).replace(/(\.aiken)?\.[^.]*$/, '');
      const id = str(values.id) ?? (slug(name) || 'bank-soal');
      if (!isQuizId(id)) throw new UsageError(`--id must be lowercase letters, digits and dashes (at most 64), not "${id}"`);
      const { quiz, problems } = convertBank(from, await readFile(file, 'utf8'), { id, title: name, feedback });
      for (const p of problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
      if (!quiz) {
        process.stderr.write(`${file}: no question could be converted.\n`);
        process.exitCode = 1;
        return;
      }
      const { stringify } = await import('yaml');
      process.stdout.write(stringify(quiz, { lineWidth: 0 }));
      if (values.strict && problems.length > 0) process.exitCode = 1;
    },
  },
  'users import': {
    usage:
      'sinau users import FILE.csv [--passwords-out FILE]\n  Create or update accounts from CSV columns nip,name,unit,position[,role,password].\n  Initial passwords of new accounts without one go to a file only you can read\n  (default: next to FILE.csv), never to the screen.',
    options: { 'passwords-out': { type: 'string' } },
    async run({ values, positionals }) {
      const [file] = positionals;
      if (!file) throw new UsageError('name the CSV file: sinau users import FILE.csv');
      const plan = planUserImport(await readFile(file, 'utf8'));
      if (plan.problems.length > 0) {
        process.stderr.write(`${file}: ${plan.problems.length} problem(s), nothing was imported:\n`);
        for (const p of plan.problems) process.stderr.write(`  line ${p.line}: ${p.message}\n`);
        process.exitCode = 1;
        return;
      }
      const result = await withStore((store) => applyUserImport(store.db, plan));
      out(`Created ${result.created}, updated ${result.updated} account(s).`);
      if (result.passwords.length > 0) {
        const target =
          str(values['passwords-out']) ??
          join(dirname(file), `${basename(file, '.csv')}.passwords-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`);
        const csv = toCsv(
          ['nip', 'name', 'password'],
          result.passwords.map((p) => [groupNip(p.nip), p.name, p.password]),
        );
        await writeFile(target, csv, { mode: 0o600, flag: 'wx' });
        out(`Initial passwords of ${result.passwords.length} new account(s) are in ${target} (readable only by you).`);
      }
    },
  },
  'user add': {
    usage:
      'sinau user add --nip N --name S --unit S [--position S] [--role learner|admin|coordinator] [--password P]\n  Create or update one account. A coordinator reads the report, learners and JP of --unit only.',
    options: {
      nip: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      position: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
    },
    async run({ values }) {
      const nip = str(values.nip) ?? '';
      const name = str(values.name);
      const unit = str(values.unit);
      const position = str(values.position) ?? '';
      const role = (str(values.role) ?? 'learner') as Role;
      if (!NIP_PATTERN.test(nip)) throw new UsageError(`--nip must be 18 digits, not "${nip}"`);
      if (!name || !unit) throw new UsageError('--name and --unit are required');
      for (const [option, value] of Object.entries({ name, unit, position }))
        if (value.length > USER_FIELD_MAX)
          throw new UsageError(`--${option} may have at most ${USER_FIELD_MAX} characters, not ${value.length}`);
      if (role !== 'learner' && role !== 'admin' && role !== 'coordinator')
        throw new UsageError(`--role must be learner, admin or coordinator, not "${role}"`);
      const given = str(values.password);
      if (given !== undefined && given.length < 8) throw new UsageError('--password must have at least 8 characters');
      const { outcome, password } = await withStore(async (store) => {
        // An existing account keeps its password unless one is given.
        const exists = !!(await findUserByNip(store.db, nip));
        const password = given ?? (exists ? undefined : generatePassword());
        const user = { nip, name, unit, role, position, ...(password ? { password } : {}) };
        // A password Sinau made is good for one login; one the operator chose is theirs to keep.
        return { outcome: await upsertUser(store.db, user, { oneTimePassword: !given && password !== undefined }), password };
      });
      out(`${outcome === 'created' ? 'Created' : 'Updated'} ${role} ${nip} (${name}, ${unit}).`);
      if (outcome === 'created' && !given) out(`Initial password: ${password}`);
    },
  },
  enrol: {
    usage:
      'sinau enrol --course ID (--all | --unit S | --nip N [--nip N …])\n  Enrol learners in a published course. A unit or NIP that matches no active account\n  is named, and the exit code is 1.',
    options: { course: { type: 'string' }, all: { type: 'boolean' }, unit: { type: 'string' }, nip: { type: 'string', multiple: true } },
    async run({ values }) {
      const course = str(values.course);
      if (!course) throw new UsageError('--course is required');
      const nips = (values.nip as unknown as string[] | undefined) ?? [];
      const chosen = [values.all ? 1 : 0, values.unit ? 1 : 0, nips.length ? 1 : 0].reduce((a, b) => a + b, 0);
      if (chosen !== 1) throw new UsageError('choose exactly one of --all, --unit or --nip');
      const bad = nips.find((nip) => !NIP_PATTERN.test(nip));
      if (bad !== undefined) throw new UsageError(`--nip must be 18 digits, not "${bad}"`);
      const target: EnrolTarget = values.all ? { all: true } : values.unit ? { unit: String(values.unit) } : { nips };
      const { enrolled, unmatched } = await withStore((store) => enrol(store.db, course, target));
      out(`Enrolled ${enrolled} learner(s) in ${course}.`);
      // Otherwise a mistyped unit or NIP reads like "already enrolled".
      if (unmatched.unit !== undefined) process.stderr.write(`No active account is in unit "${unmatched.unit}".\n`);
      if (unmatched.nips.length > 0)
        process.stderr.write(`No active account has NIP ${unmatched.nips.join(', ')} (unknown or disabled).\n`);
      if (unmatched.unit !== undefined || unmatched.nips.length > 0) process.exitCode = 1;
    },
  },
  backup: {
    usage:
      'sinau backup FILE [--force]\n  Copy the SQLite database at DATABASE_URL to FILE while the server keeps running, and check\n  the copy. An existing FILE is overwritten only with --force. On PostgreSQL, print the\n  pg_dump and pg_restore commands to use instead.',
    options: { force: { type: 'boolean' } },
    async run({ values, positionals }) {
      const [file] = positionals;
      if (!file) throw new UsageError('name the backup file: sinau backup FILE');
      const { databaseUrl } = loadConfig();
      const source = sqlitePath(databaseUrl);
      if (source === undefined) {
        const { dump, restore, hadPassword } = postgresCommands(databaseUrl, file);
        out('DATABASE_URL is a PostgreSQL database: back it up with pg_dump, which copies it while servers run.\n');
        out(`  ${dump}\n`);
        out('Restore that file with pg_restore, once every server is stopped; sinau migrate then brings an older schema up to date.\n');
        out(`  ${restore}\n`);
        if (hadPassword) out('The password is left out: pg_dump and pg_restore read it from PGPASSWORD or ~/.pgpass.');
        return;
      }
      const done = await backupSqlite(source, file, { force: !!values.force });
      out(
        `Backed up ${source} to ${file}: ${formatBytes(done.bytes)}, ${done.events.toLocaleString('en')} events, ` +
          `schema ${done.applied.at(-1)}, integrity checked, in ${(done.ms / 1000).toFixed(1)} s.`,
      );
    },
  },
  restore: {
    usage:
      'sinau restore FILE [--force]\n  Check FILE (intact, a Sinau database, a schema this version knows), bring its schema up\n  to date and put it at DATABASE_URL. A database already there is replaced only with\n  --force, and never while a server holds it. On PostgreSQL, print the pg_restore command.',
    options: { force: { type: 'boolean' } },
    async run({ values, positionals }) {
      const [file] = positionals;
      if (!file) throw new UsageError('name the backup file: sinau restore FILE');
      const { databaseUrl } = loadConfig();
      const target = sqlitePath(databaseUrl);
      if (target === undefined) {
        const { restore, list, hadPassword } = postgresCommands(databaseUrl, file);
        out('DATABASE_URL is a PostgreSQL database: restore a pg_dump file with pg_restore, once every server is stopped.');
        out(`Check the file first with: ${list}\n`);
        out(`  ${restore}\n`);
        out('Then sinau migrate brings an older schema up to date.');
        if (hadPassword) out('The password is left out: pg_restore reads it from PGPASSWORD or ~/.pgpass.');
        return;
      }
      const done = await restoreSqlite(file, target, { force: !!values.force });
      out(
        `Restored ${file} to ${target}${done.replaced ? ', replacing the database that was there' : ''}: ${formatBytes(done.bytes)}, ` +
          `${done.events.toLocaleString('en')} events, schema ${done.applied.at(-1)}, in ${(done.ms / 1000).toFixed(1)} s.`,
      );
      if (done.migrated.length > 0) out(`Brought its schema up to date: ${done.migrated.join(', ')}.`);
    },
  },
};

function help(): string {
  return `Sinau: offline-first learning for civil servants.\n\nUsage: sinau <command> [options]   (sinau <command> --help for more)\n\n${Object.values(
    commands,
  )
    .map((c) => `  ${c.usage.split('\n')[0]}`)
    .join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const two = `${argv[0]} ${argv[1]}`;
  const name = commands[two] ? two : (argv[0] ?? '');
  const command = commands[name];
  if (!command) {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      out(help());
      return name ? 0 : 2;
    }
    process.stderr.write(`Unknown command "${argv.slice(0, 2).join(' ')}".\n\n${help()}`);
    return 2;
  }
  const rest = argv.slice(name.split(' ').length);
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      out(command.usage);
      return 0;
    }
    await command.run(parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`sinau ${name}: ${(error as Error).message}\n${usage ? `\nUsage: ${command.usage}\n` : ''}`);
    return usage ? 2 : 1;
  }
}

const code = await main(process.argv.slice(2));
// serve keeps running; every other command ends here.
if (!(process.argv[2] === 'serve' && code === 0)) process.exit(code);
