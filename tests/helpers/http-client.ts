// A lean HTTP client for benchmarks that play many phones at once from one process. The
// phones of a storm each bring their own CPU; here they share the machine's cores with the
// server, and node:http costs the client about a quarter of what fetch does, so the figures
// measure the server rather than the simulated phones.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export interface Answer {
  status: number;
  /** Seconds, from Retry-After (1 when absent). */
  retryAfter: number;
  json<T = unknown>(): T;
}

/** POSTs `body` (JSON text) to `base` + `path`, with the bearer `token` when given. */
export function postJson(base: string, path: string, body: string, token?: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'accept-encoding': 'gzip',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: Number(response.headers['retry-after'] ?? 1),
            json: () => JSON.parse((response.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8')),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export interface Synced {
  /** Milliseconds from the first attempt to the answer, waits after a 429 included. */
  ms: number;
  accepted: number;
  cursor: string;
}

/**
 * One sync as a phone makes it: the body (JSON text, written beforehand as the phone's
 * would be) is sent again after a 429 once Retry-After has passed; anything else but a 200
 * fails the benchmark.
 */
export async function syncAsPhone(base: string, token: string, body: string): Promise<Synced> {
  const started = performance.now();
  for (let attempt = 0; attempt < 20; attempt++) {
    const reply = await postJson(base, '/api/sync', body, token);
    if (reply.status === 429) {
      await new Promise((r) => setTimeout(r, reply.retryAfter * 1000));
      continue;
    }
    if (reply.status !== 200) throw new Error(`sync answered ${reply.status}`);
    const { accepted, cursor } = reply.json<{ accepted: string[]; cursor: string }>();
    return { ms: performance.now() - started, accepted: accepted.length, cursor };
  }
  throw new Error('sync still refused after 20 attempts');
}
