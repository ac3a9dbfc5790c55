// Lookups batched across requests: one query for the keys asked for together, each caller
// its own answer, and nothing remembered from one turn to the next.
import { describe, expect, it } from 'vitest';
import { batched } from '../../src/server/services/batched.js';
import { dialects } from '../helpers/databases.js';
import { addUser, login, startServer } from '../helpers/server.js';

describe('batched lookups', () => {
  it('answers the keys asked for in one turn with one load, each with its own value', async () => {
    const loads: string[][] = [];
    const table = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const lookup = batched(async (keys: readonly string[]) => {
      loads.push([...keys]);
      return new Map(keys.flatMap((k) => (table.has(k) ? [[k, table.get(k)!] as const] : [])));
    });
    expect(await Promise.all([lookup('a'), lookup('b'), lookup('missing')])).toEqual([1, 2, undefined]);
    expect(loads).toEqual([['a', 'b', 'missing']]);
    table.set('a', 10);
    expect(await lookup('a')).toBe(10); // read again, not remembered
    expect(loads).toHaveLength(2);
  });

  it('fails only the callers of a load that failed', async () => {
    let fail = true;
    const lookup = batched(async (keys: readonly string[]) => {
      if (fail) throw new Error('database gone');
      return new Map(keys.map((k) => [k, k.length]));
    });
    const first = await Promise.allSettled([lookup('x'), lookup('yy')]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await lookup('yy')).toBe(2);
  });
});

describe.each(await dialects())('tokens checked together on %s', (dialect) => {
  it('lets each request through on its own token only', async () => {
    const server = await startServer(dialect);
    try {
      const [a, b] = [await addUser(server.db), await addUser(server.db)];
      const [tokenA, tokenB, ended] = [await login(server, a), await login(server, b), await login(server, a)];
      expect((await server.call('POST', '/api/auth/logout', { token: ended })).status).toBe(200);
      const replies = await Promise.all(
        [tokenA, tokenB, ended, 'not-a-token', tokenA].map((token) => server.call('GET', '/api/me', { token })),
      );
      expect(replies.map((r) => r.status)).toEqual([200, 200, 401, 401, 200]);
      expect(replies.map((r) => r.body.user?.nip)).toEqual([a.nip, b.nip, undefined, undefined, a.nip]);
    } finally {
      await server.close();
    }
  });
});
