import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/database.js';
import { sinau } from '../helpers/cli.js';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases.js';
import { SAMPLE_COURSE } from '../helpers/server.js';

describe.each(await dialects())('the sinau command on %s', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let store: Store;
  let work: string;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    env = { DATABASE_URL: database.url };
    store = openStore(database.url);
    work = await mkdtemp(join(tmpdir(), 'sinau-cli-'));
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('prints help for every command and exits 0', async () => {
    for (const command of [
      ['serve'],
      ['migrate'],
      ['course', 'import'],
      ['quiz', 'convert'],
      ['users', 'import'],
      ['user', 'add'],
      ['enrol'],
    ]) {
      const result = await sinau([...command, '--help'], env);
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toContain(`sinau ${command.join(' ')}`);
    }
  });

  it('exits 2 with the usage on unknown commands and bad arguments', async () => {
    const unknown = await sinau(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    const badOption = await sinau(['enrol', '--course', 'x', '--everyone'], env);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/--everyone/);
    const badNip = await sinau(['user', 'add', '--nip', '123', '--name', 'A', '--unit', 'B'], env);
    expect(badNip.code).toBe(2);
    expect(badNip.stderr).toContain('--nip must be 18 digits');
  });

  it('converts a question bank to quiz YAML, each problem on stderr as FILE:LINE, and exits 1 only when told to or when nothing converted', async () => {
    const { QuizSource } = await import('../../src/domain/course.js');
    const { parse: parseYaml } = await import('yaml');
    const bank = join(import.meta.dirname, '../fixtures/quiz-banks/orientasi-asn.gift');
    const ok = await sinau(['quiz', 'convert', '--from', 'gift', bank, '--feedback', 'immediate'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const quiz = QuizSource.parse(parseYaml(ok.stdout));
    expect(quiz).toMatchObject({ id: 'orientasi-asn', feedback: 'immediate' });
    expect(quiz.questions).toHaveLength(5);
    expect(ok.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/orientasi-asn\.gift:22: question "M1 Singkatan" accepts/),
      expect.stringMatching(/orientasi-asn\.gift:24: question "M1 Esai" is an essay/),
      expect.stringMatching(/orientasi-asn\.gift:26: question "M1 Tahun" is a numerical question/),
      expect.stringMatching(/orientasi-asn\.gift:35: question "M1 Pasangan" is a matching question/),
      expect.stringMatching(/orientasi-asn\.gift:40: .* is a missing-word question/),
    ]);
    const strict = await sinau(['quiz', 'convert', '--from', 'gift', bank, '--strict', '--id', 'post-test'], env);
    expect(strict.code).toBe(1);
    expect(parseYaml(strict.stdout)).toMatchObject({ id: 'post-test' });
    const aiken = join(work, 'bank.txt');
    await writeFile(aiken, '\uFEFFSiapa?\r\nA) Saya\r\nB. Anda\r\nANSWER: B\r\n');
    const fromAiken = await sinau(['quiz', 'convert', '--from', 'aiken', aiken, '--strict'], env);
    expect(fromAiken.code, fromAiken.stderr).toBe(0);
    expect(parseYaml(fromAiken.stdout).questions).toEqual([
      {
        id: 'q1',
        type: 'single',
        prompt: 'Siapa?',
        options: [
          { id: 'a', text: 'Saya' },
          { id: 'b', text: 'Anda', correct: true },
        ],
      },
    ]);
    const essays = join(work, 'esai.gift');
    await writeFile(essays, '::Esai::Jelaskan. {}\n');
    const none = await sinau(['quiz', 'convert', '--from', 'gift', essays], env);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/esai\.gift:1: question "Esai" is an essay/);
    for (const args of [
      ['--from', 'xml', bank],
      ['--from', 'gift'],
      ['--from', 'gift', bank, '--id', 'Bukan Id'],
      ['--from', 'gift', bank, '--feedback', 'nanti'],
    ])
      expect((await sinau(['quiz', 'convert', ...args], env)).code, args.join(' ')).toBe(2);
  });

  it('migrates, then reports the schema up to date', async () => {
    expect((await sinau(['migrate'], env)).code).toBe(0);
    const again = await sinau(['migrate'], env);
    expect(again.stdout).toContain('up to date');
  });

  it('imports the sample course, and lists every problem of a broken one with a non-zero exit', async () => {
    const ok = await sinau(['course', 'import', SAMPLE_COURSE], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Published orientasi-pppk version 1/);
    const broken = join(work, 'rusak');
    await import('node:fs/promises').then((fs) => fs.mkdir(broken));
    await writeFile(join(broken, 'course.yaml'), 'id: rusak\nversion: satu\ntitle: ""\n');
    const bad = await sinau(['course', 'import', broken], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/course\.yaml:2: version/);
    expect(bad.stderr).toMatch(/course\.yaml:3: title/);
    expect(bad.stderr).toMatch(/summary/);
    const missing = await sinau(['course', 'import', join(work, 'tidak-ada')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/course\.yaml: file not found/);
  });

  it('refuses a course with a symbolic link, naming the file and line, and publishes nothing', async () => {
    const dir = join(work, 'tautan');
    await cp(SAMPLE_COURSE, dir, { recursive: true });
    const yaml = join(dir, 'course.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/^id: .*$/m, 'id: orientasi-tautan'));
    const secret = '<svg xmlns="http://www.w3.org/2000/svg"><title>berkas server</title></svg>';
    await writeFile(join(work, 'server.svg'), secret);
    await rm(join(dir, 'images/berakhlak.svg'));
    await symlink(join(work, 'server.svg'), join(dir, 'images/berakhlak.svg'));

    const result = await sinau(['course', 'import', dir], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing was published/);
    expect(result.stderr).toMatch(/lessons\/m2-l1\.md:\d+: image "\.\.\/images\/berakhlak\.svg" is a symbolic link/);
    const versions = await store.db.selectFrom('course_versions').select('version').where('course_id', '=', 'orientasi-tautan').execute();
    expect(versions).toEqual([]);
    const hash = createHash('sha256').update(secret).digest('hex');
    expect(await store.db.selectFrom('assets').select('sha256').where('sha256', '=', hash).execute()).toEqual([]);
  });

  it('imports users from CSV, writing initial passwords only to a private file', async () => {
    const csv = join(work, 'pegawai.csv');
    await writeFile(
      csv,
      'nip,name,unit,position,role,password\n199203152025212001,Sari Wulandari,Dinas Pendidikan,Asisten Guru,,\n199507202025211002,Agus,Dinas Pendidikan,TAS,,sandi-agus-1\n198001012006041001,Budi,BKPSDM,Analis,admin,\n',
    );
    const result = await sinau(['users', 'import', csv], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created 3, updated 0 account(s).');
    const file = (await readdir(work)).find((f) => f.startsWith('pegawai.passwords-'));
    expect(file).toBeDefined();
    const path = join(work, file!);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(path, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(3); // header + Sari + Budi; Agus brought his own
    const sariPassword = lines.find((l) => l.startsWith('19920315 202521 2 001'))!.split(',')[2]!;
    expect(sariPassword).toMatch(/^\w{12}$/);
    expect(result.stdout + result.stderr).not.toContain(sariPassword);

    const again = await sinau(['users', 'import', csv, '--passwords-out', join(work, 'again.csv')], env);
    expect(again.stdout).toContain('Created 0, updated 3 account(s).');

    await writeFile(csv, 'nip,name,unit,position\n123,X,Y,Z\n199203152025212001,,Dinas,Guru\n');
    const bad = await sinau(['users', 'import', csv], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 2: NIP "123" must be 18 digits');
    expect(bad.stderr).toContain('line 3: name is empty');
    const sari = await store.db.selectFrom('users').select('name').where('nip', '=', '199203152025212001').executeTakeFirst();
    expect(sari?.name).toBe('Sari Wulandari'); // nothing stored before is lost
  });

  it('adds one user and enrols by unit, by NIP and everyone', async () => {
    const add = await sinau(['user', 'add', '--nip', '199811052025212003', '--name', 'Dewi', '--unit', 'Kecamatan Sukamaju'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Initial password: \w{12}/);
    // A password the command made up is good for one login; one the operator gave is kept.
    const made = await store.db
      .selectFrom('users')
      .select('must_change_password')
      .where('nip', '=', '199811052025212003')
      .executeTakeFirstOrThrow();
    expect(Boolean(made.must_change_password)).toBe(true);
    const given = await sinau(
      [
        'user',
        'add',
        '--nip',
        '199811052025212009',
        '--name',
        'Eko',
        '--unit',
        'BKPSDM',
        '--role',
        'admin',
        '--password',
        'pilihan-sendiri',
      ],
      env,
    );
    expect(given.code, given.stderr).toBe(0);
    const chosen = await store.db
      .selectFrom('users')
      .select('must_change_password')
      .where('nip', '=', '199811052025212009')
      .executeTakeFirstOrThrow();
    expect(Boolean(chosen.must_change_password)).toBe(false);
    const byUnit = await sinau(['enrol', '--course', 'orientasi-pppk', '--unit', 'Dinas Pendidikan'], env);
    expect(byUnit.stdout).toContain('Enrolled 2 learner(s)');
    const byNip = await sinau(['enrol', '--course', 'orientasi-pppk', '--nip', '199811052025212003'], env);
    expect(byNip.stdout).toContain('Enrolled 1 learner(s)');
    const all = await sinau(['enrol', '--course', 'orientasi-pppk', '--all'], env);
    expect(all.stdout).toContain('Enrolled 0 learner(s)'); // the admin is not a learner; the rest are in
    const unknown = await sinau(['enrol', '--course', 'tidak-ada', '--all'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no course "tidak-ada"/);
    const typo = await sinau(['enrol', '--course', 'orientasi-pppk', '--unit', 'Dinas Pendidkan'], env);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('Enrolled 0 learner(s)');
    expect(typo.stderr).toContain('No active account is in unit "Dinas Pendidkan".');
    const stranger = await sinau(
      ['enrol', '--course', 'orientasi-pppk', '--nip', '199811052025212003', '--nip', '199001019999999999'],
      env,
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('No active account has NIP 199001019999999999 (unknown or disabled).');
    expect(stranger.stderr).not.toContain('199811052025212003');
    const short = await sinau(['enrol', '--course', 'orientasi-pppk', '--nip', '12345'], env);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--nip must be 18 digits, not "12345"');
    const count = await store.db
      .selectFrom('enrolments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('writes the passwords file by the one CSV rule: formulas as text, NIPs in printed groups', async () => {
    const csv = join(work, 'rumus.csv');
    await writeFile(
      csv,
      'nip,name,unit,position\n199203152025218801,"=HYPERLINK(""http://contoh.test"",""klik"")",Dinas Rumus,Staf\n199203152025218802,-1+1,Dinas Rumus,Staf\n',
    );
    const out = join(work, 'rumus-sandi.csv');
    const result = await sinau(['users', 'import', csv, '--passwords-out', out], env);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.startsWith('\uFEFFnip,name,password\r\n')).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.nip, r.name])).toEqual([
      ['19920315 202521 8 801', `'=HYPERLINK("http://contoh.test","klik")`],
      ['19920315 202521 8 802', "'-1+1"],
    ]);
    expect(rows[0]!.password).toMatch(/^\w{12}$/);
  });

  it('refuses a name, unit or position longer than 200 characters', async () => {
    const nip = '199203152025218803';
    for (const [option, value] of [
      ['--name', 'N'.repeat(201)],
      ['--unit', 'U'.repeat(201)],
      ['--position', 'P'.repeat(201)],
    ] as const) {
      const args = { '--name': 'Dewi', '--unit': 'Dinas', '--position': 'Staf', [option]: value };
      const result = await sinau(['user', 'add', '--nip', nip, ...Object.entries(args).flat()], env);
      expect(result.code, option).toBe(2);
      expect(result.stderr).toContain(`${option} may have at most 200 characters, not 201`);
    }
    expect(await store.db.selectFrom('users').select('nip').where('nip', '=', nip).executeTakeFirst()).toBeUndefined();
    const longest = await sinau(['user', 'add', '--nip', nip, '--name', 'N'.repeat(200), '--unit', 'Dinas'], env);
    expect(longest.code, longest.stderr).toBe(0);
  });
});
