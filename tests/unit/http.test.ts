// The app's one HTTP client: headers a caller adds travel with the token, and a refusal is an ApiError.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, send } from '../../src/app/shared/http.js';

describe('send', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the caller's headers beside the bearer token and the cache mode", async () => {
    const fetch = vi.fn(async (_path: string, _init?: RequestInit) => new Response('x', { status: 206 }));
    vi.stubGlobal('fetch', fetch);
    const response = await send('/api/media/abc', { token: 't0k', headers: { range: 'bytes=5-9' }, cache: 'no-store' });
    expect(response.status).toBe(206);
    const init = fetch.mock.calls[0]![1]!;
    const headers = new Headers(init.headers);
    expect(headers.get('range')).toBe('bytes=5-9');
    expect(headers.get('authorization')).toBe('Bearer t0k');
    expect(init.cache).toBe('no-store');
  });

  it('turns a refusal into an ApiError with the server’s code, and a lost connection into status 0', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: 'range', message: 'past the end' }, { status: 416 }));
    const refused = await send('/api/media/abc', { headers: { range: 'bytes=99-' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 416, code: 'range', message: 'past the end' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await send('/x').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network' });
  });
});
