// The sync cursor: a position in one learner's event sequence, opaque to the app and
// signed so it cannot be forged or moved to another learner (docs/sync.md).
import { createHmac, timingSafeEqual } from 'node:crypto';

export class InvalidCursor extends Error {}

export class CursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(userId: string, seq: number): string {
    const body = `1.${seq}`;
    return `${body}.${this.sign(userId, body)}`;
  }

  /** The sequence number a cursor stands for; null means "from the start". */
  decode(userId: string, cursor: string | null): number {
    if (cursor === null) return 0;
    const match = /^1\.(\d{1,15})\.([\w-]{43})$/.exec(cursor);
    if (!match) throw new InvalidCursor('this cursor was not issued by this server');
    const expected = Buffer.from(this.sign(userId, `1.${match[1]}`));
    const given = Buffer.from(match[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new InvalidCursor('this cursor was not issued by this server for this account');
    return Number(match[1]);
  }

  private sign(userId: string, body: string): string {
    return createHmac('sha256', this.key).update(`${userId}\n${body}`).digest('base64url');
  }
}
