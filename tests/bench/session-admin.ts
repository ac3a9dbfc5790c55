// The administrator's side of a benchmarked session, over the server's own HTTP API: it
// schedules a session, opens its check-in screen for the secret, and reads the attendance
// report and the daftar hadir; and the same attendance as the database holds it.
import { base32Decode } from '../../src/domain/totp.js';
import { createSession } from '../../src/server/services/sessions.js';
import { COURSE } from '../helpers/events.js';
import type { SyncServer } from './sync-server.js';

export interface RunningSession {
  id: string;
  secret: Uint8Array;
}

/** What the database holds for one session, among `learners`. */
export interface Counted {
  /** Attendance rows of the session. */
  rows: number;
  /** Distinct learners among them. */
  learners: number;
  /** The check-in events those rows name, sorted. */
  eventIds: string[];
  earliest: number;
  latest: number;
  /** Every event stored under those learners, check-ins or not. */
  eventsStored: number;
}

/** The attendance report's totals, and the daftar hadir's rows. */
export interface Reported {
  luring: number;
  daring: number;
  /** The per-unit counts, added up. */
  units: number;
  nips: number;
  distinctNips: number;
}

export class HallAdmin {
  private constructor(
    private readonly env: SyncServer,
    private readonly token: string,
  ) {}

  /** An administrator account with a live session token, written straight into the database. */
  static async create(env: SyncServer): Promise<HallAdmin> {
    const now = Date.now();
    await env.store.db
      .insertInto('users')
      .values({
        id: 'hall-admin',
        nip: '198001012005011001',
        name: 'Admin Diklat',
        unit: 'BKPSDM',
        position: 'Analis SDM Aparatur',
        role: 'admin',
        password_hash: 'unused: the admin only ever holds this token',
        disabled_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return new HallAdmin(env, (await createSession(env.store.db, 'hall-admin')).token);
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.env.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  }

  /** A session of the sample course for every unit, started half an hour ago, and the secret its screen shows codes of. */
  async sessionRunningNow(title: string): Promise<RunningSession> {
    const now = Date.now();
    const session = (await (
      await this.call('POST', `/api/admin/courses/${COURSE}/sessions`, {
        title,
        mode: 'luring',
        startsAt: new Date(now - 30 * 60_000).toISOString(),
        endsAt: new Date(now + 90 * 60_000).toISOString(),
        place: 'Aula BKPSDM',
      })
    ).json()) as { id: string };
    const { secret } = (await (await this.call('GET', `/api/admin/sessions/${session.id}/check-in`)).json()) as { secret: string };
    return { id: session.id, secret: base32Decode(secret) };
  }

  async counted(sessionId: string, learners: string[]): Promise<Counted> {
    const db = this.env.store.db;
    const rows = await db
      .selectFrom('attendance')
      .select(['user_id', 'event_id', 'checked_at'])
      .where('session_id', '=', sessionId)
      .where('user_id', 'in', learners)
      .execute();
    const { n } = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', 'in', learners)
      .executeTakeFirstOrThrow();
    const times = rows.map((r) => Number(r.checked_at));
    return {
      rows: rows.length,
      learners: new Set(rows.map((r) => r.user_id)).size,
      eventIds: rows.map((r) => r.event_id).sort(),
      earliest: Math.min(...times),
      latest: Math.max(...times),
      eventsStored: Number(n),
    };
  }

  async reported(sessionId: string): Promise<Reported> {
    const report = (await (await this.call('GET', `/api/admin/sessions/${sessionId}/attendance`)).json()) as {
      units: { luring: number; daring: number }[];
      total: { luring: number; daring: number };
    };
    // The daftar hadir: a BOM, a header, then one CRLF-ended row per learner; NIP is the second cell.
    const csv = await (await this.call('GET', `/api/admin/sessions/${sessionId}/attendance.csv`)).text();
    const nips = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => line.split(',')[1]!.replace(/\s/g, ''));
    return {
      luring: report.total.luring,
      daring: report.total.daring,
      units: report.units.reduce((n, u) => n + u.luring + u.daring, 0),
      nips: nips.length,
      distinctNips: new Set(nips).size,
    };
  }
}
