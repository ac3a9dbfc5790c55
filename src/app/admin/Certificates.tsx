// The agency's certificates: chosen by course, year of completion and (for an administrator)
// work unit; the register as CSV; and revocation with a reason, which only an administrator
// may do. A coordinator reads their own unit's.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { groupNip } from '../../domain/nip.js';
import { ApiError } from '../api.js';
import { focusOnMount } from '../components/focus.js';
import { type AdminCertificate, type AdminCourse, adminApi, type StaffUser } from './api.js';
import { describeError } from './errors.js';
import { formatJakartaDate } from './format.js';
import { useAdminTranslate } from './use-admin-translate.js';

const FIRST_YEAR = 2020;

export interface CertificatesProps {
  courses: AdminCourse[] | undefined;
  users: StaffUser[] | undefined;
  /** A coordinator's unit, the only one they may see, so it is not a choice. */
  ownUnit?: string;
  canRevoke: boolean;
}

export function Certificates({ courses, users, ownUnit, canRevoke }: CertificatesProps) {
  const t = useAdminTranslate();
  const [filters, setFilters] = useState({ courseId: '', year: '', unit: '' });
  const [list, setList] = useState<AdminCertificate[]>();
  const [failure, setFailure] = useState<{ error: unknown }>();
  const [revoking, setRevoking] = useState<string>();
  const [done, setDone] = useState<string>();
  const [reloads, setReloads] = useState(0);

  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (ownUnit) q.set('unit', ownUnit);
    return q;
  }, [filters, ownUnit]);

  useEffect(() => {
    const abort = new AbortController();
    setList(undefined);
    setFailure(undefined);
    adminApi.certificates(query, abort.signal).then(setList, (error: unknown) => abort.signal.aborted || setFailure({ error }));
    return () => abort.abort();
  }, [query, reloads]);

  const units = useMemo(
    () => [...new Set(users?.filter((u) => u.role === 'learner').map((u) => u.unit))].sort((a, b) => a.localeCompare(b, 'id')),
    [users],
  );
  const years = useMemo(() => {
    const now = new Date().getFullYear();
    return Array.from({ length: now - FIRST_YEAR + 1 }, (_, i) => String(now - i));
  }, []);
  const choose = (key: keyof typeof filters) => (e: Event) => setFilters((f) => ({ ...f, [key]: (e.target as HTMLSelectElement).value }));

  const revoked = (answer: { code: string; revokedAt: string; revokedReason: string }) => {
    setList((rows) =>
      rows?.map((c) => (c.code === answer.code ? { ...c, revokedAt: answer.revokedAt, revokedReason: answer.revokedReason } : c)),
    );
    setRevoking(undefined);
    setDone(t('certsRevokedDone', { code: answer.code }));
  };

  return (
    <section class="card figures certificates" aria-labelledby="certs-title">
      <h2 id="certs-title">{t('certsTitle')}</h2>
      <p class="muted">{t('certsHint')}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('filterCourse')}
          <select value={filters.courseId} onChange={choose('courseId')}>
            <option value="">{t('certsAllCourses')}</option>
            {courses?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('certsYear')}
          <select value={filters.year} onChange={choose('year')}>
            <option value="">{t('certsAllYears')}</option>
            {years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
        {ownUnit ? (
          <p class="own-unit">
            {t('filterUnit')}: <strong>{ownUnit}</strong>
          </p>
        ) : (
          <label>
            {t('filterUnit')}
            <select value={filters.unit} onChange={choose('unit')}>
              <option value="">{t('filterAllUnits')}</option>
              {units.map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </label>
        )}
        <button type="button" class="secondary" onClick={() => void adminApi.downloadCertificatesCsv(query).catch(() => undefined)}>
          {t('downloadCsv')}
        </button>
      </form>
      {failure && (
        <p class="error" role="alert">
          {t('certsFailed', { reason: describeError(t, failure.error) })}
        </p>
      )}
      <p role="status">
        {list
          ? list.length
            ? t('certsCount', { n: list.length, revoked: list.filter((c) => c.revokedAt).length })
            : t('certsNone')
          : !failure && t('certsLoading')}
      </p>
      {done && <p class="ready">{done}</p>}
      {list && list.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="certs-title">
          <table class="certs">
            <thead>
              <tr>
                <th scope="col">{t('certsColCode')}</th>
                <th scope="col" class="text">
                  {t('certsColNip')}
                </th>
                <th scope="col" class="text">
                  {t('certsColName')}
                </th>
                <th scope="col" class="text">
                  {t('certsColUnit')}
                </th>
                <th scope="col" class="text">
                  {t('certsColCourse')}
                </th>
                <th scope="col">{t('certsColJp')}</th>
                <th scope="col">{t('certsColDate')}</th>
                <th scope="col" class="text">
                  {t('certsColStatus')}
                </th>
                {canRevoke && (
                  <th scope="col">
                    <span class="visually-hidden">{t('certsColAction')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <Row
                  key={c.code}
                  certificate={c}
                  canRevoke={canRevoke}
                  open={revoking === c.code}
                  onOpen={(open) => {
                    setDone(undefined);
                    setRevoking(open ? c.code : undefined);
                  }}
                  onRevoked={revoked}
                  onStale={() => {
                    setRevoking(undefined);
                    setDone(t('certsAlreadyRevoked'));
                    setReloads((n) => n + 1);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface RowProps {
  certificate: AdminCertificate;
  canRevoke: boolean;
  open: boolean;
  onOpen(open: boolean): void;
  onRevoked(answer: { code: string; revokedAt: string; revokedReason: string }): void;
  /** Revoked meanwhile elsewhere: the list is fetched again to show it. */
  onStale(): void;
}

function Row({ certificate: c, canRevoke, open, onOpen, onRevoked, onStale }: RowProps) {
  const t = useAdminTranslate();
  return (
    <>
      <tr>
        <td class="code">{c.code}</td>
        <td class="nip">{groupNip(c.nip)}</td>
        <th scope="row" class="text">
          {c.name}
        </th>
        <td class="text">{c.unit}</td>
        <td class="text">{c.courseTitle}</td>
        <td>{c.jp}</td>
        <td>{formatJakartaDate(c.completedAt)}</td>
        <td class="text">
          {c.revokedAt ? (
            <>
              <span class="pill off">{t('certsRevokedOn', { date: formatJakartaDate(c.revokedAt) })}</span>
              {c.revokedReason && <span class="muted reason">{c.revokedReason}</span>}
            </>
          ) : (
            t('certsValid')
          )}
        </td>
        {canRevoke && (
          <td>
            {!c.revokedAt && !open && (
              <button
                type="button"
                class="secondary small"
                aria-label={t('certsRevokeLabel', { code: c.code })}
                onClick={() => onOpen(true)}
              >
                {t('certsRevoke')}
              </button>
            )}
          </td>
        )}
      </tr>
      {open && (
        <tr>
          <td colSpan={9} class="text">
            <RevokeForm certificate={c} onCancel={() => onOpen(false)} onRevoked={onRevoked} onStale={onStale} />
          </td>
        </tr>
      )}
    </>
  );
}

function RevokeForm({
  certificate: c,
  onCancel,
  onRevoked,
  onStale,
}: Pick<RowProps, 'certificate' | 'onRevoked' | 'onStale'> & { onCancel(): void }) {
  const t = useAdminTranslate();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `revoke-${c.code}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError(t('certsReasonShort'));
    setBusy(true);
    setError(undefined);
    try {
      onRevoked(await adminApi.revokeCertificate(c.code, reason.trim()));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) onStale();
      else setError(t('certsRevokeFailed', { reason: describeError(t, failure) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="confirm-box" role="alertdialog" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <p id={`${id}-title`}>{t('certsRevokeWarning', { code: c.code, name: c.name })}</p>
      <label>
        {t('certsReason')}
        <textarea
          rows={2}
          maxLength={500}
          required
          value={reason}
          ref={focusOnMount}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {error && (
        <p id={`${id}-error`} class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="submit" class="danger" aria-busy={busy} disabled={busy}>
          {t('certsRevokeConfirm')}
        </button>
      </div>
    </form>
  );
}
