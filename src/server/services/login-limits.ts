// Failed-login limits. Nobody may lock a learner out of their own phone, and a whole office
// shares one NAT address, so both limits apply only to clients without the account's
// device key (services/device-keys.ts), and only failures count:
// - per account: after 10 failures in a row the account cools down for 15 minutes;
// - per address: more than 100 failures in 10 minutes and it is refused before any hash.
// Both are counted in the database, so every replica behind a load balancer agrees and a
// restart forgets nothing; a failure already costs a hash, next to which the upsert is cheap.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_COOLDOWN_MS = 15 * 60_000;
export const ADDRESS_MAX_FAILURES = 100;
export const ADDRESS_WINDOW_MINUTES = 10;
const MINUTE = 60_000;

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

export async function clearAccountFailures(db: Kysely<Database>, nips: string[]): Promise<void> {
  if (nips.length > 0) await db.deleteFrom('login_failures').where('nip', 'in', nips).execute();
}

/**
 * The address a limit applies to. An IPv6 client is given a whole /64 by its provider and
 * can pick any address in it, so the /64 counts as one address.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** Failures per address, in one-minute buckets; the window slides a minute at a time. */
export class AddressLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly max = ADDRESS_MAX_FAILURES,
    private readonly windowMinutes = ADDRESS_WINDOW_MINUTES,
  ) {}

  /** Milliseconds until this address is under the limit again, 0 when it is. */
  async blockedFor(ip: string, now = Date.now()): Promise<number> {
    const current = Math.floor(now / MINUTE);
    const buckets = await this.db
      .selectFrom('login_address_failures')
      .select(['minute', 'failures'])
      .where('address', '=', addressKey(ip))
      .where('minute', '>', current - this.windowMinutes)
      .orderBy('minute')
      .execute();
    let total = buckets.reduce((sum, b) => sum + b.failures, 0);
    // Wait until enough of the oldest minutes have left the window.
    for (const b of buckets) {
      if (total <= this.max) break;
      total -= b.failures;
      if (total <= this.max) return (b.minute + this.windowMinutes) * MINUTE - now;
    }
    return 0;
  }

  async recordFailure(ip: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('login_address_failures')
      .values({ address: addressKey(ip), minute: Math.floor(now / MINUTE), failures: 1 })
      .onConflict((oc) => oc.columns(['address', 'minute']).doUpdateSet({ failures: sql<number>`login_address_failures.failures + 1` }))
      .execute();
  }
}

/** Buckets that have left every window, and account rows untouched for a day. */
export async function pruneLoginFailures(db: Kysely<Database>, now = Date.now()) {
  const addresses = await db
    .deleteFrom('login_address_failures')
    .where('minute', '<=', Math.floor(now / MINUTE) - ADDRESS_WINDOW_MINUTES)
    .executeTakeFirst();
  const accounts = await db
    .deleteFrom('login_failures')
    .where('updated_at', '<', now - 86_400_000)
    .executeTakeFirst();
  return { addresses: Number(addresses.numDeletedRows), accounts: Number(accounts.numDeletedRows) };
}
