// The "Sesi" section of a course: its meetings as the device keeps them (fetched on opening
// the course and after each sync), each with its time in Jakarta, place, meeting link, a
// calendar file, and "Hadir" while check-in is open, with what became of the check-in.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, lazy } from 'preact-iso';
import type { Session } from '../../domain/api/sessions.js';
import { useLiveQuery } from '../db/live.js';
import { useSession } from '../session.js';
import { db } from '../shared/database.js';
import { useSync } from '../sync/engine.js';
import { modeKey, refusalKey, type SessionsTranslate, sessionWhen, useSessionsTranslate } from './i18n-sessions.js';
import { icsFileName, sessionIcs } from './ics.js';
import { type AttendanceState, attendanceOf, checkInOpen } from './model.js';
import { keptSessions, refreshSessions } from './store.js';
import './sessions.css';

// The camera and the code field load only when the learner presses "Hadir".
const CheckIn = lazy(() => import('./CheckIn.js').then((m) => m.CheckIn));

export interface CourseSessionsProps {
  courseId: string;
  courseTitle: string;
  /** The version check-ins are recorded against: the downloaded one, else the listed one. */
  courseVersion: number | undefined;
  /** `?hadir=<session>&kode=<code>`: a check-in link opened by the phone's camera app. */
  link?: { sessionId: string; code: string | null } | null;
  /** Called once the link's check-in is recorded or closed, to drop it from the address. */
  onLinkDone?: () => void;
}

/** The device's clock, read again every 30 s so "Hadir" appears and goes on time. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function CourseSessions({ courseId, courseTitle, courseVersion, link, onLinkDone }: CourseSessionsProps) {
  const t = useSessionsTranslate();
  const userId = useSession((s) => s.user?.id);
  const kept = useLiveQuery(async () => (userId ? keptSessions(userId, courseId) : null), [userId, courseId]);
  const checkIns = useLiveQuery(
    async () =>
      userId
        ? db.events
            .where('[userId+courseId]')
            .equals([userId, courseId])
            .filter((e) => e.type === 'attendance.checked-in')
            .toArray()
        : [],
    [userId, courseId],
  );
  const now = useNow();
  const [open, setOpen] = useState<string | null>(link?.sessionId ?? null);
  // A link opened while the course is already on screen.
  useEffect(() => {
    if (link?.sessionId) setOpen(link.sessionId);
  }, [link?.sessionId, link?.code]);

  // Opening the course with signal, and every sync that ends well, bring the admin's changes.
  useEffect(() => {
    void refreshSessions(courseId);
    return useSync.subscribe((state, before) => {
      if (before.running && !state.running && !state.failure) void refreshSessions(courseId);
    });
  }, [courseId, userId]);

  if (!userId || kept === undefined || checkIns === undefined) return null;
  const sessions = kept?.sessions ?? [];
  const linked = link && !sessions.some((s) => s.id === link.sessionId) ? link.sessionId : null;
  if (sessions.length === 0 && !linked) return null;

  const close = (sessionId: string) => {
    setOpen(null);
    if (link?.sessionId === sessionId) onLinkDone?.();
    // Back to the session's own "Hadir" or status, not the top of the page.
    requestAnimationFrame(() => document.getElementById(`session-${sessionId}`)?.focus());
  };
  const checkIn = (sessionId: string, session: Session | null) =>
    courseVersion !== undefined && (
      <ErrorBoundary>
        <CheckIn
          userId={userId}
          courseId={courseId}
          courseVersion={courseVersion}
          sessionId={sessionId}
          session={session}
          initialCode={link?.sessionId === sessionId ? link.code : null}
          onDone={() => close(sessionId)}
        />
      </ErrorBoundary>
    );

  return (
    <section class="sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessionsTitle')}</h2>
      {linked && open === linked && checkIn(linked, null)}
      <ul>
        {sessions.map((s) => {
          const state = attendanceOf(checkIns, s.id);
          const canCheckIn = checkInOpen(s, now) && (state.kind === 'none' || state.kind === 'rejected');
          return (
            <li key={s.id} class={`card session${s.cancelledAt ? ' cancelled' : ''}`}>
              <h3 id={`session-${s.id}`} tabIndex={-1}>
                {s.title}
                {s.cancelledAt && (
                  <>
                    {' '}
                    <span class="cancelled-mark">{t('sessionCancelled')}</span>
                  </>
                )}
              </h3>
              <SessionFacts session={s} t={t} />
              <AttendanceLine state={state} t={t} />
              {open === s.id && (canCheckIn || link?.sessionId === s.id) ? (
                checkIn(s.id, s)
              ) : (
                <div class="row">
                  {canCheckIn && courseVersion !== undefined && (
                    <button type="button" onClick={() => setOpen(s.id)}>
                      {t('sessionCheckIn')}
                    </button>
                  )}
                  <button type="button" class="secondary" onClick={() => downloadIcs(s, courseTitle, t(modeKey[s.mode]))}>
                    {t('sessionAddToCalendar')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function SessionFacts({ session: s, t }: { session: Session; t: SessionsTranslate }) {
  const lang = useSession((state) => state.lang);
  return (
    <dl class="facts">
      <dt>{t('sessionTime')}</dt>
      <dd>{sessionWhen(s.startsAt, s.endsAt, lang)}</dd>
      <dt>{t('sessionFormat')}</dt>
      <dd>{t(modeKey[s.mode])}</dd>
      {s.place && (
        <>
          <dt>{t('sessionPlace')}</dt>
          <dd>{s.place}</dd>
        </>
      )}
      {s.meetingUrl && (
        <>
          <dt>{t('sessionMeeting')}</dt>
          <dd>
            {/* The schema admits http(s) addresses only, so the link can never run script. */}
            <a href={s.meetingUrl} target="_blank" rel="noopener noreferrer">
              {t('sessionOpenMeeting')} <span class="visually-hidden">{t('sessionNewTab')}</span>
            </a>
          </dd>
        </>
      )}
    </dl>
  );
}

/** Announced as it changes: a check-in's fate arrives with a sync, not with a click. */
function AttendanceLine({ state, t }: { state: AttendanceState; t: SessionsTranslate }) {
  const text =
    state.kind === 'pending'
      ? t('sessionPending')
      : state.kind === 'recorded'
        ? t('sessionRecorded')
        : state.kind === 'rejected'
          ? t(refusalKey[state.refusal], { message: state.message })
          : '';
  return (
    <p class={`attendance ${state.kind}`} aria-live="polite">
      {text}
    </p>
  );
}

function downloadIcs(session: Session, courseTitle: string, modeLabel: string): void {
  const text = sessionIcs({ session, courseTitle, modeLabel, host: location.host });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = icsFileName(session);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
