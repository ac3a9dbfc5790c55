// sinau backup and sinau restore as an operator runs them: the built command against a
// real server process that learners keep syncing with.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as initial from '../../src/server/db/migrations/2026-11-28-0001-initial.js';
import { sinau } from '../helpers/cli.js';
import { createTestDatabase, dialects } from '../helpers/databases.js';
import { syncBody } from '../helpers/events.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { backupFixture, type Learner, pullAll, syncOnce, syncWhile } from '../helpers/syncing-learners.js';

const LEARNERS = 6;
const withPostgres = (await dialects()).includes('postgres');

/** Every file in `dir` with a hash of its bytes: what "untouched" means. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(join(dir, name)))
          .digest('hex'),
      ]),
  );
}

async function stop(server: ServerProcess | undefined): Promise<void> {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('sinau backup and sinau restore on SQLite', () => {
  const work = mkdtempSync(join(tmpdir(), 'sinau-backup-'));
  const backup = join(work, 'sinau-backup.db');
  let live: ServerProcess;
  let learners: Learner[];
  /** Events the server had acknowledged when sinau backup started, by learner. */
  let acknowledged: Set<string>[];
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    learners = await backupFixture(database.url, LEARNERS);
    live = new ServerProcess(await freePort(), database.url);
    servers.push(live);
    await live.start();
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await stop(server);
    rmSync(work, { recursive: true, force: true });
  });

  it('copies the database while learners sync, and a server on its restore gives each learner every acknowledged event once', async () => {
    let syncing = true;
    const running = learners.map((learner) => syncWhile(live.url, learner, () => syncing));
    // Let the learners build up a history before the copy is taken in the middle of it.
    while (learners.reduce((n, l) => n + l.acked.size, 0) < 2000) await new Promise((r) => setTimeout(r, 50));
    acknowledged = learners.map((l) => new Set(l.acked));
    const ackedAtStart = acknowledged.reduce((n, s) => n + s.size, 0);
    const result = await sinau(['backup', backup], { DATABASE_URL: live.databaseUrl });
    const ackedDuring = learners.reduce((n, l) => n + l.acked.size, 0) - ackedAtStart;
    syncing = false;
    await Promise.all(running);
    expect(result.code, result.stderr).toBe(0);
    const reported = /Backed up .* to .*: ([\d.]+ [KM]iB), ([\d,]+) events, schema .*, integrity checked, in ([\d.]+) s\./.exec(
      result.stdout,
    );
    expect(reported, result.stdout).not.toBeNull();
    console.info(
      `  sinau backup: ${reported![1]}, ${reported![2]} events, ${reported![3]} s, ${ackedDuring} events acknowledged meanwhile`,
    );
    // The server kept storing while the copy was taken: the backup did not stop the writers.
    expect(ackedDuring).toBeGreaterThan(0);

    // The copy is one intact file and holds everything acknowledged before it began.
    expect(existsSync(`${backup}-wal`)).toBe(false);
    const copy = new SQLite(backup, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const owner = new Map(
        copy
          .prepare<[], { id: string; user_id: string }>('select id, user_id from events')
          .all()
          .map((r) => [r.id, r.user_id]),
      );
      expect(owner.size).toBe(Number(reported![2]!.replaceAll(',', '')));
      learners.forEach((learner, i) => {
        for (const id of acknowledged[i]!) expect(owner.get(id), id).toBe(learner.id);
      });
    } finally {
      copy.close();
    }

    const restoredUrl = `sqlite:${join(work, 'fresh', 'sinau.db')}`;
    const restored = await sinau(['restore', backup], { DATABASE_URL: restoredUrl });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .* to .*fresh\/sinau\.db: .* events, schema .*/);
    const server = new ServerProcess(await freePort(), restoredUrl);
    servers.push(server);
    await server.start();
    for (const [i, learner] of learners.entries()) {
      const pulled = await pullAll(server.url, learner);
      expect(pulled.length, 'no event pulled twice').toBe(new Set(pulled).size);
      const mine = new Set(pulled);
      for (const id of acknowledged[i]!) expect(mine.has(id), id).toBe(true);
      for (const id of pulled) expect(learner.sent.has(id), 'only their own events').toBe(true);
      // A cursor from before the restore may point past the restored sequence: the phone is sent back to the start.
      const stale = await fetch(`${server.url}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${learner.tokens.get(server.url)}` },
        body: JSON.stringify(syncBody([], learner.cursor, learner.deviceId)),
      });
      expect(stale.status).toBe(400);
      expect(((await stale.json()) as { error: string }).error).toBe('invalid-cursor');
    }
    await stop(server);
  }, 120_000);

  describe('refusals', () => {
    const dir = join(work, 'target');
    const targetUrl = `sqlite:${join(dir, 'sinau.db')}`;
    const restore = (file: string, ...flags: string[]) => sinau(['restore', file, ...flags], { DATABASE_URL: targetUrl });
    beforeAll(async () => {
      const made = await restore(backup);
      expect(made.code, made.stderr).toBe(0);
    });

    it('refuses a missing, damaged, foreign or newer file and leaves the database there as it was', async () => {
      const flipped = join(work, 'flipped.db');
      copyFileSync(backup, flipped);
      const bytes = readFileSync(flipped);
      // Whole pages in the middle of the file inverted: their b-tree headers no longer parse.
      const pages = bytes.length / 4096;
      for (let i = Math.floor(pages / 2) * 4096; i < (Math.floor(pages / 2) + 4) * 4096; i++) bytes[i] = bytes[i]! ^ 0xff;
      writeFileSync(flipped, bytes);
      const random = join(work, 'random.db');
      writeFileSync(random, randomBytes(64 * 1024));
      const foreign = join(work, 'foreign.db');
      const other = new SQLite(foreign);
      other.exec("create table notes (text text); insert into notes values ('not Sinau')");
      other.close();
      const newer = join(work, 'newer.db');
      copyFileSync(backup, newer);
      const future = new SQLite(newer);
      future
        .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
        .run('2099-01-01-0001-future', new Date().toISOString());
      future.close();

      const before = snapshot(dir);
      for (const [file, message] of [
        [join(work, 'nowhere.db'), /nowhere\.db does not exist; name a file made by sinau backup\./],
        [flipped, /flipped\.db is damaged \(integrity_check: .+\); use another backup/],
        [random, /random\.db is not a SQLite database; name a file made by sinau backup\./],
        [foreign, /foreign\.db is a SQLite database but not Sinau's \(it has no kysely_migration, users, courses, events table\)/],
        [
          newer,
          /newer\.db has schema 2099-01-01-0001-future, newer than this Sinau knows \(.+\); restore it with the Sinau version that made it/,
        ],
      ] as const) {
        const result = await restore(file, '--force');
        expect(result.code, file).toBe(1);
        expect(result.stderr.trim().split('\n'), file).toEqual([expect.stringMatching(message)]);
        expect(snapshot(dir), file).toEqual(before);
      }
    });

    it('refuses a database held by a running server, or open in another process, or there without --force; with --force replaces it', async () => {
      const before = snapshot(dir);
      const exists = await restore(backup);
      expect(exists.code).toBe(1);
      expect(exists.stderr).toMatch(/sinau\.db already holds a database; add --force to replace it/);
      expect(snapshot(dir)).toEqual(before);

      const server = new ServerProcess(await freePort(), targetUrl);
      servers.push(server);
      await server.start();
      const held = await restore(backup, '--force');
      expect(held.code).toBe(1);
      expect(held.stderr).toMatch(
        new RegExp(
          `sinau\\.db is held by a running server \\(pid ${server.child!.pid}\\); stop the server, run sinau restore again, then start it\\.`,
        ),
      );
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      // Something only this database has, to tell afterwards whether it was replaced.
      await syncOnce(server.url, { ...learners[0]!, cursor: null });
      await stop(server);
      expect(readdirSync(dir).filter((name) => name.includes('.server-'))).toEqual([]); // a stopped server lets go

      const shell = new SQLite(join(dir, 'sinau.db'));
      shell.prepare('select count(*) from events').get();
      const open = await restore(backup, '--force');
      shell.close();
      expect(open.code).toBe(1);
      expect(open.stderr).toMatch(/sinau\.db is open in another process \(a sinau command or server\); stop it/);

      // A server killed outright leaves its marker behind; a dead process holds nothing.
      const killed = new ServerProcess(await freePort(), targetUrl);
      servers.push(killed);
      await killed.start();
      const exited = new Promise((r) => killed.child!.once('exit', r));
      killed.kill('SIGKILL');
      await exited;
      expect(readdirSync(dir).filter((name) => name.includes('.server-'))).toHaveLength(1);
      const storedBefore = countEvents(join(dir, 'sinau.db'));
      const replaced = await restore(backup, '--force');
      expect(replaced.code, replaced.stderr).toBe(0);
      expect(replaced.stdout).toMatch(/replacing the database that was there/);
      expect(countEvents(join(dir, 'sinau.db'))).toBe(countEvents(backup));
      expect(countEvents(join(dir, 'sinau.db'))).toBeLessThan(storedBefore);
      expect(readdirSync(dir).sort()).toEqual(['sinau.db']);
    }, 60_000);

    it('makes sinau serve wait for a restore that is replacing its database', async () => {
      const marker = join(dir, 'sinau.db.restoring');
      writeFileSync(marker, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      try {
        const refused = await sinau(['serve'], { DATABASE_URL: targetUrl, PORT: '0', HOST: '127.0.0.1', SINAU_DEMO: '0' });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          /sinau\.db is being restored by sinau restore \(pid \d+\); start the server again once the restore has finished\./,
        );
        expect(readdirSync(dir).filter((name) => name.includes('.server-'))).toEqual([]);
      } finally {
        rmSync(marker);
      }
    });
  });

  it('lists both commands in --help and explains each with its own', async () => {
    expect((await sinau(['--help'])).stdout).toMatch(/sinau backup FILE \[--force\]\n {2}sinau restore FILE \[--force\]/);
    for (const command of ['backup', 'restore']) {
      const help = await sinau([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^sinau ${command} FILE \\[--force\\]\n {2}\\S`));
      const bare = await sinau([command]);
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain(`name the backup file: sinau ${command} FILE`);
    }
  });

  it('restores a backup of an older schema and brings it up to date', async () => {
    const old = join(work, 'old.db');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(old) }) });
    await new Migrator({ db, provider: { getMigrations: async () => ({ '2026-11-28-0001-initial': initial }) } }).migrateToLatest();
    await db.destroy();
    const target = join(work, 'upgraded', 'sinau.db');
    const result = await sinau(['restore', old], { DATABASE_URL: `sqlite:${target}` });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Brought its schema up to date: 2026-11-28-0002-secrets, .*\./);
    const names = (file: string) => {
      const sqlite = new SQLite(file, { readonly: true });
      try {
        return sqlite.prepare('select name from kysely_migration order by name').pluck().all();
      } finally {
        sqlite.close();
      }
    };
    expect(names(target)).toEqual(names(live.databaseUrl.slice('sqlite:'.length)));
  });

  it('will not overwrite a backup without --force, nor write into a folder that does not exist', async () => {
    const env = { DATABASE_URL: live.databaseUrl };
    const again = await sinau(['backup', backup], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/sinau-backup\.db exists; choose another name, or add --force to overwrite it\./);
    const forced = await sinau(['backup', backup, '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    const unmounted = await sinau(['backup', join(work, 'usb', 'sinau.db')], env);
    expect(unmounted.code).toBe(1);
    expect(unmounted.stderr).toMatch(/the folder .*usb does not exist; create it \(or mount the backup drive\) first\./);
    const none = await sinau(['backup', join(work, 'x.db')], { DATABASE_URL: `sqlite:${join(work, 'none', 'sinau.db')}` });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/there is no database at .*none\/sinau\.db; check DATABASE_URL\./);
    expect(readdirSync(work).filter((name) => name.includes('.partial-'))).toEqual([]);
  }, 60_000);
});

function countEvents(file: string): number {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare<[], number>('select count(*) from events').pluck().get()!;
  } finally {
    sqlite.close();
  }
}

describe('sinau backup and sinau restore on PostgreSQL', () => {
  const work = mkdtempSync(join(tmpdir(), 'sinau-pg-backup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('print the pg_dump and pg_restore commands with the password left out, and do nothing else', async () => {
    const env = { DATABASE_URL: 'postgres://sinau:rahasia-sekali@db.kabupaten.go.id:5432/sinau?sslmode=require' };
    const file = join(work, 'sinau.dump');
    const url = "'postgres://sinau@db.kabupaten.go.id:5432/sinau?sslmode=require'";
    const backup = await sinau(['backup', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`  pg_dump --format=custom --file=${file} --dbname=${url}\n`);
    expect(backup.stdout).toContain(`  pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${url} ${file}\n`);
    expect(backup.stdout).toContain('read it from PGPASSWORD or ~/.pgpass');
    const restore = await sinau(['restore', file], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`pg_restore --list ${file}`);
    expect(restore.stdout).toContain(`  pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${url} ${file}\n`);
    for (const output of [backup.stdout, restore.stdout]) expect(output).not.toContain('rahasia');
    expect(readdirSync(work)).toEqual([]);
  });

  it.skipIf(!withPostgres)('gives commands that really copy one database into another', async () => {
    const { execSync } = await import('node:child_process');
    const source = await createTestDatabase('postgres');
    const target = await createTestDatabase('postgres');
    try {
      await backupFixture(source.url, 1);
      const file = join(work, 'real.dump');
      const commands = (await sinau(['backup', file], { DATABASE_URL: source.url })).stdout;
      execSync(/ {2}(pg_dump .*)/.exec(commands)![1]!);
      const restoreLine = (await sinau(['restore', file], { DATABASE_URL: target.url })).stdout;
      execSync(/ {2}(pg_restore --clean .*)/.exec(restoreLine)![1]!);
      const migrate = await sinau(['migrate'], { DATABASE_URL: target.url });
      expect(migrate.stdout).toContain('up to date');
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      const { rows } = await client.query("select count(*)::int as n from users where role = 'learner'");
      await client.end();
      expect(rows[0].n).toBe(1);
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});
