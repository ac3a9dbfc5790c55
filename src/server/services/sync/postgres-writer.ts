import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { conflict, type EventWriter, type NewEvent, type Rejection, type Stored, staleMarks } from './writer.js';

/**
 * PostgreSQL: one transaction per request. The learner's row is locked (FOR UPDATE) while
 * the sequence numbers are handed out and the events stored, so a pull can never pass an
 * event that commits later (DESIGN §3, "a pull never skips"); other learners' requests
 * commit in parallel on other connections.
 */
export function postgresWriter(db: Kysely<Database>): EventWriter {
  const store = async (trx: Transaction<Database>, userId: string, events: NewEvent[]): Promise<Stored> => {
    const { event_seq } = await trx.selectFrom('users').select('event_seq').where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
    const owners = new Map<string, string>();
    for (let i = 0; i < events.length; i += 500) {
      const ids = events.slice(i, i + 500).map((e) => e.id);
      for (const r of await trx.selectFrom('events').select(['id', 'user_id']).where('id', 'in', ids).execute())
        owners.set(r.id, r.user_id);
    }
    let seq = Number(event_seq);
    const fresh = events.filter((e) => !owners.has(e.id)).map((e) => ({ ...e, seq: ++seq }));
    // Another learner's transaction may insert the same id at this moment: the primary key
    // decides, and the loser is told "conflict" rather than overwriting anything.
    const inserted = new Set<string>();
    for (let i = 0; i < fresh.length; i += 100) {
      const rows = await trx
        .insertInto('events')
        .values(fresh.slice(i, i + 100))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      for (const r of rows) inserted.add(r.id);
    }
    const accepted: string[] = [];
    const rejected: Rejection[] = [];
    for (const e of events) {
      if (inserted.has(e.id) || owners.get(e.id) === userId) accepted.push(e.id);
      else rejected.push(conflict(e.id));
    }
    const stored = fresh.filter((e) => inserted.has(e.id));
    if (stored.length > 0) {
      await trx.updateTable('users').set({ event_seq: seq }).where('id', '=', userId).execute();
      await trx
        .insertInto('progress_stale')
        .values(staleMarks(stored))
        .onConflict((oc) => oc.columns(['user_id', 'course_id']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq') })))
        .execute();
    }
    return { accepted, rejected, inserted: stored };
  };
  return { write: (userId, events) => db.transaction().execute((trx) => store(trx, userId, events)) };
}
