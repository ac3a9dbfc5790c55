import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuizConversion } from '../../src/domain/api/quiz-banks.js';
import { dialects } from '../helpers/databases.js';
import { addUser, login, startServer, type TestServer } from '../helpers/server.js';

const bank = readFileSync(new URL('../fixtures/quiz-banks/orientasi-asn.gift', import.meta.url), 'utf8');

describe.each(await dialects())('question bank conversion on %s', (dialect) => {
  let server: TestServer;
  let admin: string;
  let learner: string;

  beforeAll(async () => {
    server = await startServer(dialect);
    admin = await login(server, await addUser(server.db, { role: 'admin', unit: 'BKPSDM' }));
    learner = await login(server, await addUser(server.db));
  });
  afterAll(() => server?.close());

  it('converts a GIFT bank for an admin: the quiz and every problem with its line', async () => {
    const reply = await server.call('POST', '/api/admin/quiz/convert', {
      token: admin,
      body: { format: 'gift', text: bank, id: 'latihan-m1', feedback: 'immediate' },
    });
    expect(reply.status).toBe(200);
    const { quiz, problems } = QuizConversion.parse(reply.body);
    expect(quiz).toMatchObject({ id: 'latihan-m1', feedback: 'immediate', passingScore: 70 });
    expect(quiz?.questions.map((q) => q.type)).toEqual(['single', 'multiple', 'truefalse', 'short', 'single']);
    expect(problems.map((p) => p.line)).toEqual([22, 24, 26, 35, 40]);
    expect(problems[1]?.message).toMatch(/"M1 Esai" is an essay/);
  });

  it('converts Aiken, and answers a null quiz when nothing converted', async () => {
    const aiken = await server.call('POST', '/api/admin/quiz/convert', {
      token: admin,
      body: { format: 'aiken', text: 'Siapa?\r\nA) Saya\r\nB. Anda\r\nANSWER: B\r\n' },
    });
    expect(aiken.body).toMatchObject({ quiz: { id: 'bank-soal', questions: [{ id: 'q1', type: 'single' }] }, problems: [] });
    const none = await server.call('POST', '/api/admin/quiz/convert', { token: admin, body: { format: 'gift', text: 'Esai {}' } });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ quiz: null, problems: [{ line: 1, message: expect.stringContaining('essay') }] });
  });

  it('takes a bank larger than the 1 MiB everyday body limit, and refuses one over 2 MiB of text', async () => {
    const question = '::Soal::Nilai dasar ASN disingkat {=BerAKHLAK ~PANCASILA ~SMART}\n\n';
    const big = question.repeat(Math.floor((1.5 * 1024 * 1024) / question.length));
    const ok = await server.call('POST', '/api/admin/quiz/convert', { token: admin, body: { format: 'gift', text: big } });
    expect(ok.status).toBe(200);
    expect(ok.body.quiz.questions.at(-1).id).toMatch(/^soal-\d+$/);
    const over = await server.call('POST', '/api/admin/quiz/convert', {
      token: admin,
      body: { format: 'gift', text: 'x'.repeat(2 * 1024 * 1024 + 1) },
    });
    expect(over.status).toBe(400);
  });

  it('is for admins only, and refuses an unknown format or a bad id with 400', async () => {
    const body = { format: 'gift', text: bank };
    expect((await server.call('POST', '/api/admin/quiz/convert', { token: learner, body })).status).toBe(403);
    expect((await server.call('POST', '/api/admin/quiz/convert', { body })).status).toBe(401);
    const xml = await server.call('POST', '/api/admin/quiz/convert', { token: admin, body: { format: 'moodle-xml', text: bank } });
    expect(xml.status).toBe(400);
    expect(xml.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    expect((await server.call('POST', '/api/admin/quiz/convert', { token: admin, body: { ...body, id: 'Bukan Id' } })).status).toBe(400);
    expect((await server.call('POST', '/api/admin/quiz/convert', { token: admin, body: { format: 'gift' } })).status).toBe(400);
  });
});
