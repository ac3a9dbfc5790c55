// The sync reply's JSON, written by hand: this is the hottest path of the server. Its shape is
// SyncReply (src/domain/api/sync.ts); tests/server/sync-contract.test.ts holds the two together.
import type { StoredEvent } from '../events.js';
import type { SyncOutcome } from './index.js';

/**
 * A pulled event as JSON text (docs/sync.md): `data` and `result` were stored as JSON written
 * by this server, so they are spliced in as they are instead of parsed and printed again.
 */
export function pulledJson(r: StoredEvent): string {
  const result = r.result_json ? `,"result":${r.result_json}` : '';
  return `{"id":${JSON.stringify(r.id)},"seq":${Number(r.seq)},"type":${JSON.stringify(r.type)},"courseId":${JSON.stringify(r.course_id)},"courseVersion":${Number(r.course_version)},"at":"${new Date(Number(r.at)).toISOString()}","data":${r.data_json}${result}}`;
}

/** The 200 reply of POST /api/sync as JSON text; SyncReply in src/domain/api/sync.ts is its schema, and tests parse it with that. */
export const syncReplyJson = (o: SyncOutcome): string =>
  `{"accepted":${JSON.stringify(o.accepted)},"rejected":${JSON.stringify(o.rejected)},"events":[${o.events.join(',')}],"cursor":${JSON.stringify(o.cursor)},"more":${o.more}}`;
