// Who came to one session: luring and daring per unit with the totals, whom to follow up
// (came but not completed, completed without coming), the daftar hadir as CSV, and printed:
// the session's particulars over a table with an empty column to sign, the paper record.
import { useEffect, useState } from 'preact/hooks';
import { groupNip } from '../../domain/nip.js';
import { type AttendanceReport, adminApi } from './api.js';
import { describeError } from './errors.js';
import { SessionDetails } from './SessionDetails.js';
import { jakartaParts } from './session-time.js';
import { useAdminTranslate } from './use-admin-translate.js';

interface Props {
  sessionId: string;
  courseTitle?: string | undefined;
  onBack(): void;
}

export function Attendance({ sessionId, courseTitle, onBack }: Props) {
  const t = useAdminTranslate();
  const [report, setReport] = useState<AttendanceReport>();
  const [failure, setFailure] = useState<{ error: unknown }>();

  useEffect(() => {
    const abort = new AbortController();
    adminApi.attendance(sessionId, abort.signal).then(setReport, (error: unknown) => abort.signal.aborted || setFailure({ error }));
    return () => abort.abort();
  }, [sessionId]);

  return (
    <section class="attendance" aria-labelledby="attendance-title">
      <p class="back screen-only">
        <button type="button" class="secondary" onClick={onBack}>
          {t('sesiBack')}
        </button>
      </p>
      <h2 id="attendance-title">{report ? t('sesiAttendanceTitle', { title: report.session.title }) : t('sesiAttendance')}</h2>
      {failure && (
        <p class="error" role="alert">
          {t('sesiAttendanceFailed', { reason: describeError(t, failure.error) })}
        </p>
      )}
      {!report && !failure && <p role="status">{t('sesiAttendanceLoading')}</p>}
      {report && (
        <>
          <div class="actions screen-only">
            <button type="button" class="secondary" onClick={() => void adminApi.downloadAttendanceCsv(sessionId).catch(() => undefined)}>
              {t('sesiDownloadCsv')}
            </button>
            <button type="button" class="secondary" onClick={() => window.print()}>
              {t('sesiPrint')}
            </button>
          </div>
          <div class="screen-only">
            <Summary report={report} />
          </div>
          <div class="daftar-hadir">
            <h3>{t('sesiRegister')}</h3>
            <SessionDetails session={report.session} courseTitle={courseTitle} />
            <Register report={report} />
          </div>
        </>
      )}
    </section>
  );
}

function Summary({ report }: { report: AttendanceReport }) {
  const t = useAdminTranslate();
  const people = (title: string, list: AttendanceReport['attendedNotCompleted']) => (
    <section class="follow-up">
      <h3>{title}</h3>
      {list.length ? (
        <ul>
          {list.map((p) => (
            <li key={p.nip}>
              {p.name}{' '}
              <span class="muted">
                ({groupNip(p.nip)}, {p.unit})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('sesiNoOne')}</p>
      )}
    </section>
  );
  return (
    <>
      <h3 id="per-unit-title">{t('sesiPerUnit')}</h3>
      {report.units.length === 0 ? (
        <p>{t('sesiNobody')}</p>
      ) : (
        // biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="per-unit-title">
          <table>
            <thead>
              <tr>
                <th scope="col" class="text">
                  {t('sesiColUnit')}
                </th>
                <th scope="col">{t('sesiColLuring')}</th>
                <th scope="col">{t('sesiColDaring')}</th>
                <th scope="col">{t('sesiColTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {report.units.map((u) => (
                <tr key={u.unit}>
                  <th scope="row" class="text">
                    {u.unit}
                  </th>
                  <td>{u.luring}</td>
                  <td>{u.daring}</td>
                  <td>{u.luring + u.daring}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" class="text">
                  {t('sesiTotalRow')}
                </th>
                <td>{report.total.luring}</td>
                <td>{report.total.daring}</td>
                <td>{report.total.luring + report.total.daring}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {people(t('sesiAttendedNotCompleted', { n: report.attendedNotCompleted.length }), report.attendedNotCompleted)}
      {people(t('sesiCompletedNotAttended', { n: report.completedNotAttended.length }), report.completedNotAttended)}
    </>
  );
}

/** The daftar hadir as it is signed on paper: one row per learner who checked in, in order. */
function Register({ report }: { report: AttendanceReport }) {
  const t = useAdminTranslate();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t('sesiRegister')}>
      <table class="register">
        <caption class="visually-hidden">{t('sesiRegister')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sesiColNo')}</th>
            <th scope="col" class="text">
              {t('sesiColNip')}
            </th>
            <th scope="col" class="text">
              {t('sesiColName')}
            </th>
            <th scope="col" class="text">
              {t('sesiDetailsUnit')}
            </th>
            <th scope="col" class="text">
              {t('sesiColMode')}
            </th>
            <th scope="col">{t('sesiColTime')}</th>
            <th scope="col" class="signature">
              {t('sesiColSignature')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.present.map((p, i) => (
            <tr key={p.nip}>
              <td>{i + 1}</td>
              <td class="nip">{groupNip(p.nip)}</td>
              <th scope="row" class="text">
                {p.name}
              </th>
              <td class="text">{p.unit}</td>
              <td class="text">{p.mode}</td>
              <td>{jakartaParts(p.checkedAt).time}</td>
              <td class="signature" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
