// Serves the built app. index.html and sw.js must never be cached stale (a stale shell
// pins users to an old app); Vite's hashed files under /assets/ never change, so cache
// them for a year. Any other non-API GET is an in-app URL: answer with index.html.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';
import type { routeMethods } from './methods.js';

export async function staticRoutes(app: FastifyInstance, dir: string, methods: ReturnType<typeof routeMethods>) {
  const root = resolve(dir);
  const hasApp = existsSync(resolve(root, 'index.html'));
  if (hasApp) {
    await app.register(fastifyStatic, {
      root,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      // Source maps stay on the server's disk for whoever debugs it, not on the web.
      allowedPath: (path) => !path.endsWith('.map'),
      setHeaders(res, path) {
        if (path.startsWith(resolve(root, 'assets'))) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else if (/(index\.html|sw\.js|\.webmanifest)$/.test(path)) res.setHeader('cache-control', 'no-cache');
        else res.setHeader('cache-control', 'public, max-age=86400');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (hasApp && request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/assets/') && !/\.\w+$/.test(path))
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    const notAllowed = methods.notAllowed(request);
    if (notAllowed) throw notAllowed;
    throw new HttpError(404, 'not-found', `Nothing at ${request.method} ${path}.`);
  });
}
