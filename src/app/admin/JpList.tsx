// Each learner's JP (lesson hours) of a year against the target: who still needs hours.
// The year and the unit are chosen here; the target is the server's until the officer
// types another. Part of the printed report: `figures` keeps this card on paper.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { adminApi, type JpLearner, type JpYear, type StaffUser } from './api.js';
import { describeError } from './errors.js';
import { fmt } from './format.js';
import { useAdminTranslate } from './use-admin-translate.js';

export type SortKey = 'shortfall' | 'jp' | 'name';
export type Direction = 'ascending' | 'descending';

// A column's first click puts those who need attention (or A) on top; the next click reverses.
const FIRST: Record<SortKey, Direction> = { shortfall: 'descending', jp: 'ascending', name: 'ascending' };

/** Sorted by one column; ties keep the server's order (unit, then name). */
export function sortJp(rows: JpLearner[], key: SortKey, direction: Direction): JpLearner[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * (key === 'name' ? a.name.localeCompare(b.name, 'id') : a[key] - b[key]));
}

const validYear = (text: string) => /^\d{4}$/.test(text) && Number(text) >= 2000 && Number(text) <= 2100;
const validTarget = (text: string) => text === '' || (Number.isFinite(Number(text)) && Number(text) >= 0 && Number(text) <= 1000);

/** `ownUnit`: a coordinator's unit, the only one they may see, so it is not a choice. */
export function JpList({ users, ownUnit }: { users: StaffUser[] | undefined; ownUnit?: string }) {
  const t = useAdminTranslate();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  // Undefined until typed in: the server's default target is asked for and shown.
  const [target, setTarget] = useState<string>();
  const [unit, setUnit] = useState(ownUnit ?? '');
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({ key: 'shortfall', direction: 'descending' });
  const [answer, setAnswer] = useState<JpYear & { unit: string }>();
  const [failure, setFailure] = useState<{ error: unknown }>();

  // Only learners are counted, so only their units are offered.
  const units = useMemo(
    () => [...new Set(users?.filter((u) => u.role === 'learner').map((u) => u.unit))].sort((a, b) => a.localeCompare(b, 'id')),
    [users],
  );
  const yearOk = validYear(year);
  const targetOk = validTarget(target ?? '');

  useEffect(() => {
    if (!yearOk || !targetOk) return;
    const query = new URLSearchParams({ year });
    if (target) query.set('target', target);
    if (unit) query.set('unit', unit);
    const abort = new AbortController();
    // Typing "25" in the target asks once, not for 2 and then 25.
    const timer = setTimeout(() => {
      adminApi.jp(query, abort.signal).then(
        (result) => {
          setFailure(undefined);
          setAnswer({ ...result, unit });
        },
        (e: unknown) => abort.signal.aborted || setFailure({ error: e }),
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [year, target, unit, yearOk, targetOk]);

  const rows = useMemo(() => (answer ? sortJp(answer.learners, sort.key, sort.direction) : []), [answer, sort]);
  const choose = (key: SortKey) =>
    setSort((s) =>
      s.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: FIRST[key] },
    );
  const header = (key: SortKey, label: string, className?: string) => (
    <th scope="col" class={className} aria-sort={sort.key === key ? sort.direction : undefined}>
      <button type="button" class="sort" onClick={() => choose(key)}>
        {label}
        {sort.key === key ? (
          <span aria-hidden="true">{sort.direction === 'ascending' ? ' ▲' : ' ▼'}</span>
        ) : (
          <span aria-hidden="true" class="sortable">
            {' ↕'}
          </span>
        )}
      </button>
    </th>
  );

  return (
    <section class="card figures" aria-labelledby="jp-title">
      <h2 id="jp-title">{t('jpTitle')}</h2>
      <p class="muted">{t('jpOnlyBangkom')}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} noValidate>
        <label>
          {t('jpYear')}
          <input
            type="number"
            inputMode="numeric"
            min={2000}
            max={2100}
            step={1}
            value={year}
            aria-invalid={!yearOk}
            aria-describedby={yearOk ? undefined : 'jp-year-error'}
            onInput={(e) => setYear((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('jpTarget')}
          <input
            type="number"
            inputMode="decimal"
            min={0}
            max={1000}
            value={target ?? answer?.target ?? ''}
            aria-invalid={!targetOk}
            aria-describedby={targetOk ? undefined : 'jp-target-error'}
            onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
          />
        </label>
        {ownUnit ? (
          <p>
            {t('jpUnit')}: <strong>{ownUnit}</strong>
          </p>
        ) : (
          <label>
            {t('jpUnit')}
            <select value={unit} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)}>
              <option value="">{t('jpAllUnits')}</option>
              {units.map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </label>
        )}
      </form>
      {!yearOk && (
        <p id="jp-year-error" class="error">
          {t('jpYearInvalid')}
        </p>
      )}
      {!targetOk && (
        <p id="jp-target-error" class="error">
          {t('jpTargetInvalid')}
        </p>
      )}
      {failure && (
        <p class="error" role="alert">
          {t('jpFailed', { reason: describeError(t, failure.error) })}
        </p>
      )}
      <p role="status">
        {answer
          ? t('jpBehind', { n: answer.learners.filter((l) => l.shortfall > 0).length, total: answer.learners.length })
          : !failure && t('jpLoading')}
      </p>
      {answer && answer.learners.length > 0 && (
        <>
          {/* What the table is of, outside it so that it stays in view while the table scrolls sideways; printed too. */}
          <p id="jp-scope" class="jp-scope">
            {t('jpScope', { year: answer.year, target: fmt(answer.target), unit: answer.unit || t('jpAllUnits') })}
          </p>
          {/* Focusable, so keyboard users can scroll a table wider than the phone (axe: scrollable-region-focusable). */}
          {/* biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard */}
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="jp-scope">
            <table class="jp" aria-labelledby="jp-scope">
              <thead>
                <tr>
                  <th scope="col">{t('jpColNip')}</th>
                  {header('name', t('jpColName'), 'text')}
                  <th scope="col" class="text">
                    {t('jpColUnit')}
                  </th>
                  {header('jp', t('jpColJp'))}
                  {header('shortfall', t('jpColShortfall'))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.nip}>
                    <td class="nip">{r.nip}</td>
                    <th scope="row" class="text">
                      {r.name}
                    </th>
                    <td class="text">{r.unit}</td>
                    <td>{fmt(r.jp)}</td>
                    <td>{fmt(r.shortfall)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
