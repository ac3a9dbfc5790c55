// A media lesson's file by its SHA-256, in byte ranges (docs/sync.md, "Media"). Public like
// /api/assets: the hash is unguessable and only ever learned from a package a learner was given,
// and a player or a service worker can then fetch it without a session.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { errors } from '../../../../domain/api/errors.js';
import { type ByteRange, contentRange, parseRange } from '../../../../domain/media.js';
import type { Database } from '../../../db/schema.js';
import { HttpError } from '../../../errors.js';
import type { ApiOptions } from '../options.js';

const SHA256 = /^[0-9a-f]{64}$/;
// Any string, so that a malformed hash is a 404 like an unknown one rather than a 400.
const MediaParams = z.object({ sha256: z.string() });
const Body = z.union([z.instanceof(Readable), z.void()]);

/** `If-None-Match` names this ETag (a weak match is enough, as RFC 9110 says for it). */
const matches = (header: string | undefined, etag: string) =>
  header?.split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim())) === true;

/** The range's bytes, reading one chunk from the database at a time and only those it covers. */
function chunkStream(db: Kysely<Database>, sha256: string, chunkBytes: number, { start, end }: ByteRange): Readable {
  let index = Math.floor(start / chunkBytes);
  const last = Math.floor(end / chunkBytes);
  return new Readable({
    async read() {
      if (index > last) {
        this.push(null);
        return;
      }
      try {
        const row = await db
          .selectFrom('media_chunks')
          .select('data')
          .where('sha256', '=', sha256)
          .where('index', '=', index)
          .executeTakeFirst();
        if (!row) throw new Error(`media ${sha256} has no chunk ${index}`);
        const offset = index * chunkBytes;
        const data = Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
        index++;
        this.push(data.subarray(Math.max(0, start - offset), end + 1 - offset));
      } catch (error) {
        this.destroy(error as Error);
      }
    },
  });
}

export const mediaRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { store: { db } }) => {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/:sha256',
    // Video, audio and PDF are compressed already, and a compressed answer to a Range would
    // no longer be the bytes the Content-Range names.
    compress: false,
    schema: {
      params: MediaParams,
      // Bytes, or nothing (HEAD, 304, 416).
      response: { 200: Body, 206: Body, 304: z.void(), 416: z.void(), ...errors(404) },
    },
    handler: async (request, reply) => {
      const { sha256 } = request.params;
      const media = SHA256.test(sha256)
        ? await db.selectFrom('media').select(['mime', 'size', 'chunk_bytes']).where('sha256', '=', sha256).executeTakeFirst()
        : undefined;
      if (!media) throw new HttpError(404, 'not-found', 'No such media.');
      const size = Number(media.size);
      const etag = `"${sha256}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('accept-ranges', 'bytes')
        // A PDF opened on its own, at this origin, must not run anything.
        .header('content-security-policy', "default-src 'none'; sandbox");
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();

      // A stale If-Range (another file's ETag, or a date) asks for the whole file.
      const ifRange = request.headers['if-range'];
      const range = ifRange === undefined || String(ifRange).trim() === etag ? parseRange(request.headers.range, size) : null;
      if (range === 'unsatisfiable') return reply.code(416).header('content-range', contentRange(range, size)).send();
      const bytes = range ?? { start: 0, end: size - 1 };
      if (range) reply.code(206).header('content-range', contentRange(range, size));
      reply.type(media.mime).header('content-length', bytes.end - bytes.start + 1);
      if (request.method === 'HEAD' || size === 0) return reply.send();
      return reply.send(chunkStream(db, sha256, Number(media.chunk_bytes), bytes));
    },
  });
};
