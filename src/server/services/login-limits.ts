// Failed-login limits (DESIGN §6). Per account: after 10 failures in a row the account
// cools down, counted in the database so every replica agrees. Per address: generous
// (a whole office shares one NAT address), counted per process in a sliding minute, and
// only failures count, so colleagues' successful logins are never limited by address.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_COOLDOWN_MS = 15 * 60_000;
export const ADDRESS_MAX_FAILURES_PER_MINUTE = 300;

export async function accountLockedFor(db: Kysely<Database>, nip: string, now = Date.now()): Promise<number> {
  const row = await db.selectFrom('login_failures').select('locked_until').where('nip', '=', nip).executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? row.locked_until - now : 0;
}

/** One atomic upsert, so concurrent failures on several replicas all count. */
export async function recordAccountFailure(db: Kysely<Database>, nip: string, now = Date.now()): Promise<void> {
  // A cooled-down account starts counting afresh.
  const failures = sql<number>`case when login_failures.locked_until is not null and login_failures.locked_until <= cast(${now} as bigint) then 1 else login_failures.failures + 1 end`;
  await db
    .insertInto('login_failures')
    .values({ nip, failures: 1, locked_until: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('nip').doUpdateSet({
        failures,
        locked_until: sql<
          number | null
        >`case when ${failures} >= cast(${ACCOUNT_MAX_FAILURES} as integer) then cast(${now + ACCOUNT_COOLDOWN_MS} as bigint) else null end`,
        updated_at: now,
      }),
    )
    .execute();
}

export async function clearAccountFailures(db: Kysely<Database>, nip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('nip', '=', nip).execute();
}

export class AddressLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = ADDRESS_MAX_FAILURES_PER_MINUTE,
    private readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until this address may fail again, 0 when it is under the limit. */
  blockedFor(address: string, now = Date.now()): number {
    const recent = this.recent(address, now);
    return recent.length >= this.max ? (recent[0] ?? now) + this.windowMs - now : 0;
  }

  recordFailure(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    recent.push(now);
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((t) => t > now - this.windowMs);
  }

  private prune(now: number): void {
    for (const [address, times] of this.failures) if (!times.some((t) => t > now - this.windowMs)) this.failures.delete(address);
  }
}
