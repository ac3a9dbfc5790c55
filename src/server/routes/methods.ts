import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';

/**
 * Which methods each route path answers, so that a known path asked with another method
 * is a 405 with `Allow` rather than a 404 that says the path does not exist. Must be made
 * before any route is registered: it learns them from the onRoute hook.
 */
export function routeMethods(app: FastifyInstance) {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', ({ url, method }) => {
    if (url.includes('*')) return; // the static files' catch-all answers every path
    const source = url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const pattern = new RegExp(`^${source}/?$`);
    const known = routes.find((r) => r.pattern.source === pattern.source);
    const methods = known?.methods ?? new Set<string>();
    for (const m of Array.isArray(method) ? method : [method]) methods.add(m);
    if (!known) routes.push({ pattern, methods });
  });
  return {
    /** A 405 for a known path asked with a method it does not answer, else null. */
    notAllowed(request: FastifyRequest): HttpError | null {
      const path = request.url.split('?')[0] ?? '';
      const allowed = new Set<string>();
      for (const r of routes) if (r.pattern.test(path)) for (const m of r.methods) allowed.add(m);
      if (allowed.size === 0 || allowed.has(request.method)) return null;
      const list = [...allowed].sort().join(', ');
      return new HttpError(405, 'method-not-allowed', `${request.method} is not allowed at ${path}; use ${list}.`, { allow: list });
    },
  };
}
