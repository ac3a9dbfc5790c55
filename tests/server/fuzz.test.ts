// Arbitrary JSON and text thrown at sync, login and the staff import of the real server,
// over real HTTP on both databases: never a 5xx, a refused request stores nothing, a good
// event is stored once, and only the real password logs in. fast-check prints the seed and
// the smallest failing input; rerun with it to reproduce.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellFormedText } from '../../src/domain/text.js';
import { junk, nested, rawBody, text, toJson, wellFormed } from '../helpers/arbitraries.js';
import { dialects } from '../helpers/databases.js';
import { COURSE, lessonCompleted, syncBody } from '../helpers/events.js';
import { addUser, enrol, login, nextNip, publishSample, type Reply, startServer, type TestServer } from '../helpers/server.js';

/** A 5xx is the one answer nothing may get; the rest must be the error shape of docs/sync.md. */
const expectNoServerError = (reply: Reply, allowed: number[]) => {
  expect(reply.status, reply.text.slice(0, 500)).toBeLessThan(500);
  expect(allowed, reply.text.slice(0, 500)).toContain(reply.status);
  if (reply.status !== 200) expect(reply.body).toEqual({ error: expect.any(String), message: expect.any(String) });
};
/** JSON.parse refuses these keys before any route sees them (Fastify's proto-poisoning guard). */
const poisoned = (body: string) => body.includes('"__proto__"') || body.includes('"constructor"');

// ---- sync: events that are valid, and what is done to them ---------------------------

const LESSONS = ['m1-l1', 'm1-l3', 'm2-l4', 'm3-l2', 'm5-l3'];
const PRACTICE = 'latihan-berakhlak'; // unlimited attempts, so every valid attempt is accepted
const lessonId = fc.constantFrom(...LESSONS);
const ref = fc.oneof(
  fc.constantFrom('q1', 'q2', 'q3', 'q8', 's1', 's6'),
  wellFormed(64).filter((s) => s.length > 0),
);
const answer = fc.oneof(wellFormed(500), fc.array(wellFormed(64), { maxLength: 5 }), fc.boolean());
const validData = fc.oneof(
  fc.record({ type: fc.constant('lesson.opened'), data: fc.record({ lessonId }) }),
  fc.record({ type: fc.constant('lesson.completed'), data: fc.record({ lessonId }) }),
  fc.record({
    type: fc.constant('lesson.position'),
    data: fc.record({ lessonId, position: fc.double({ min: 0, max: 1, noNaN: true }) }),
  }),
  fc.record({ type: fc.constant('study.time'), data: fc.record({ lessonId, seconds: fc.integer({ min: 1, max: 3600 }) }) }),
  fc.record({
    type: fc.constant('quiz.submitted'),
    data: fc.record({ quizId: fc.constant(PRACTICE), responses: fc.dictionary(ref, answer, { maxKeys: 6 }) }),
  }),
  fc.record({
    type: fc.constant('survey.submitted'),
    data: fc.record({
      surveyId: fc.constant('reaction'),
      answers: fc.dictionary(ref, fc.oneof(fc.integer({ min: 1, max: 5 }), wellFormed(300), fc.constant('x'.repeat(4000))), { maxKeys: 6 }),
    }),
  }),
);
type ValidData = typeof validData extends fc.Arbitrary<infer T> ? T : never;
const PATHS = ['id', 'type', 'courseId', 'courseVersion', 'at', 'data', 'data.lessonId', 'data.position', 'data.seconds', 'data.quizId'];
const mutation = fc.record({
  path: fc.oneof(fc.constantFrom(...PATHS, 'data.attemptId', 'data.startedAt', 'data.responses', 'data.answers'), text(8)),
  op: fc.constantFrom('set', 'set', 'delete', 'append', 'extra', 'upper'),
  value: fc.oneof(
    junk,
    fc.constantFrom('9999-12-31T23:59:59.999Z', '2019-12-31T23:59:59.999Z', '+275760-09-13T00:00:00.000Z', '2026-02-30T10:00:00Z'),
  ),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
const recipe = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('valid' as const), base: validData, ago: fc.integer({ min: 0, max: 30 * 86_400 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('mutant' as const),
      base: validData,
      ago: fc.integer({ min: 0, max: 86_400 }),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    }),
  },
  // The same event again, its id in upper case or not: still one event.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('again' as const), of: fc.nat(), upper: fc.boolean() }) },
  // An id another learner has stored already.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), value: junk }) },
);
type Recipe = typeof recipe extends fc.Arbitrary<infer T> ? T : never;
/** `ok: true` marks a part of the request the server must take; the rest may be refused. */
const part = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>, goodWeight = 8) =>
  fc.oneof(
    { weight: goodWeight, arbitrary: good.map((value) => ({ ok: true as const, value })) },
    { weight: 1, arbitrary: odd.map((value) => ({ ok: false as const, value })) },
  );
const YEAR = 365 * 86_400_000;
const envelope = fc.record({
  token: part(fc.constant('learner'), fc.constantFrom('none', 'garbage'), 12),
  protocol: part(fc.constant(1), junk),
  deviceId: part(fc.constant('phone-1'), fc.oneof(text(120), junk)),
  cursor: part(fc.constantFrom('null', 'mine'), fc.oneof(fc.constantFrom('foreign', 'tampered'), text(200), junk)),
  // The device clock's offset from the server's: near, hours off, years off.
  clock: part(
    fc.option(fc.oneof(fc.integer({ min: -110_000, max: 110_000 }), fc.integer({ min: -30 * YEAR, max: 30 * YEAR }))),
    fc.oneof(text(40), junk, fc.constantFrom('2026-11-29', '2026-11-29T10:00:00+07:00', 'now', '9999-99-99T99:99:99Z')),
  ),
  extra: part(fc.constant({}), fc.dictionary(text(8), junk, { maxKeys: 2 }), 6),
  events: fc.array(recipe, { maxLength: 12 }),
});

const eventOf = ({ type, data }: ValidData, at: string): Record<string, unknown> => ({
  ...lessonCompleted(),
  type,
  at,
  // A copy: fast-check hands the same value again while it shrinks, and mutants change theirs.
  data: type === 'quiz.submitted' ? { ...structuredClone(data), attemptId: randomUUID(), startedAt: at } : structuredClone(data),
});

function mutate(event: Record<string, unknown>, { path, op, value }: Mutation): void {
  const keys = path.split('.');
  let target = event;
  for (const key of keys.slice(0, -1)) {
    if (!target[key] || typeof target[key] !== 'object') return;
    target = target[key] as Record<string, unknown>;
  }
  const key = keys.at(-1)!;
  if (op === 'delete') delete target[key];
  else if (op === 'extra') target[`${key}-extra`] = structuredClone(value);
  else if (op === 'append') target[key] = `${JSON.stringify(target[key])}${typeof value === 'string' ? value : '\u0000'}`;
  else if (op === 'upper') target[key] = typeof target[key] === 'string' ? (target[key] as string).toUpperCase() : structuredClone(value);
  else target[key] = structuredClone(value);
}

/** The id the server names an event by in its answer (services/sync/index.ts). */
const answeredId = (raw: unknown) => {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return '';
  const echo = id.slice(0, 100);
  return isWellFormedText(echo) ? echo.toLowerCase() : '';
};

describe.each(await dialects())('fuzzing on %s', (dialect) => {
  let server: TestServer;
  let learner: { token: string; id: string };
  let mineCursor: string;
  let foreignCursor: string;
  let foreignEventId: string;
  let adminToken: string;
  const countOf = async (table: 'events' | 'users') =>
    Number(
      (
        await server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const storedRows = async (ids: string[]) => {
    const wanted = ids.filter((id) => id !== '' && isWellFormedText(id));
    return wanted.length === 0 ? [] : server.db.selectFrom('events').select(['id', 'user_id']).where('id', 'in', wanted).execute();
  };
  const newLearner = async () => {
    const user = await addUser(server.db);
    await enrol(server.db, COURSE, { nips: [user.nip] });
    const token = await login(server, user);
    const me = await server.call('GET', '/api/me', { token });
    return { token, id: me.body.user.id as string };
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    learner = await newLearner();
    mineCursor = (await server.call('POST', '/api/sync', { token: learner.token, body: syncBody([]) })).body.cursor;
    const other = await newLearner();
    const stolen = lessonCompleted('m1-l1', { at: new Date().toISOString() });
    const reply = await server.call('POST', '/api/sync', { token: other.token, body: syncBody([stolen]) });
    expect(reply.body.accepted).toEqual([stolen.id]);
    foreignEventId = stolen.id;
    foreignCursor = reply.body.cursor;
    adminToken = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
  });
  afterAll(() => server?.close());

  describe('POST /api/sync', () => {
    const send = async (body: unknown, token: string | undefined) => {
      const before = await countOf('events');
      const reply = await server.call('POST', '/api/sync', { token, body });
      expectNoServerError(reply, [200, 400, 401, 413, 429]);
      return { reply, before };
    };

    it('answers any body without a 5xx, and a refused one stores nothing', async () => {
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(toJson(v))),
        rawBody,
        // A good envelope around anything at all.
        fc.array(junk, { maxLength: 8 }).map((events) => JSON.stringify(syncBody(events))),
      );
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          const { reply, before } = await send(text, learner.token);
          if (reply.status !== 200) expect(await countOf('events')).toBe(before);
          else expect(reply.body.accepted).toEqual([]); // nothing here is a valid event
        }),
        { numRuns: 120 },
      );
    }, 60_000);

    it('stores every valid event of a batch once, answers every event, and stores nothing from a refused request', async () => {
      await fc.assert(
        fc.asyncProperty(envelope, async (request) => {
          const now = Date.now();
          const skew = request.clock.ok ? request.clock.value : null;
          const clock = skew === null ? now : now + skew;
          const valid: Record<string, unknown>[] = [];
          const events = request.events.map((r: Recipe): unknown => {
            if (r.kind === 'junk') return r.value;
            if (r.kind === 'foreign') return { ...lessonCompleted('m1-l2', { at: new Date(now).toISOString() }), id: foreignEventId };
            if (r.kind === 'again') {
              const of = valid[r.of % Math.max(valid.length, 1)];
              return of ? { ...of, id: r.upper ? String(of.id).toUpperCase() : of.id } : null;
            }
            const event = eventOf(r.base, new Date(clock - r.ago * 1000).toISOString());
            if (r.kind === 'valid') valid.push(event);
            else for (const m of r.mutations) mutate(event, m);
            return event;
          });
          const cursors: Record<string, unknown> = {
            null: null,
            mine: mineCursor,
            foreign: foreignCursor,
            tampered: `${mineCursor.slice(0, -1)}A`,
          };
          const cursor =
            typeof request.cursor.value === 'string' && request.cursor.value in cursors
              ? cursors[request.cursor.value]
              : request.cursor.value;
          const body = {
            ...(request.extra.value as object),
            protocol: request.protocol.value,
            deviceId: request.deviceId.value,
            cursor,
            events,
            ...(request.clock.ok ? (skew === null ? {} : { clock: new Date(clock).toISOString() }) : { clock: request.clock.value }),
          };
          const token = { learner: learner.token, garbage: 'not-a-token', none: undefined }[request.token.value as string];
          const ids = events.map(answeredId);
          const storedBefore = new Set((await storedRows(ids)).map((r) => r.id));

          const { reply, before } = await send(body, token);
          if (reply.status !== 200) {
            expect(await countOf('events')).toBe(before);
            const good =
              request.token.ok && request.protocol.ok && request.deviceId.ok && request.cursor.ok && request.clock.ok && request.extra.ok;
            if (good) expect(poisoned(JSON.stringify(body)), reply.text).toBe(true);
            return;
          }
          const accepted: string[] = reply.body.accepted;
          const rejected: string[] = reply.body.rejected.map((r: { id: string }) => r.id);
          expect(new Set(accepted).size).toBe(accepted.length);
          for (const id of [...accepted, ...rejected]) expect(ids).toContain(id);
          expect(accepted.filter((id) => rejected.includes(id))).toEqual([]);
          for (const id of ids) expect([...accepted, ...rejected]).toContain(id);
          for (const event of valid) expect(accepted).toContain(String(event.id));
          if (events.some((e) => answeredId(e) === foreignEventId)) expect(rejected).toContain(foreignEventId);
          const rows = await storedRows([...accepted, ...rejected]);
          for (const id of accepted) expect(rows.filter((r) => r.id === id && r.user_id === learner.id)).toHaveLength(1);
          for (const id of rejected) if (!storedBefore.has(id)) expect(rows.filter((r) => r.id === id)).toEqual([]);
          for (const id of [...accepted, ...rejected]) expect(rows.filter((r) => r.id === id).length).toBeLessThanOrEqual(1);
          expect(await countOf('events')).toBe(before + accepted.filter((id) => !storedBefore.has(id)).length);
          // What comes back is this learner's own, never another's.
          const pulled: string[] = reply.body.events.map((e: { id: string }) => e.id);
          expect((await storedRows(pulled)).filter((r) => r.user_id === learner.id)).toHaveLength(new Set(pulled).size);
        }),
        { numRuns: 150 },
      );
    }, 60_000);

    it('answers a body over 1 MiB or over 500 events with a 413, and stores nothing', async () => {
      const big = Array.from({ length: 501 }, () => lessonCompleted('m1-l1', { at: new Date().toISOString() }));
      for (const events of [big, big.slice(0, 400).map((e) => ({ ...e, data: { lessonId: 'x'.repeat(3000) } }))]) {
        const { reply, before } = await send(syncBody(events), learner.token);
        expect(reply.status).toBe(413);
        expect(await countOf('events')).toBe(before);
      }
    });
  });

  describe('POST /api/admin/users/import', () => {
    const snapshot = () => server.db.selectFrom('users').selectAll().orderBy('nip').execute();
    const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const cell = fc.oneof(
      text(30),
      fc.constantFrom(
        '',
        ' ',
        '"',
        'a"b',
        'x,y',
        'x;y',
        'baris\nbaru',
        'crlf\r\n',
        '\ufeff',
        '=1+1',
        '-1+1',
        '+62',
        '@SUM(A1)',
        '\u202enakal',
      ),
      fc.constantFrom('\u0000', '\ud800', '\udc00'),
      fc.stringMatching(/^\d{18}$/),
      fc.constant('n'.repeat(250)),
    );
    const header = fc.oneof(
      fc.constantFrom(
        'nip,name,unit,position',
        'nip;name;unit;position;role;password',
        'NIP, Name ,UNIT,position,role',
        'nip,nip,name,unit,position',
      ),
      fc.array(cell, { maxLength: 6 }).map((cells) => cells.join(',')),
    );
    const csvShaped = fc
      .record({
        bom: fc.boolean(),
        header,
        rows: fc.array(fc.array(fc.tuple(cell, fc.boolean()), { maxLength: 7 }), { maxLength: 6 }),
        separator: fc.constantFrom(',', ';'),
        newline: fc.constantFrom('\n', '\r\n', '\r'),
      })
      .map(({ bom, header, rows, separator, newline }) =>
        [(bom ? '\ufeff' : '') + header, ...rows.map((r) => r.map(([c, q]) => (q ? quote(c) : c)).join(separator))].join(newline),
      );

    // Files of a few rows with mostly good cells, so that most could be applied; now and
    // then a cell that is not. NIPs are made when the file is sent: new ones, one that has
    // an account, and one written in its printed groups.
    const mostly = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: odd });
    const row = fc.record({
      nip: mostly(fc.constantFrom('new', 'new', 'existing', 'grouped'), fc.constant('bad')),
      name: mostly(
        fc.oneof(fc.constantFrom('Siti, S.Pd.', 'Ahmad "Mat" Yani', '=1+1', '-1+1', '\u202eVirus', ' Budi '), wellFormed(40)),
        fc.oneof(fc.constantFrom('n'.repeat(250), ''), text(20)),
      ),
      unit: mostly(fc.oneof(fc.constantFrom('Dinas Pendidikan', 'Dinas;Kesehatan', 'Dinas, "Baru"'), wellFormed(30)), text(20)),
      position: mostly(fc.oneof(fc.constant(''), wellFormed(30)), fc.oneof(text(20), fc.constant('p'.repeat(201)))),
      role: mostly(fc.constantFrom('', 'learner', 'ADMIN'), fc.constant('root')),
      password: mostly(fc.constantFrom('', 'Sandi-Rahasia-1', '=1+1 rahasia'), fc.constantFrom('pendek', 'x'.repeat(300))),
    });
    const file = fc.record({
      rows: fc.array(row, { minLength: 1, maxLength: 3 }),
      newline: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
    });
    type File = typeof file extends fc.Arbitrary<infer T> ? T : never;
    let existing: string;
    beforeAll(async () => {
      existing = (await addUser(server.db, { unit: 'Dinas Impor' })).nip;
    });
    /** The file as text, and the NIPs it names without their spaces. */
    const csvOf = ({ rows, newline, bom }: File) => {
      const nips = rows.map(({ nip }) =>
        nip === 'new'
          ? nextNip()
          : nip === 'existing'
            ? existing
            : nip === 'grouped'
              ? nextNip().replace(/^(\d{8})(\d{6})/, '$1 $2 ')
              : '1990',
      );
      const lines = rows.map((r, i) => [nips[i]!, r.name, r.unit, r.position, r.role, r.password].map(quote).join(','));
      return {
        csv: `${bom ? '\ufeff' : ''}nip,name,unit,position,role,password${newline}${lines.join(newline)}`,
        nips: nips.map((n) => n.replace(/\s/g, '')),
      };
    };

    it('previews any body without a 5xx and without touching an account', async () => {
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        rawBody,
        fc
          .record({ csv: fc.oneof(text(200), csvShaped, junk), apply: fc.option(fc.oneof(fc.constant(false), junk)) })
          .map(({ csv, apply }) => JSON.stringify(apply === null ? { csv } : { csv, apply: apply === true ? false : apply })),
        fc.record({ file, apply: fc.constantFrom(false, undefined) }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (raw) => {
          const sent = typeof raw === 'object' ? JSON.stringify({ csv: csvOf(raw.file).csv, apply: raw.apply }) : raw;
          const before = await snapshot();
          const reply = await server.call('POST', '/api/admin/users/import', { token: adminToken, body: sent });
          expectNoServerError(reply, [200, 400]);
          if (reply.status === 200) expect(reply.body.applied).toBe(false);
          expect(await snapshot()).toEqual(before);
        }),
        { numRuns: 120 },
      );
    }, 60_000);

    it('applies a good file of a few rows, and changes nothing when it refuses one', async () => {
      const apply = fc.oneof({ weight: 8, arbitrary: fc.constant<unknown>(true) }, { weight: 1, arbitrary: junk });
      await fc.assert(
        fc.asyncProperty(file, apply, async (rows, apply) => {
          const { csv, nips } = csvOf(rows);
          const before = await snapshot();
          const reply = await server.call('POST', '/api/admin/users/import', { token: adminToken, body: { csv, apply } });
          expectNoServerError(reply, [200, 400]);
          const after = await snapshot();
          if (reply.status !== 200 || !reply.body.applied) {
            expect(after).toEqual(before);
            return;
          }
          expect(after.length - before.length).toBe(reply.body.created);
          expect(reply.body.created + reply.body.updated).toBe(rows.rows.length);
          for (const user of before) if (!nips.includes(user.nip)) expect(after.find((u) => u.nip === user.nip)).toEqual(user);
          for (const user of after) if (!before.some((u) => u.nip === user.nip)) expect(nips).toContain(user.nip);
        }),
        { numRuns: 40 },
      );
    }, 60_000);
  });

  describe('POST /api/auth/login', () => {
    // Its own account, which ten wrong passwords lock for strangers from the start: then a
    // stranger never logs in to it, and its owner's device, holding its key, always does.
    const PASSWORD = 'Kata Sandi-🔑-é9';
    let NIP: string;
    let deviceKey: string;
    beforeAll(async () => {
      ({ nip: NIP } = await addUser(server.db, { password: PASSWORD }));
      const reply = await server.call('POST', '/api/auth/login', { body: { nip: NIP, password: PASSWORD } });
      expect(reply.status).toBe(200);
      deviceKey = reply.body.deviceKey;
      for (let i = 0; i < 10; i++) await server.call('POST', '/api/auth/login', { body: { nip: NIP, password: `salah-${i}` } });
      expect((await server.call('POST', '/api/auth/login', { body: { nip: NIP, password: PASSWORD } })).status).toBe(429);
    });

    it('logs in nobody but the real NIP and password, and never answers 5xx', async () => {
      const REAL = Symbol('real');
      const whitespace = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff');
      const padded = fc
        .tuple(fc.array(whitespace, { maxLength: 3 }), fc.array(whitespace, { maxLength: 3 }))
        .map(([a, b]) => `${a.join('')}${NIP}${b.join('')}`);
      const nip = fc.oneof(
        { weight: 3, arbitrary: fc.constant<unknown>(REAL) },
        padded,
        fc.constantFrom(`${NIP.slice(0, 8)} ${NIP.slice(8)}`, `${NIP}\u0000`, `${NIP.slice(0, -1)}0`, Number(NIP), [NIP], { nip: NIP }),
        fc.constant(NIP.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))), // full-width digits
        text(40),
        junk,
      );
      const typo = fc.constantFrom(
        PASSWORD.toUpperCase(),
        PASSWORD.toLowerCase(),
        ` ${PASSWORD}`,
        `${PASSWORD} `,
        PASSWORD.slice(0, -1),
        `${PASSWORD}\u0000`,
        PASSWORD.normalize('NFD'),
        PASSWORD.replace('🔑', '\ud83d'),
        [PASSWORD],
      );
      const password = fc.oneof({ weight: 3, arbitrary: fc.constant<unknown>(REAL) }, typo, text(300), junk);
      const login = fc.oneof(
        {
          weight: 6,
          arbitrary: fc.record(
            {
              nip,
              password,
              deviceKey: fc.oneof(fc.constant<unknown>(REAL), text(120), junk),
              extra: fc.dictionary(text(8), junk, { maxKeys: 2 }),
            },
            { requiredKeys: ['nip', 'password'] },
          ),
        },
        // The owner's own phone, which the lock spares, with the password nearly right.
        {
          weight: 3,
          arbitrary: fc.record({
            nip: fc.oneof(fc.constant<unknown>(REAL), padded),
            password: fc.oneof(fc.constant<unknown>(REAL), typo),
            deviceKey: fc.constant(REAL),
            extra: fc.constant(undefined),
          }),
        },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => ({ raw: JSON.stringify(json) })) },
        { weight: 1, arbitrary: rawBody.map((raw) => ({ raw })) },
      );
      await fc.assert(
        fc.asyncProperty(login, async (attempt) => {
          const fields = 'raw' in attempt ? null : attempt;
          const body =
            'raw' in attempt
              ? attempt.raw
              : {
                  ...attempt.extra,
                  nip: attempt.nip === REAL ? NIP : attempt.nip,
                  password: attempt.password === REAL ? PASSWORD : attempt.password,
                  ...('deviceKey' in attempt ? { deviceKey: attempt.deviceKey === REAL ? deviceKey : attempt.deviceKey } : {}),
                };
          const reply = await server.call('POST', '/api/auth/login', { body });
          expectNoServerError(reply, [200, 400, 401, 429]);
          const real = typeof body === 'object' && typeof body.nip === 'string' && body.nip.trim() === NIP && body.password === PASSWORD;
          if (!real) expect(reply.status, JSON.stringify(body)).not.toBe(200);
          // The owner's device logs in however much others guessed; a stranger meets the lock.
          else if (fields?.deviceKey === REAL && !fields.extra) expect(reply.status, reply.text).toBe(200);
          else if (fields && !('deviceKey' in fields) && !fields.extra) expect(reply.status, reply.text).toBe(429);
          if (reply.status === 200) expect(reply.body.user.nip).toBe(NIP);
        }),
        { numRuns: 150 },
      );
    }, 60_000);
  });

  // Depth costs the sender a byte a level, and the body limit allows a million of them.
  it('answers JSON nested thousands deep without a 5xx, and stores nothing from it', async () => {
    const request = fc.record({
      endpoint: fc.constantFrom('sync', 'sync event', 'login', 'import'),
      depth: fc.integer({ min: 1, max: 50_000 }),
      shape: fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ endpoint, depth, shape }) => {
        const json = nested(depth, shape);
        const [path, token, body] = {
          sync: ['/api/sync', learner.token, json],
          'sync event': ['/api/sync', learner.token, `{"protocol":1,"deviceId":"d","cursor":null,"events":[${json}]}`],
          login: ['/api/auth/login', undefined, json],
          import: ['/api/admin/users/import', adminToken, json],
        }[endpoint];
        const events = await countOf('events');
        const users = await countOf('users');
        const reply = await server.call('POST', path!, { token, body });
        expectNoServerError(reply, [200, 400]);
        expect([await countOf('events'), await countOf('users')]).toEqual([events, users]);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
