// A load balancer in miniature: requests go round-robin to the upstreams still in rotation,
// bodies are streamed both ways, and an upstream that fails to answer is taken out after a
// few failures in a row. A failed request is answered 502 (or cut off, when its reply had
// started) and never retried here: the client retries, as a phone does behind a real one.
import { Agent, createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  name: string;
  port: number;
}

export interface Served {
  upstream: string;
  method: string;
  path: string;
  /** The upstream's status, or 'failed' when it never answered or its reply broke off. */
  status: number | 'failed';
}

/** The response header that names the upstream a request went to, so a client can tell instances apart. */
export const SERVED_BY = 'x-served-by';

// Hop-by-hop headers describe one connection, not the message (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const endToEnd = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

export class RoundRobinProxy {
  readonly served: Served[] = [];
  private readonly server: Server;
  // Kept-alive connections to the upstreams, as a load balancer keeps them.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly live: Set<string>;
  private readonly failuresInARow = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private next = 0;

  constructor(
    private readonly upstreams: Upstream[],
    /** Consecutive failures that take an upstream out of rotation. */
    private readonly maxFailures = 2,
  ) {
    this.live = new Set(upstreams.map((u) => u.name));
    this.server = createServer((req, res) => {
      const upstream = this.pick();
      if (!upstream) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'no-upstream', message: 'No instance is in rotation.' }));
        return;
      }
      const record: Served = { upstream: upstream.name, method: req.method ?? 'GET', path: req.url ?? '/', status: 'failed' };
      this.served.push(record);
      this.inFlight.set(upstream.name, (this.inFlight.get(upstream.name) ?? 0) + 1);
      let settled = false;
      const settle = (outcome: 'answered' | 'failed' | 'abandoned') => {
        if (settled) return;
        settled = true;
        this.inFlight.set(upstream.name, this.inFlight.get(upstream.name)! - 1);
        if (outcome === 'answered') this.failuresInARow.set(upstream.name, 0);
        else if (outcome === 'failed') {
          const failures = (this.failuresInARow.get(upstream.name) ?? 0) + 1;
          this.failuresInARow.set(upstream.name, failures);
          if (failures >= this.maxFailures) this.live.delete(upstream.name);
        }
      };
      const forward = request(
        {
          host: '127.0.0.1',
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: endToEnd(req.headers),
          agent: this.agent,
        },
        (reply) => {
          record.status = reply.statusCode ?? 'failed';
          res.writeHead(reply.statusCode ?? 502, { ...endToEnd(reply.headers), [SERVED_BY]: upstream.name });
          reply.pipe(res);
          reply.on('end', () => settle('answered'));
          // The upstream died while its reply was on the way: the client must see a broken
          // reply, never a short one that looks complete.
          reply.on('error', () => {
            record.status = 'failed';
            settle('failed');
            res.destroy();
          });
        },
      );
      forward.on('error', () => {
        settle('failed');
        if (res.headersSent || res.destroyed) return void res.destroy();
        record.status = 'failed';
        res.writeHead(502, { 'content-type': 'application/json', connection: 'close', [SERVED_BY]: upstream.name });
        res.end(JSON.stringify({ error: 'bad-gateway', message: `${upstream.name} did not answer.` }));
      });
      req.pipe(forward);
      // A client that gives up must not leave its upstream request hanging.
      res.on('close', () => {
        if (res.writableFinished) return;
        settle('abandoned');
        forward.destroy();
      });
    });
  }

  /** Starts listening on a free port; resolves with the proxy's base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.agent.destroy();
  }

  /** Names of the upstreams still in rotation. */
  inRotation(): string[] {
    return this.upstreams.filter((u) => this.live.has(u.name)).map((u) => u.name);
  }

  /** Requests forwarded to `name` whose reply has not yet ended. */
  pending(name: string): number {
    return this.inFlight.get(name) ?? 0;
  }

  private pick(): Upstream | undefined {
    const candidates = this.upstreams.filter((u) => this.live.has(u.name));
    if (candidates.length === 0) return undefined;
    return candidates[this.next++ % candidates.length];
  }
}
