// WARNING: part of the main bundle. Always in view: changes waiting, the last successful
// sync, a plain-language reason when it fails, rejected changes, and "sync now".
import { useState } from 'preact/hooks';
import { db } from '../db/database.js';
import { pendingCount } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import { useSession, useTranslate } from '../session.js';
import { syncNow, useSync } from '../sync/engine.js';
import type { SyncFailure } from '../sync/protocol.js';

const FAILURE_TEXT = {
  offline: 'syncOffline',
  expired: 'syncExpired',
  busy: 'syncBusy',
  quota: 'syncQuota',
  server: 'syncServer',
} as const satisfies Record<SyncFailure, string>;

/** A rejection in the learner's words; the stored reason is "code: server's message". */
const reasonText = (reason = '') =>
  reason.startsWith('invalid-time')
    ? 'reasonInvalidTime'
    : reason.startsWith('attempts-exceeded')
      ? 'reasonAttemptsExceeded'
      : 'reasonOther';

export function SyncStatus() {
  const t = useTranslate();
  const { user, lang } = useSession();
  const { running, failure, lastSyncAt } = useSync();
  const pending = useLiveQuery(() => (user ? pendingCount(user.id) : 0), [user?.id]) ?? 0;
  const rejected =
    useLiveQuery(() => (user ? db.events.where('[userId+status]').equals([user.id, 'rejected']).toArray() : []), [user?.id]) ?? [];
  const [open, setOpen] = useState(false);
  if (!user) return null;

  const time = lastSyncAt
    ? new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(lastSyncAt)
    : null;
  return (
    <section class="sync" aria-label={t('syncStatus')}>
      <p role="status" class="sync-line">
        <span>{pending > 0 ? t('pendingChanges', { n: pending }) : t('allSynced')}</span>
        <span class="muted">{time ? t('lastSync', { time }) : t('neverSynced')}</span>
      </p>
      {failure && (
        <p class="sync-error" role="alert">
          {t(FAILURE_TEXT[failure])}
        </p>
      )}
      {rejected.length > 0 && (
        <div class="sync-error">
          <button type="button" class="quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('rejectedChanges', { n: rejected.length })}
          </button>
          {open && (
            <ul>
              {rejected.map((e) => (
                <li key={e.id}>
                  {e.type} · {e.courseId} · {t(reasonText(e.reason))} <span class="muted">({e.reason})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {/* Same label while running, so the page below does not shift under the reader. */}
      <button type="button" class="small" onClick={() => void syncNow()} aria-disabled={running} aria-busy={running}>
        {t('syncNow')}
      </button>
    </section>
  );
}
