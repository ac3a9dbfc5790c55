// The facilitator's check-in screen (/admin/sessions/:id), projected in the room or shared in
// the call. Opened once with a signal, it keeps the session's secret and details on the
// device (check-in-keep.ts), so a reload with none still shows the changing code; how many
// have checked in is read every 10 s while there is a signal.
import { useEffect, useRef, useState } from 'preact/hooks';
import { checkInWindow } from '../../domain/session-window.js';
import { useOnline } from '../online.js';
import { useSession } from '../session.js';
import { adminApi } from './api.js';
import { CheckInCode } from './CheckInCode.js';
import { forgetClosed, type KeptCheckIn, keepCheckIn, keepScreenFiles, keptCheckIn } from './check-in-keep.js';
import { describeError } from './errors.js';
import { formatJakartaDate } from './format.js';
import { SessionDetails } from './SessionDetails.js';
import { jakartaParts } from './session-time.js';
import { useAdminTranslate } from './use-admin-translate.js';

const COUNT_EVERY_MS = 10_000;

/** The time, ticking at each second's boundary so the code changes with the step. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, 1000 - (Date.now() % 1000));
    };
    timer = setTimeout(tick, 1000 - (Date.now() % 1000));
    return () => clearTimeout(timer);
  }, []);
  return now;
}

const countOf = (report: { total: { luring: number; daring: number } }) => report.total.luring + report.total.daring;

export function CheckIn({ id }: { id: string }) {
  const t = useAdminTranslate();
  const user = useSession((s) => s.user);
  const now = useNow();
  const online = useOnline();
  const [kept, setKept] = useState<KeptCheckIn | undefined>(() => (user ? keptCheckIn(id, user.id, Date.now()) : undefined));
  const [failure, setFailure] = useState<{ error: unknown }>();
  const [loading, setLoading] = useState(true);
  // Whether the last reading of the count worked: if not, it is shown with its time.
  const [fresh, setFresh] = useState(false);
  const latest = useRef(kept);
  latest.current = kept;

  const update = (entry: KeptCheckIn) => {
    keepCheckIn(entry, Date.now());
    setKept(entry);
    setFresh(true);
  };

  useEffect(() => {
    if (!user) return;
    const abort = new AbortController();
    Promise.all([adminApi.checkIn(id, abort.signal), adminApi.attendance(id, abort.signal), adminApi.courses().catch(() => [])])
      .then(([{ secret }, report, courses]) => {
        const courseTitle = courses.find((c) => c.id === report.session.courseId)?.title;
        update({
          userId: user.id,
          session: report.session,
          secret,
          count: countOf(report),
          countedAt: Date.now(),
          ...(courseTitle ? { courseTitle } : {}),
        });
        // Its files too, so that a reload with no signal finds them.
        keepScreenFiles().catch(() => undefined);
      })
      .catch((error: unknown) => abort.signal.aborted || setFailure({ error }))
      .finally(() => abort.signal.aborted || setLoading(false));
    return () => abort.abort();
  }, [id, user?.id]);

  const open = !!kept;
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      if (!navigator.onLine) return setFresh(false);
      adminApi.attendance(id).then(
        (report) => latest.current && update({ ...latest.current, session: report.session, count: countOf(report), countedAt: Date.now() }),
        () => setFresh(false),
      );
    }, COUNT_EVERY_MS);
    return () => clearInterval(timer);
  }, [id, open]);

  const accepted = kept && checkInWindow(kept.session);
  const closed = !!accepted && now >= accepted.closes;
  // Deleted at the moment check-in closes, even if the screen stays open.
  useEffect(() => {
    if (closed) forgetClosed(Date.now());
  }, [closed]);

  if (user?.role !== 'admin' && user?.role !== 'coordinator') return <p>{t('adminOnly')}</p>;

  const back = (
    <p class="back">
      <a href="/admin/sesi">{t('sesiBack')}</a>
    </p>
  );
  if (!kept || !accepted)
    return (
      <article class="admin check-in" aria-labelledby="check-in-title">
        {back}
        <h1 id="check-in-title">{t('sesiOpenCheckIn')}</h1>
        <p role="status">
          {loading
            ? t('sesiCheckInLoading')
            : failure && !(failure.error instanceof TypeError)
              ? t('sesiCheckInFailed', { reason: describeError(t, failure.error) })
              : t('sesiCheckInNeedsSignal')}
        </p>
      </article>
    );

  const { session } = kept;
  const at = (ms: number) => ({ ...jakartaParts(ms), date: formatJakartaDate(new Date(ms).toISOString()) });
  const warning = session.cancelledAt
    ? t('sesiCancelledNote')
    : now < accepted.opens
      ? t('sesiNotYet', at(accepted.opens))
      : closed
        ? t('sesiOver', at(accepted.closes))
        : undefined;
  const stale = !online || !fresh;
  return (
    <article class="admin check-in" aria-labelledby="check-in-title">
      {back}
      <h1 id="check-in-title">{t('sesiCheckInTitle', { title: session.title })}</h1>
      <SessionDetails session={session} courseTitle={kept.courseTitle} />
      {warning && (
        <p class="warning" role="alert">
          {warning}
        </p>
      )}
      <CheckInCode secret={kept.secret} courseId={session.courseId} sessionId={session.id} now={now} />
      <p class="check-in-count" role="status">
        {kept.count === undefined ? t('sesiCountUnknown') : t('sesiCount', { n: kept.count })}
        {stale && kept.countedAt !== undefined && <> ({t('sesiCountStale', { time: jakartaParts(kept.countedAt).time })})</>}
      </p>
      <p class="muted">{t('sesiCountNote')}</p>
      {!closed && <p class="muted">{t('sesiKeptNote', { time: jakartaParts(accepted.closes).time })}</p>}
    </article>
  );
}
