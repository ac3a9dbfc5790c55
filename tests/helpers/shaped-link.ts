// A slow mobile link in front of a local server: a TCP proxy that serialises bytes at a
// fixed rate in each direction, shared by every connection as one radio link is, and delays
// them by a fixed propagation time each way. Throttling in DevTools applies to one page and
// not to its service worker, which is what downloads media; this slows everything the
// browser sends to this address. It can also cut the link (every connection reset, new ones
// refused) and restore it, as a train going into a tunnel does.
//
// Each HTTP/1.1 response is attributed to the request line last seen on its connection
// (browsers do not pipeline), so a bench can count what the server sent for a path.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface LinkOptions {
  /** Bits per second, each way. */
  bitsPerSecond: number;
  /** Propagation delay, each way (a round trip is twice this). */
  delayMs: number;
}

/** One request seen on the link and what was sent back for it. */
export interface Exchange {
  method: string;
  path: string;
  /** When the request reached the proxy from the browser (performance.now()). */
  sentAt: number;
  /** Bytes of the response the proxy read from the server. */
  fromServer: number;
  /** Bytes of the response that reached the browser. */
  delivered: number;
  /** When its first byte reached the browser (0 before it). */
  firstAt: number;
  /** When its last byte reached the browser (0 before the first). */
  doneAt: number;
}

// Segments of at most this size interleave the connections sharing the link, as packets do.
const SEGMENT = 16 * 1024;
// Bytes a connection may have queued on the link before the proxy stops reading its sender:
// a router's buffer. Enough to keep the link busy across a late timer, small enough that a
// cut loses little of what the server had already handed over.
const BUFFER = 128 * 1024;

/** One direction of the link: a FIFO that lets out `bytesPerMs`, shared by every connection. */
class Direction {
  private busyUntil = 0;
  constructor(
    private readonly bytesPerMs: number,
    private readonly delayMs: number,
  ) {}
  /** When `bytes` offered now (and not before `notBefore`) reach the far end. */
  arrival(bytes: number, notBefore = 0): number {
    const start = Math.max(performance.now(), this.busyUntil, notBefore);
    this.busyUntil = start + bytes / this.bytesPerMs;
    return this.busyUntil + this.delayMs;
  }
}

/** Bytes travelling from one socket to another over a Direction, delivered in order. */
class Flow {
  private readonly queue: { at: number; data: Buffer | null }[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly direction: Direction,
    private readonly onDelivered: (bytes: number) => void,
    private readonly lateness: Lateness,
    /** No byte leaves before this: the connection's handshake. */
    private readonly notBefore = 0,
  ) {}

  push(data: Buffer) {
    for (let at = 0; at < data.length; at += SEGMENT) {
      const segment = data.subarray(at, at + SEGMENT);
      this.queue.push({ at: this.direction.arrival(segment.length, this.notBefore), data: segment });
      this.queued += segment.length;
    }
    if (this.queued > BUFFER) this.from.pause();
    this.schedule();
  }

  /** The sender closed its side: the far end learns it after the bytes sent before. */
  end() {
    this.queue.push({ at: this.direction.arrival(0, this.notBefore), data: null });
    this.schedule();
  }

  stop() {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule() {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => this.deliver(), Math.max(0, this.queue[0]!.at - performance.now()));
  }

  private deliver() {
    this.timer = undefined;
    const now = performance.now();
    this.lateness.record(now - this.queue[0]!.at);
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { data } = this.queue.shift()!;
      if (data === null) {
        this.to.end();
        continue;
      }
      this.queued -= data.length;
      if (!this.to.destroyed) this.to.write(data);
      this.onDelivered(data.length);
    }
    if (this.queued <= BUFFER / 2 && this.from.isPaused()) this.from.resume();
    this.schedule();
  }
}

/** How late the proxy's timers delivered bytes: a busy machine makes the link slower than asked. */
export class Lateness {
  count = 0;
  totalMs = 0;
  maxMs = 0;
  record(ms: number) {
    this.count++;
    this.totalMs += ms;
    this.maxMs = Math.max(this.maxMs, ms);
  }
  get meanMs() {
    return this.count ? this.totalMs / this.count : 0;
  }
}

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;

export class ShapedLink {
  readonly exchanges: Exchange[] = [];
  readonly lateness = new Lateness();
  private readonly server: Server;
  private readonly up: Direction;
  private readonly down: Direction;
  private readonly sockets = new Set<Socket>();
  private readonly flows = new Set<Flow>();
  private refusing = false;

  constructor(
    private readonly upstreamPort: number,
    readonly options: LinkOptions,
  ) {
    const bytesPerMs = options.bitsPerSecond / 8 / 1000;
    this.up = new Direction(bytesPerMs, options.delayMs);
    this.down = new Direction(bytesPerMs, options.delayMs);
    this.server = createServer((client) => this.connect(client));
  }

  /** Starts listening; the browser opens this address instead of the server's. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Resets every connection and refuses new ones until restore(). */
  cut() {
    this.refusing = true;
    for (const flow of this.flows) flow.stop();
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  restore() {
    this.refusing = false;
  }

  async close() {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Bytes the server sent for requests whose path starts with `prefix`, from exchange `since` on. */
  fromServer(prefix: string, since = 0): number {
    return this.exchanges.slice(since).reduce((n, e) => n + (e.path.startsWith(prefix) ? e.fromServer : 0), 0);
  }

  private connect(client: Socket) {
    if (this.refusing) {
      client.resetAndDestroy();
      return;
    }
    // The handshake costs a round trip before the first request can leave.
    const open = performance.now() + 2 * this.options.delayMs;
    const server = createConnection({ host: '127.0.0.1', port: this.upstreamPort });
    for (const s of [client, server]) {
      s.setNoDelay(true);
      this.sockets.add(s);
    }
    let current: Exchange | undefined;
    const upFlow = new Flow(client, server, this.up, () => undefined, this.lateness, open);
    const downFlow = new Flow(
      server,
      client,
      this.down,
      (bytes) => {
        if (!current) return;
        if (current.delivered === 0) current.firstAt = performance.now();
        current.delivered += bytes;
        current.doneAt = performance.now();
      },
      this.lateness,
      open,
    );
    this.flows.add(upFlow).add(downFlow);
    client.on('data', (data: Buffer) => {
      const line = REQUEST_LINE.exec(data.subarray(0, 2048).toString('latin1'));
      if (line) {
        current = { method: line[1]!, path: line[2]!, sentAt: performance.now(), fromServer: 0, delivered: 0, firstAt: 0, doneAt: 0 };
        this.exchanges.push(current);
      }
      upFlow.push(data);
    });
    server.on('data', (data: Buffer) => {
      if (current) current.fromServer += data.length;
      downFlow.push(data);
    });
    client.on('end', () => upFlow.end());
    server.on('end', () => downFlow.end());
    // The browser gone or either side broken: nothing queued matters any more. A server
    // closing normally is not here: its end follows the bytes sent before it.
    const close = () => {
      upFlow.stop();
      downFlow.stop();
      this.flows.delete(upFlow);
      this.flows.delete(downFlow);
      for (const s of [client, server]) {
        this.sockets.delete(s);
        s.destroy();
      }
    };
    client.on('close', close);
    client.on('error', close);
    server.on('error', close);
  }
}
