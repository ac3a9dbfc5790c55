import { HttpError } from '../errors.js';

/**
 * Admission control for expensive requests: at most `limit` inside, a queue of up to
 * `limit × 32` waiting their turn, and 429 with Retry-After past that, so a reconnect storm
 * slows down instead of exhausting memory or the database pool.
 */
export class Gate {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly queueLimit = limit * 32,
  ) {}

  /** Requests holding a place now. */
  get occupied(): number {
    return this.inside;
  }

  /** Requests waiting for a place, including any whose client has given up but whose turn has not come. */
  get queued(): number {
    return this.waiting.length;
  }

  async enter(): Promise<() => void> {
    if (this.inside >= this.limit) {
      if (this.waiting.length >= this.queueLimit)
        throw new HttpError(429, 'too-many-requests', 'The server is busy. Try again shortly.', { 'retry-after': '2' });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.inside++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.inside--;
    };
  }
}
