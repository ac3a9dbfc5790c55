// Enrolling staff in a course: everyone, one work unit, or a pasted list of NIPs. A bad NIP
// is shown with its line before anything is sent; the answer says how many were new and
// which unit or NIPs matched no active account.
import { useMemo, useRef, useState } from 'preact/hooks';
import { type AdminCourse, adminApi, type EnrolTarget, type StaffUser } from './api.js';
import { describeError } from './errors.js';
import { parseNips } from './nips.js';
import { useAdminTranslate } from './use-admin-translate.js';

type Mode = 'all' | 'unit' | 'nips';

interface Props {
  courses: AdminCourse[] | undefined;
  /** The course the dashboard shows, chosen first. */
  courseId: string | undefined;
  /** The staff list (for the work units); undefined until it loads. */
  users: StaffUser[] | undefined;
  onEnrolled(courseId: string): void;
}

export function Enrolment({ courses, courseId, users, onEnrolled }: Props) {
  const t = useAdminTranslate();
  const [chosenCourse, setChosenCourse] = useState<string>();
  const [mode, setMode] = useState<Mode>('unit');
  const [chosenUnit, setChosenUnit] = useState('');
  const [text, setText] = useState('');
  // Bad entries are pointed at from the first try to send, then kept up to date while editing.
  // Not on blur: the list would appear above the button as it is pressed and move it away.
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ fresh: boolean; lines: string[] }>();
  const [error, setError] = useState<string>();
  const nipBox = useRef<HTMLTextAreaElement>(null);

  const course = courses?.find((c) => c.id === (chosenCourse ?? courseId)) ?? courses?.[0];
  const active = useMemo(() => users?.filter((u) => !u.disabled) ?? [], [users]);
  const units = useMemo(() => {
    const counts = new Map<string, number>();
    // As the server enrols a unit: its coordinators follow it, they do not study.
    for (const u of active) if (u.role !== 'coordinator') counts.set(u.unit, (counts.get(u.unit) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a.localeCompare(b, 'id'));
  }, [active]);
  const unit = chosenUnit || units[0]?.[0];
  const list = useMemo(() => parseNips(text), [text]);
  const showProblems = mode === 'nips' && checked && list.bad.length > 0;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || !course) return;
    setOutcome(undefined);
    setError(undefined);
    let target: EnrolTarget;
    if (mode === 'all') target = { all: true };
    else if (mode === 'unit') {
      if (!unit) return setError(t('enrolNoUnits'));
      target = { unit };
    } else {
      setChecked(true);
      if (list.bad.length > 0 || list.nips.length === 0) {
        nipBox.current?.focus();
        if (list.nips.length === 0 && list.bad.length === 0) setError(t('enrolNipsEmpty'));
        return;
      }
      target = { nips: list.nips };
    }
    setBusy(true);
    try {
      const { enrolled, unmatched } = await adminApi.enrol(course.id, target);
      const lines = [enrolled > 0 ? t('enrolDone', { n: enrolled, course: course.title }) : t('enrolNone', { course: course.title })];
      if (unmatched.unit !== undefined) lines.push(t('enrolUnitUnknown', { unit: unmatched.unit }));
      if ('nips' in target) {
        const already = new Set(target.nips).size - enrolled - unmatched.nips.length;
        if (enrolled > 0 && already > 0) lines.push(t('enrolSkipped', { n: already }));
        if (unmatched.nips.length > 0) lines.push(t('enrolUnknown', { list: unmatched.nips.join(', ') }));
      }
      setOutcome({ fresh: enrolled > 0, lines });
      onEnrolled(course.id);
    } catch (e) {
      setError(t('enrolFailed', { reason: describeError(t, e) }));
    } finally {
      setBusy(false);
    }
  };

  const modes: [Mode, string][] = [
    ['all', t('enrolAll')],
    ['unit', t('enrolUnit')],
    ['nips', t('enrolNips')],
  ];
  return (
    <section class="card" aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t('enrolTitle')}</h2>
      <form class="enrol" onSubmit={submit} noValidate>
        <label>
          {t('enrolCourse')}
          <select value={course?.id} onChange={(e) => setChosenCourse((e.target as HTMLSelectElement).value)}>
            {courses?.map((c) => (
              <option key={c.id} value={c.id}>
                {t('enrolCourseOption', { title: c.title, n: c.enrolled })}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('enrolWho')}</legend>
          {modes.map(([value, label]) => (
            <label class="option" key={value}>
              <input type="radio" name="enrol-target" value={value} checked={mode === value} onChange={() => setMode(value)} />
              {label}
            </label>
          ))}
        </fieldset>
        {mode === 'all' && users && <p class="muted">{t('enrolAllHint', { n: active.filter((u) => u.role === 'learner').length })}</p>}
        {mode === 'unit' && (
          <label>
            {t('enrolUnitLabel')}
            <select value={unit} onChange={(e) => setChosenUnit((e.target as HTMLSelectElement).value)}>
              {units.map(([name, n]) => (
                <option key={name} value={name}>
                  {t('enrolUnitOption', { unit: name, n })}
                </option>
              ))}
            </select>
          </label>
        )}
        {mode === 'nips' && (
          <>
            <label>
              {t('enrolNipsLabel')}
              <textarea
                ref={nipBox}
                rows={5}
                value={text}
                spellcheck={false}
                inputMode="numeric"
                aria-invalid={showProblems}
                aria-describedby={showProblems ? 'nips-read nips-bad' : 'nips-read'}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              />
            </label>
            <p id="nips-read" class="muted">
              {t('enrolNipsRead', { n: list.nips.length })}
            </p>
            {showProblems && (
              <div id="nips-bad" class="error">
                <p>{t('enrolNipsBad', { n: list.bad.length })}</p>
                <ul>
                  {list.bad.map((b) => (
                    <li key={`${b.line}-${b.text}`}>{t('enrolNipBad', { line: b.line, text: b.text })}</li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
        <button type="submit" aria-disabled={busy || !course}>
          {busy ? t('enrolling') : t('enrolSubmit')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div role="status">
        {outcome?.lines.map((line, i) => (
          <p key={line} class={i === 0 && outcome.fresh ? 'ready' : undefined}>
            {line}
          </p>
        ))}
      </div>
    </section>
  );
}
