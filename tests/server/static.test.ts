// The built app as the server serves it: caching, fallback, compression, security headers.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

const DIST = resolve(import.meta.dirname, '../../dist');

describe('serving the built app', () => {
  let server: TestServer;
  beforeAll(async () => {
    if (!existsSync(resolve(DIST, 'index.html'))) throw new Error('dist/ is missing: run npm run build first (npm test does).');
    server = await startServer('sqlite', { staticDir: DIST });
  });
  afterAll(() => server?.close());

  it('serves index.html and sw.js never stale, with a CSP that allows no inline script', async () => {
    for (const path of ['/', '/sw.js']) {
      const reply = await server.call('GET', path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers.get('cache-control'), path).toBe('no-cache');
    }
    const csp = (await server.call('GET', '/')).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain("unsafe-inline';script");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const html = (await server.call('GET', '/')).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
  });

  it('caches hashed assets for a year and compresses them', async () => {
    const file = readdirSync(resolve(DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const response = await fetch(`${server.url}/assets/${file}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-encoding')).toMatch(/gzip|br/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers any in-app URL with the app, and unknown files and API paths with 404', async () => {
    const deep = await server.call('GET', '/kursus/orientasi-pppk/m1-l1');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<div id="app">');
    expect((await server.call('GET', '/assets/nothing-abc123.js')).status).toBe(404);
    expect((await server.call('GET', '/api/nothing')).body.error).toBe('not-found');
  });

  it('serves the web app manifest with its icons', async () => {
    const manifest = (await server.call('GET', '/manifest.webmanifest')).body;
    expect(manifest).toMatchObject({ short_name: 'Sinau', display: 'standalone', theme_color: '#0f766e', lang: 'id' });
    for (const icon of manifest.icons) expect((await fetch(server.url + icon.src)).status, icon.src).toBe(200);
    expect(manifest.icons.map((i: { purpose: string }) => i.purpose)).toContain('maskable');
  });

  it('keeps source maps off the web: none is served, and no file names one', async () => {
    const assets = readdirSync(resolve(DIST, 'assets'));
    const map = assets.find((f) => f.endsWith('.js.map'));
    expect(map, 'the build writes maps for whoever debugs it').toBeDefined();
    expect((await server.call('GET', `/assets/${map}`)).status).toBe(404);
    const js = assets.find((f) => f.endsWith('.js'))!;
    expect((await server.call('GET', `/assets/${js}`)).text).not.toContain('sourceMappingURL');
  });
});
