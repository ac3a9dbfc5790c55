// A course's sessions: upcoming first, cancelled ones marked; scheduling and changing one,
// cancelling with a confirmation, the facilitator's check-in screen, and who came. A unit's
// coordinator does the same for their own unit (the server forces it); a session for every
// unit they only read.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { focusOnMount } from '../components/focus.js';
import { Attendance } from './Attendance.js';
import { type AdminCourse, adminApi, type Session, type StaffUser } from './api.js';
import { describeError } from './errors.js';
import { MODE_LABEL, useSessionWhen } from './SessionDetails.js';
import { SessionForm } from './SessionForm.js';
import { upcomingFirst } from './session-time.js';
import { useAdminTranslate } from './use-admin-translate.js';

export interface SessionsProps {
  courses: AdminCourse[] | undefined;
  users: StaffUser[] | undefined;
  /** A coordinator's unit: their sessions are for it, and only those they may change. */
  ownUnit?: string | undefined;
}

export function Sessions({ courses, users, ownUnit }: SessionsProps) {
  const t = useAdminTranslate();
  const [chosen, setChosen] = useState<string>();
  const courseId = chosen ?? courses?.[0]?.id;
  const [list, setList] = useState<Session[]>();
  const [failure, setFailure] = useState<{ error: unknown }>();
  /** The form: 'new', a session being changed, or closed. */
  const [editing, setEditing] = useState<Session | 'new'>();
  const [cancelling, setCancelling] = useState<string>();
  const [viewing, setViewing] = useState<string>();
  const [done, setDone] = useState<string>();
  const when = useSessionWhen();

  useEffect(() => {
    if (!courseId) return;
    const abort = new AbortController();
    setList(undefined);
    setFailure(undefined);
    adminApi.sessions(courseId, abort.signal).then(setList, (error: unknown) => abort.signal.aborted || setFailure({ error }));
    return () => abort.abort();
  }, [courseId]);

  const units = useMemo(
    () => [...new Set(users?.filter((u) => u.role === 'learner').map((u) => u.unit))].sort((a, b) => a.localeCompare(b, 'id')),
    [users],
  );
  const sorted = useMemo(() => (list ? upcomingFirst(list, Date.now()) : undefined), [list]);
  const mine = (s: Session) => !ownUnit || s.unit === ownUnit;
  const replace = (session: Session) =>
    setList((rows) =>
      rows?.some((s) => s.id === session.id) ? rows.map((s) => (s.id === session.id ? session : s)) : [...(rows ?? []), session],
    );
  const courseTitle = courses?.find((c) => c.id === courseId)?.title;

  if (viewing) return <Attendance sessionId={viewing} courseTitle={courseTitle} onBack={() => setViewing(undefined)} />;

  return (
    <section class="card sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sesiTitle')}</h2>
      <p class="muted">{t('sesiHint')}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('filterCourse')}
          <select
            value={courseId}
            onChange={(e) => {
              setChosen((e.target as HTMLSelectElement).value);
              setEditing(undefined);
              setDone(undefined);
            }}
          >
            {courses?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        {ownUnit && (
          <p class="own-unit">
            {t('filterUnit')}: <strong>{ownUnit}</strong>
          </p>
        )}
      </form>
      {courseId && editing === undefined && (
        <button
          type="button"
          onClick={() => {
            setDone(undefined);
            setEditing('new');
          }}
        >
          {t('sesiNew')}
        </button>
      )}
      {courseId && editing !== undefined && (
        <SessionForm
          key={editing === 'new' ? 'new' : editing.id}
          courseId={courseId}
          session={editing === 'new' ? undefined : editing}
          units={units}
          ownUnit={ownUnit}
          onSaved={(session) => {
            replace(session);
            setEditing(undefined);
            setDone(t('sesiSavedDone', { title: session.title }));
          }}
          onClose={() => setEditing(undefined)}
        />
      )}
      {done && (
        <p class="ready" role="status">
          {done}
        </p>
      )}
      {failure && (
        <p class="error" role="alert">
          {t('sesiFailed', { reason: describeError(t, failure.error) })}
        </p>
      )}
      {!sorted && !failure && courseId && <p role="status">{t('sesiLoading')}</p>}
      {sorted && sorted.length === 0 && <p>{t('sesiNone')}</p>}
      {sorted && sorted.length > 0 && (
        <ul class="session-list" aria-labelledby="sessions-title">
          {sorted.map((s) => (
            <li key={s.id} class={s.cancelledAt ? 'cancelled' : undefined}>
              <h3>
                {s.title} {s.cancelledAt && <span class="pill off">{t('sesiCancelled')}</span>}
                {!s.cancelledAt && Date.parse(s.endsAt) < Date.now() && <span class="pill">{t('sesiPast')}</span>}
              </h3>
              <p>
                {when(s)} · {t(MODE_LABEL[s.mode])}
                {s.place && <> · {s.place}</>}
              </p>
              <p class="muted">
                {t('sesiDetailsUnit')}: {s.unit ?? t('sesiEveryUnit')}
              </p>
              <div class="actions">
                {!s.cancelledAt && mine(s) && (
                  <a
                    class="button"
                    href={`/admin/sessions/${encodeURIComponent(s.id)}`}
                    aria-label={t('sesiOpenCheckInLabel', { title: s.title })}
                  >
                    {t('sesiOpenCheckIn')}
                  </a>
                )}
                <button
                  type="button"
                  class="secondary"
                  aria-label={t('sesiAttendanceLabel', { title: s.title })}
                  onClick={() => setViewing(s.id)}
                >
                  {t('sesiAttendance')}
                </button>
                {!s.cancelledAt && mine(s) && (
                  <>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={t('sesiEditLabel', { title: s.title })}
                      onClick={() => {
                        setDone(undefined);
                        setEditing(s);
                      }}
                    >
                      {t('sesiEdit')}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={t('sesiCancelLabel', { title: s.title })}
                      onClick={() => {
                        setDone(undefined);
                        setCancelling(s.id);
                      }}
                    >
                      {t('sesiCancel')}
                    </button>
                  </>
                )}
              </div>
              {cancelling === s.id && (
                <CancelConfirm
                  session={s}
                  when={when(s)}
                  onKeep={() => setCancelling(undefined)}
                  onCancelled={(session) => {
                    replace(session);
                    setCancelling(undefined);
                    setDone(t('sesiCancelledDone', { title: session.title }));
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CancelConfirm({
  session,
  when,
  onKeep,
  onCancelled,
}: {
  session: Session;
  when: string;
  onKeep(): void;
  onCancelled(session: Session): void;
}) {
  const t = useAdminTranslate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      onCancelled(await adminApi.cancelSession(session.id));
    } catch (e) {
      setError(t('sesiCancelFailed', { reason: describeError(t, e) }));
      setBusy(false);
    }
  };
  return (
    <div class="confirm">
      <p>{t('sesiCancelWarning', { title: session.title, when })}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {/* The safe choice takes the focus. */}
        <button type="button" class="secondary" ref={focusOnMount} onClick={onKeep}>
          {t('sesiCancelKeep')}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void cancel()}>
          {t('sesiCancelConfirm')}
        </button>
      </div>
    </div>
  );
}
