// A device's sync as the app does it behind a load balancer: the same batch, with the same
// event ids, is sent again after a network error, a 5xx or a 429, with backoff and jitter,
// until some instance acknowledges it. Counts every attempt that failed on the way.
import { syncBody } from './events.js';
import { SERVED_BY } from './round-robin-proxy.js';

export interface PulledEvent {
  id: string;
  seq: number;
}

export interface SyncReply {
  accepted: string[];
  rejected: unknown[];
  events: PulledEvent[];
  cursor: string;
  more: boolean;
}

export interface Answered {
  reply: SyncReply;
  /** The instance that answered, as the proxy names it. */
  servedBy: string;
}

export interface FailedAttempt {
  /** The instance the proxy sent the attempt to, when it says. */
  servedBy: string | null;
  why: string;
}

/**
 * Posts one sync until it is answered 200. `onFailure` runs after each failed attempt and
 * before its retry. Any other status, or a rejected event, fails at once: neither is
 * something a retry could mend.
 */
export async function syncUntilAnswered(
  base: string,
  token: string,
  body: ReturnType<typeof syncBody>,
  onFailure: (attempt: FailedAttempt) => Promise<void> | void = () => undefined,
  deadline = Date.now() + 60_000,
): Promise<Answered> {
  for (let attempt = 0; ; attempt++) {
    let failure: FailedAttempt;
    let servedBy: string | null = null;
    try {
      const response = await fetch(`${base}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      servedBy = response.headers.get(SERVED_BY);
      const text = await response.text(); // throws when the reply breaks off
      if (response.status === 200) {
        const reply = JSON.parse(text) as SyncReply;
        if (reply.rejected.length > 0) throw new Error(`unexpected rejection: ${JSON.stringify(reply.rejected)}`);
        return { reply, servedBy: servedBy ?? '' };
      }
      if (response.status < 500 && response.status !== 429) throw new Error(`sync answered ${response.status}: ${text}`);
      failure = { servedBy, why: String(response.status) };
    } catch (error) {
      if (error instanceof Error && /^(unexpected rejection|sync answered)/.test(error.message)) throw error;
      failure = { servedBy, why: ((error as Error).cause as { code?: string })?.code ?? (error as Error).name };
    }
    await onFailure(failure);
    if (Date.now() > deadline) throw new Error(`sync still failing after ${attempt + 1} attempts: ${failure.why}`);
    const backoff = Math.min(1000, 25 * 2 ** attempt);
    await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * backoff));
  }
}

/** Every event the server holds for the learner, pulled page by page from the start, and who served each page. */
export async function pullEverything(
  base: string,
  token: string,
  deviceId: string,
): Promise<{ events: PulledEvent[]; servedBy: Set<string> }> {
  const events: PulledEvent[] = [];
  const servedBy = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page = await syncUntilAnswered(base, token, syncBody([], cursor, deviceId));
    events.push(...page.reply.events);
    servedBy.add(page.servedBy);
    cursor = page.reply.cursor;
    if (!page.reply.more) return { events, servedBy };
  }
}
