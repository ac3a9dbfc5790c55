// The learner list of a report: search, a drill-down per learner, and disabling or enabling
// their account or resetting its password from there.
import { useEffect, useRef, useState } from 'preact/hooks';
import { focusOnMount } from '../components/focus.js';
import { useSession } from '../session.js';
import { adminApi, type LearnerRow } from './api.js';
import { describeError } from './errors.js';
import { fmt, formatDate } from './format.js';
import { ResetNeverLoggedIn, ResetPassword } from './PasswordReset.js';
import { useAdminTranslate } from './use-admin-translate.js';

export interface LearnersProps {
  rows: LearnerRow[];
  /** Whether each account (by NIP) is disabled; missing while the staff list has not loaded. */
  disabled: Record<string, boolean>;
  onAccountChange(nip: string, disabled: boolean): void;
  /** A coordinator's view: the list and each learner's figures, no account actions. */
  readOnly?: boolean;
}

export function Learners({ rows, disabled, onAccountChange, readOnly = false }: LearnersProps) {
  const t = useAdminTranslate();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string>();
  const me = useSession((s) => s.user?.nip);
  const needle = search.trim().toLocaleLowerCase('id');
  const shown = needle ? rows.filter((r) => `${r.nip} ${r.name} ${r.unit}`.toLocaleLowerCase('id').includes(needle)) : rows;
  return (
    <section aria-labelledby="learners-title">
      <h2 id="learners-title">{t('learnersTitle')}</h2>
      {!readOnly && <ResetNeverLoggedIn />}
      <label class="search">
        {t('learnersSearch')}
        <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </label>
      <p class="muted" role="status">
        {t('learnersShown', { n: shown.length, total: rows.length })}
      </p>
      <ul class="learners">
        {shown.slice(0, 200).map((r) => (
          <li key={r.nip}>
            <button type="button" class="row" aria-expanded={open === r.nip} onClick={() => setOpen(open === r.nip ? undefined : r.nip)}>
              <span>
                {r.name} {disabled[r.nip] && <span class="pill off">{t('accountDisabled')}</span>}
              </span>
              <span class="muted">
                {r.unit} · {r.lessonsDone}/{r.lessonsTotal} ·{' '}
                {t(r.completedAt ? 'learnerCompleted' : r.started ? 'learnerStudying' : 'learnerNotStarted')}
              </span>
            </button>
            {open === r.nip && (
              <>
                <dl class="detail">
                  <dt>{t('learnerNip')}</dt>
                  <dd>{r.nip}</dd>
                  <dt>{t('learnerPosition')}</dt>
                  <dd>{r.position || '—'}</dd>
                  <dt>{t('learnerPrePost')}</dt>
                  <dd>
                    {fmt(r.pre)} / {fmt(r.post)} (g = {fmt(r.gain, 2)})
                  </dd>
                  <dt>{t('studyHours')}</dt>
                  <dd>{fmt(r.studySeconds / 3600)}</dd>
                  <dt>{t('learnerCompletedOn')}</dt>
                  <dd>{r.completedAt ? formatDate(r.completedAt) : '—'}</dd>
                  <dt>{t('learnerJp')}</dt>
                  <dd>{r.jp}</dd>
                  <dt>{t('accountLabel')}</dt>
                  <dd>{r.nip in disabled ? t(disabled[r.nip] ? 'accountDisabled' : 'accountActive') : '—'}</dd>
                </dl>
                {!readOnly && <Account learner={r} disabled={disabled[r.nip] ?? false} onChange={onAccountChange} />}
                {!readOnly && r.nip !== me && <ResetPassword learner={r} />}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Account({ learner, disabled, onChange }: { learner: LearnerRow; disabled: boolean; onChange: LearnersProps['onAccountChange'] }) {
  const t = useAdminTranslate();
  const self = useSession((s) => s.user?.nip) === learner.nip;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const toggle = useRef<HTMLButtonElement>(null);
  // The confirmation replaces the button: give focus back to it when the confirmation closes.
  const refocus = useRef(false);
  useEffect(() => {
    if (confirming || !refocus.current) return;
    refocus.current = false;
    toggle.current?.focus();
  }, [confirming]);

  // The server refuses to disable the caller's own account: do not offer it.
  if (self) return null;

  const change = async (disable: boolean) => {
    refocus.current = confirming;
    setConfirming(false);
    setDone(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const answer = await adminApi.setDisabled(learner.nip, disable);
      onChange(answer.nip, answer.disabled);
      setDone(t(answer.disabled ? 'accountDisabledDone' : 'accountEnabledDone', { name: learner.name }));
    } catch (e) {
      setError(t('accountFailed', { reason: describeError(t, e) }));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    refocus.current = true;
    setConfirming(false);
  };
  const warningId = `disable-warning-${learner.nip}`;

  return (
    <div class="account">
      {confirming ? (
        <div class="confirm-box" role="alertdialog" aria-labelledby={warningId}>
          <p id={warningId}>{t('accountDisableWarning', { name: learner.name })}</p>
          <div class="row">
            <button type="button" onClick={cancel} ref={focusOnMount}>
              {t('cancel')}
            </button>
            <button type="button" class="danger" onClick={() => void change(true)}>
              {t('accountDisable')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          ref={toggle}
          class={disabled ? undefined : 'secondary'}
          aria-busy={busy}
          onClick={() => {
            if (busy) return;
            if (disabled) void change(false);
            else setConfirming(true);
          }}
        >
          {t(disabled ? 'accountEnable' : 'accountDisable')}
        </button>
      )}
      <p role="status" class={done ? 'ready' : undefined}>
        {done}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
