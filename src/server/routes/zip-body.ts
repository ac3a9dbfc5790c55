// A zip request body goes straight to a private temporary file, never whole into memory, and
// the file is gone once the answer is sent (unless the route keeps it for a preview).
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface Upload {
  /** A directory of its own (mode 0700), holding only `path`. */
  dir: string;
  path: string;
  bytes: number;
  /** Set by the route to take the directory over; otherwise it is removed with the answer. */
  kept: boolean;
}

export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;
/**
 * Not a fixed deadline like sync's 30 s: 300 MiB over a busy office Wi-Fi takes minutes. After
 * a first 30 s, the body must have kept an average of 128 KiB/s (about 1 Mbit/s); a trickle
 * below that is cut off, so it cannot hold a temporary file and a connection for hours.
 */
export const MIN_UPLOAD_BYTES_PER_SECOND = 128 * 1024;
const GRACE_MS = 30_000;
const CHECK_EVERY_MS = 5_000;

/** Handled by the error handler's generic branch, which keeps a 413 readable by the client. */
const tooLarge = () =>
  Object.assign(new Error(`A course zip may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; make the images smaller.`), {
    statusCode: 413,
  });

const CONTENT_TYPES = ['application/zip', 'application/x-zip-compressed'];

/** Registers the zip body parser in this (encapsulated) plugin only. */
export function acceptZipBodies(app: FastifyInstance): void {
  const uploads = new WeakMap<FastifyRequest, Upload>();
  // Only zips here: a JSON body as large as a zip would be parsed in memory.
  app.removeAllContentTypeParsers();
  // 'close' on the response comes after the answer is sent, and also when the client goes away.
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.once('close', () => {
      const upload = uploads.get(request);
      if (upload && !upload.kept) void rm(upload.dir, { recursive: true, force: true });
    });
  });
  app.addContentTypeParser(CONTENT_TYPES, async (request: FastifyRequest, payload: Readable) => {
    const declared = Number(request.headers['content-length']);
    // Unread, the rest of the body is drained by Node after the answer: the client reads the 413.
    if (declared > MAX_UPLOAD_BYTES) throw tooLarge();
    const dir = await mkdtemp(join(tmpdir(), 'sinau-upload-'));
    const upload: Upload = { dir, path: join(dir, 'course.zip'), bytes: 0, kept: false };
    uploads.set(request, upload);
    try {
      await receive(request, payload, upload);
    } catch (error) {
      // At once: a refused body may still be draining long after the answer.
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return upload;
  });
}

function receive(request: FastifyRequest, payload: Readable, upload: Upload): Promise<void> {
  const file = createWriteStream(upload.path, { flags: 'wx', mode: 0o600 });
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      payload.off('data', onData);
      if (error) {
        file.destroy();
        reject(error);
      } else file.end(() => resolve());
    };
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      if (elapsed > GRACE_MS && upload.bytes < (MIN_UPLOAD_BYTES_PER_SECOND * (elapsed - GRACE_MS)) / 1000) {
        request.log.info({ bytes: upload.bytes, elapsed }, 'course upload too slow: connection closed');
        settle(new Error('upload too slow'));
        request.raw.destroy();
      }
    }, CHECK_EVERY_MS);
    timer.unref();
    const onData = (chunk: Buffer) => {
      upload.bytes += chunk.length;
      if (upload.bytes > MAX_UPLOAD_BYTES) {
        settle(tooLarge());
        // Read on and throw the rest away, so the client finishes sending and reads the 413.
        payload.resume();
        return;
      }
      if (!file.write(chunk)) {
        payload.pause();
        file.once('drain', () => !settled && payload.resume());
      }
    };
    payload.on('data', onData);
    payload.once('end', () => settle());
    payload.once('error', (error) => settle(error));
    payload.once('close', () => settle(new Error('the upload was interrupted')));
    file.once('error', (error) => settle(error));
  });
}
