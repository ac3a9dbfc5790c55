// Scheduling a session or changing one: the day and times as the agency writes them (WIB),
// sent as ISO moments; what the server refuses is shown at the field it concerns.
import { useId, useState } from 'preact/hooks';
import type { Session, SessionMode } from '../../domain/api/sessions.js';
import { fromJakarta } from '../../domain/jakarta.js';
import { ApiError } from '../api.js';
import { focusOnMount } from '../components/focus.js';
import { useSession } from '../session.js';
import { adminApi } from './api.js';
import { DateField } from './DateField.js';
import { describeError } from './errors.js';
import type { AdminKey } from './i18n-admin.js';
import { MODE_LABEL } from './SessionDetails.js';
import { jakartaParts, parseTime } from './session-time.js';
import { useAdminTranslate } from './use-admin-translate.js';

type Field = 'title' | 'mode' | 'date' | 'start' | 'end' | 'place' | 'meetingUrl' | 'unit';
export type FieldErrors = Partial<Record<Field, AdminKey>>;

const SERVER_FIELDS: Record<string, [Field, AdminKey]> = {
  title: ['title', 'sesiErrTitle'],
  mode: ['mode', 'sesiErrMode'],
  startsAt: ['start', 'sesiErrTime'],
  endsAt: ['end', 'sesiErrEnd'],
  place: ['place', 'sesiErrPlace'],
  meetingUrl: ['meetingUrl', 'sesiErrUrl'],
  unit: ['unit', 'sesiErrUnit'],
};

/**
 * The fields a 400 names. The server writes its checks as `/title Too small…; /endsAt must
 * be after…` (the schema), or `endsAt: …` when the times are checked against the stored ones.
 */
export function fieldErrorsOf(message: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const m of message.matchAll(/(?:^|[:;] )\/?(\w+)(?=[ :])/g)) {
    const known = SERVER_FIELDS[m[1]!];
    if (known) errors[known[0]] = known[1];
  }
  return errors;
}

interface Props {
  courseId: string;
  /** The session to change; none: a new one. */
  session?: Session | undefined;
  /** The units an administrator may choose (besides every unit). */
  units: string[];
  /** A coordinator's unit: every session they schedule is for it. */
  ownUnit?: string | undefined;
  onSaved(session: Session): void;
  onClose(): void;
}

const MODES: SessionMode[] = ['luring', 'daring', 'hybrid'];

export function SessionForm({ courseId, session, units, ownUnit, onSaved, onClose }: Props) {
  const t = useAdminTranslate();
  const lang = useSession((s) => s.lang);
  const uid = useId();
  const [values, setValues] = useState(() => ({
    title: session?.title ?? '',
    mode: session?.mode ?? ('luring' as SessionMode),
    date: session ? jakartaParts(session.startsAt).date : '',
    start: session ? jakartaParts(session.startsAt).time : '',
    end: session ? jakartaParts(session.endsAt).time : '',
    place: session?.place ?? '',
    meetingUrl: session?.meetingUrl ?? '',
    unit: session?.unit ?? '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof values) => (e: Event) => {
    // Read now: the updater runs after the event, when currentTarget is gone.
    const { value } = e.currentTarget as HTMLInputElement | HTMLSelectElement;
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(undefined);
    const start = parseTime(values.start);
    const end = parseTime(values.end);
    const local: FieldErrors = {
      ...(values.date ? {} : { date: 'sesiErrDate' }),
      ...(start ? {} : { start: 'sesiErrTime' }),
      ...(end ? {} : { end: 'sesiErrTime' }),
    };
    setErrors(local);
    if (Object.keys(local).length > 0 || !start || !end) return setFailure(t('sesiFixFields'));
    const body = {
      title: values.title,
      mode: values.mode,
      startsAt: fromJakarta(values.date, start),
      endsAt: fromJakarta(values.date, end),
      place: values.place.trim() || null,
      meetingUrl: values.meetingUrl.trim() || null,
      unit: ownUnit ?? (values.unit || null),
    };
    setBusy(true);
    try {
      onSaved(session ? await adminApi.updateSession(session.id, body) : await adminApi.createSession(courseId, body));
    } catch (error) {
      const fields = error instanceof ApiError && error.status === 400 ? fieldErrorsOf(error.message) : {};
      setErrors(fields);
      setFailure(Object.keys(fields).length > 0 ? t('sesiFixFields') : t('sesiSaveFailed', { reason: describeError(t, error) }));
    } finally {
      setBusy(false);
    }
  };

  const ids = (field: Field) => ({
    id: `${uid}-${field}`,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${uid}-${field}-error` : undefined,
  });
  const problem = (field: Field) =>
    errors[field] && (
      <p id={`${uid}-${field}-error`} class="error">
        {t(errors[field])}
      </p>
    );

  return (
    <form class="card session-form" aria-labelledby={`${uid}-heading`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${uid}-heading`} tabIndex={-1} ref={focusOnMount}>
        {t(session ? 'sesiFormEdit' : 'sesiFormNew')}
      </h3>
      <div class="field">
        <label for={`${uid}-title`}>{t('sesiFieldTitle')}</label>
        <input {...ids('title')} type="text" maxLength={400} value={values.title} onInput={set('title')} autoComplete="off" />
        {problem('title')}
      </div>
      <fieldset class="field modes" aria-describedby={errors.mode ? `${uid}-mode-error` : undefined}>
        <legend>{t('sesiFieldMode')}</legend>
        {MODES.map((mode) => (
          <label key={mode} class="choice">
            <input type="radio" name={`${uid}-mode`} value={mode} checked={values.mode === mode} onChange={set('mode')} />
            {t(MODE_LABEL[mode])}
          </label>
        ))}
        {problem('mode')}
      </fieldset>
      <div class="field">
        <DateField label={t('sesiFieldDate')} value={values.date} onChange={(date) => setValues((v) => ({ ...v, date }))} lang={lang} />
        {problem('date')}
      </div>
      <div class="times">
        {(['start', 'end'] as const).map((field) => (
          <div class="field" key={field}>
            <label for={`${uid}-${field}`}>
              {t(field === 'start' ? 'sesiFieldStart' : 'sesiFieldEnd')} <span class="hint">{t('sesiTimeHint')}</span>
            </label>
            <input
              {...ids(field)}
              type="text"
              inputMode="numeric"
              placeholder="08:00"
              autoComplete="off"
              value={values[field]}
              onInput={set(field)}
            />
            {problem(field)}
          </div>
        ))}
      </div>
      <div class="field">
        <label for={`${uid}-place`}>{t('sesiFieldPlace')}</label>
        <input {...ids('place')} type="text" value={values.place} onInput={set('place')} />
        {problem('place')}
      </div>
      <div class="field">
        <label for={`${uid}-meetingUrl`}>{t('sesiFieldUrl')}</label>
        <input
          {...ids('meetingUrl')}
          type="text"
          inputMode="url"
          autoComplete="off"
          placeholder="https://"
          value={values.meetingUrl}
          onInput={set('meetingUrl')}
        />
        {problem('meetingUrl')}
      </div>
      {ownUnit ? (
        <p class="own-unit">
          {t('sesiFieldUnit')}: <strong>{ownUnit}</strong>
        </p>
      ) : (
        <div class="field">
          <label for={`${uid}-unit`}>{t('sesiFieldUnit')}</label>
          <select {...ids('unit')} value={values.unit} onChange={set('unit')}>
            <option value="">{t('sesiEveryUnit')}</option>
            {[...new Set([...units, ...(values.unit ? [values.unit] : [])])].map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
          {problem('unit')}
        </div>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('sesiSaving') : t('sesiSave')}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          {t('sesiClose')}
        </button>
      </div>
    </form>
  );
}
