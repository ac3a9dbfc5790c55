// WARNING: part of the main bundle. Always in view: changes waiting, the last successful
// sync, a plain-language reason when it fails, rejected changes, and "sync now".
import { useState } from 'preact/hooks';
import { db } from '../db/database.js';
import { pendingCount } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import { useSession, useTranslate } from '../session.js';
import { syncNow, useSync } from '../sync/engine.js';

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
          {t(
            failure === 'offline' ? 'syncOffline' : failure === 'expired' ? 'syncExpired' : failure === 'busy' ? 'syncBusy' : 'syncServer',
          )}
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
                  {e.type} · {e.courseId} · {e.reason}
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
