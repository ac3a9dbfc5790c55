// WARNING: part of the main bundle. Always in view: changes waiting, the last successful
// sync, a plain-language reason when it fails, rejected changes, and "sync now". Offline is
// the normal state of this app, not an error: then the bar is one quiet line, so every
// screen's content stays in view on a small phone.
import { useState } from 'preact/hooks';
import { pendingCount } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import type { Lang } from '../i18n.js';
import { useOnline } from '../online.js';
import { useSession, useTranslate } from '../session.js';
import { db } from '../shared/database.js';
import type { SyncFailure } from '../shared/sync-protocol.js';
import { syncNow, useSync } from '../sync/engine.js';

/** Failures that need the learner or will not pass by themselves; offline is not one. */
const PROBLEM_TEXT = {
  expired: 'syncExpired',
  busy: 'syncBusy',
  quota: 'syncQuota',
  server: 'syncServer',
} as const satisfies Record<Exclude<SyncFailure, 'offline'>, string>;

/** A rejection in the learner's words; the stored reason is "code: server's message". */
const reasonText = (reason = '') =>
  reason.startsWith('invalid-time')
    ? 'reasonInvalidTime'
    : reason.startsWith('attempts-exceeded')
      ? 'reasonAttemptsExceeded'
      : 'reasonOther';

/** Only as much date as it takes: the time today, the day this year, else the full date. */
export function syncTime(at: number, lang: Lang, now = new Date()): string {
  const when = new Date(at);
  const sameYear = when.getFullYear() === now.getFullYear();
  const today = sameYear && when.getMonth() === now.getMonth() && when.getDate() === now.getDate();
  const options: Intl.DateTimeFormatOptions = today
    ? { timeStyle: 'short' }
    : sameYear
      ? { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' }
      : { dateStyle: 'short', timeStyle: 'short' };
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', options).format(when).replace(', ', ' ');
}

export function SyncStatus() {
  const t = useTranslate();
  const { user, lang } = useSession();
  const { running, failure, lastSyncAt } = useSync();
  const online = useOnline();
  const pending = useLiveQuery(() => (user ? pendingCount(user.id) : 0), [user?.id]);
  const rejected =
    useLiveQuery(() => (user ? db.events.where('[userId+status]').equals([user.id, 'rejected']).toArray() : []), [user?.id]) ?? [];
  const [open, setOpen] = useState(false);
  if (!user) return null;

  const time = lastSyncAt ? syncTime(lastSyncAt, lang) : null;
  const offline = !online || failure === 'offline';
  const problem = failure && failure !== 'offline' ? failure : null;
  // Nothing about the outbox until it is counted: never a moment of "all sent" that is not true.
  const waiting =
    pending === undefined
      ? []
      : pending > 0
        ? [t(offline ? 'pendingShort' : 'pendingChanges', { n: pending })]
        : [t(offline ? 'allSentShort' : 'allSynced')];
  const line = [...(offline ? [t('offlineState')] : []), ...waiting, time ? t('lastSync', { time }) : t('neverSynced')].join(' · ');
  return (
    <section class={offline ? 'sync offline' : 'sync'} aria-label={t('syncStatus')}>
      <p role="status" class="sync-line">
        {line}
      </p>
      {/* Known offline, a sync cannot work: no button to press in vain. */}
      {online && (
        <button type="button" class="sync-now" onClick={() => !running && void syncNow()} aria-disabled={running} aria-busy={running}>
          {/* Both labels take the same cell, so the button keeps its width and nothing moves. */}
          <span aria-hidden={running}>{t('syncNow')}</span>
          <span aria-hidden={!running}>{t('syncing')}</span>
        </button>
      )}
      {problem && (
        <p class="sync-error" role="alert">
          {t(PROBLEM_TEXT[problem])}
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
    </section>
  );
}
