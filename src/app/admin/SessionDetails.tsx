// A session's particulars as the check-in screen and the printed daftar hadir head them:
// course, title, date, time (WIB), place, kind, unit.
import type { Session } from '../../domain/api/sessions.js';
import { isoToDisplay } from './format.js';
import type { AdminKey } from './i18n-admin.js';
import { jakartaParts } from './session-time.js';
import { useAdminTranslate } from './use-admin-translate.js';

export const MODE_LABEL: Record<Session['mode'], AdminKey> = {
  luring: 'sesiModeLuring',
  daring: 'sesiModeDaring',
  hybrid: 'sesiModeHybrid',
};

/** "01/12/2026, 08:00–12:00 WIB". */
export function useSessionWhen() {
  const t = useAdminTranslate();
  return (session: Pick<Session, 'startsAt' | 'endsAt'>) => {
    const start = jakartaParts(session.startsAt);
    return t('sesiWhen', { date: isoToDisplay(start.date), start: start.time, end: jakartaParts(session.endsAt).time });
  };
}

export function SessionDetails({ session, courseTitle }: { session: Session; courseTitle?: string | undefined }) {
  const t = useAdminTranslate();
  const start = jakartaParts(session.startsAt);
  const rows: [AdminKey, string | undefined][] = [
    ['sesiDetailsCourse', courseTitle ?? session.courseId],
    ['sesiDetailsTitle', session.title],
    ['sesiDetailsDate', isoToDisplay(start.date)],
    ['sesiDetailsTime', `${start.time}–${jakartaParts(session.endsAt).time} WIB`],
    ['sesiDetailsPlace', session.place ?? undefined],
    ['sesiDetailsMode', t(MODE_LABEL[session.mode])],
    ['sesiDetailsUnit', session.unit ?? t('sesiEveryUnit')],
  ];
  return (
    <dl class="session-details">
      {rows.map(
        ([label, value]) =>
          value !== undefined && (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ),
      )}
      {session.meetingUrl && (
        <div>
          <dt>{t('sesiDetailsUrl')}</dt>
          <dd>
            <a href={session.meetingUrl} target="_blank" rel="noopener noreferrer">
              {session.meetingUrl}
            </a>
          </dd>
        </div>
      )}
    </dl>
  );
}
