// "Hadir": the learner checks in to a session by scanning the facilitator's QR code or typing
// its 6 digits, with or without signal. The check-in is an event in the outbox; the server
// decides with the next sync whether the code was right (docs/sessions.md).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttendanceMode, Session } from '../../domain/api/sessions.js';
import { focusOnMount } from '../components/focus.js';
import { recordEvent } from '../db/events.js';
import { parseCheckInUrl } from '../shared/check-in-link.js';
import { syncNow } from '../sync/engine.js';
import { attendKey, type SessionsMessage, useSessionsTranslate } from './i18n-sessions.js';
import { fixedMode } from './model.js';
import { CameraError, startScanner } from './scanner.js';

export interface CheckInProps {
  userId: string;
  courseId: string;
  courseVersion: number;
  sessionId: string;
  /** The session as the device keeps it; null when a link names one not fetched yet. */
  session: Session | null;
  /** A code that came with the link the phone's camera app opened. */
  initialCode?: string | null;
  onDone: () => void;
}

type Camera = 'off' | 'starting' | 'on' | 'denied' | 'missing';

const CODE = /^\d{6}$/;

export function CheckIn({ userId, courseId, courseVersion, sessionId, session, initialCode, onDone }: CheckInProps) {
  const t = useSessionsTranslate();
  const fixed = fixedMode(session?.mode);
  const [mode, setMode] = useState<AttendanceMode | null>(fixed);
  const linkedCode = initialCode && CODE.test(initialCode) ? initialCode : '';
  const [code, setCode] = useState(linkedCode);
  // When the code was read: the server checks it against that moment, so a learner who
  // typed it and then chose how they attend is not refused for the minute in between.
  const codeAt = useRef(Date.now());
  const [problem, setProblem] = useState<SessionsMessage | null>(null);
  const [camera, setCamera] = useState<Camera>('off');
  const [saving, setSaving] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const modes = useRef<HTMLFieldSetElement>(null);
  // Read by the camera's callback, which outlives the render it was made in.
  const latest = useRef(mode);
  latest.current = mode;
  // Two frames of the same code in a row record one check-in.
  const busy = useRef(false);

  const record = async (value: string, chosen: AttendanceMode | null) => {
    if (!CODE.test(value)) {
      setProblem('checkInCodeInvalid');
      codeField.current?.focus();
      return;
    }
    if (!chosen) {
      setProblem('checkInChooseMode');
      modes.current?.querySelector('input')?.focus();
      return;
    }
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    try {
      await recordEvent(
        { userId, type: 'attendance.checked-in', courseId, courseVersion, data: { sessionId, code: value, mode: chosen } },
        new Date(codeAt.current),
      );
    } catch {
      // Nothing was recorded: say so, and keep the code so the learner can try again.
      setProblem('checkInSaveFailed');
      return;
    } finally {
      busy.current = false;
      setSaving(false);
    }
    // Sent at once where there is signal, so "Tercatat" shows while the learner is still in
    // the room. (Importing the engine also keeps this chunk's view of the shared modules the
    // same as the other screens', so the bundler does not split the app's HTTP client off the
    // main chunk into a file of its own that every first visit would fetch.)
    void syncNow();
    onDone();
  };

  const onScan = (text: string) => {
    const link = parseCheckInUrl(text);
    if (!link) return setProblem('checkInNotALink');
    if (link.courseId !== courseId) return setProblem('checkInOtherCourse');
    if (link.sessionId !== sessionId) return setProblem('checkInOtherSession');
    codeAt.current = Date.now();
    setCode(link.code);
    setProblem(null);
    void record(link.code, latest.current);
  };

  // The camera starts once it is known how the learner attends, and not at all when the
  // link already brought the code.
  const wantsCamera = !!mode && !linkedCode;
  useEffect(() => {
    if (!wantsCamera || !video.current) return;
    let scanner: { stop(): void } | undefined;
    let cancelled = false;
    setCamera('starting');
    startScanner(video.current, (text) => onScan(text)).then(
      (running) => {
        if (cancelled) return running.stop();
        scanner = running;
        setCamera('on');
      },
      (error: unknown) => {
        if (cancelled) return;
        setCamera(error instanceof CameraError ? error.problem : 'missing');
        codeField.current?.focus();
      },
    );
    return () => {
      cancelled = true;
      scanner?.stop();
    };
  }, [wantsCamera]);

  const cameraNote: Partial<Record<Camera, SessionsMessage>> = {
    starting: 'checkInCameraStarting',
    on: 'checkInScanHint',
    denied: 'checkInCameraDenied',
    missing: 'checkInCameraMissing',
  };
  const note = cameraNote[camera];

  return (
    <section class="check-in" aria-labelledby={`check-in-${sessionId}`}>
      <h3 id={`check-in-${sessionId}`} tabIndex={-1} ref={focusOnMount}>
        {session ? t('checkInTitle', { title: session.title }) : t('sessionCheckIn')}
      </h3>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void record(code, mode);
        }}
      >
        {!fixed && (
          <fieldset ref={modes}>
            <legend>{t('checkInHow')}</legend>
            {(['luring', 'daring'] as const).map((m) => (
              <label key={m} class="option">
                <input
                  type="radio"
                  name={`attend-${sessionId}`}
                  value={m}
                  checked={mode === m}
                  onChange={() => {
                    setMode(m);
                    if (problem === 'checkInChooseMode') setProblem(null);
                  }}
                />{' '}
                {t(attendKey[m])}
              </label>
            ))}
          </fieldset>
        )}
        {wantsCamera && (
          <div class="camera">
            <video ref={video} aria-label={t('checkInCamera')} muted playsInline hidden={camera !== 'on'} />
            {note && <p class={camera === 'denied' || camera === 'missing' ? 'error' : 'muted'}>{t(note)}</p>}
          </div>
        )}
        <label for={`code-${sessionId}`}>{t('checkInCode')}</label>
        <input
          id={`code-${sessionId}`}
          ref={codeField}
          class="code-field"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          aria-describedby={`code-hint-${sessionId}`}
          value={code}
          onInput={(e) => {
            setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6));
            codeAt.current = Date.now();
            if (problem === 'checkInCodeInvalid') setProblem(null);
          }}
        />
        <p id={`code-hint-${sessionId}`} class="muted">
          {t('checkInCodeHint')}
        </p>
        <p role="alert" class="error">
          {problem ? t(problem) : ''}
        </p>
        <div class="row">
          <button type="submit" disabled={saving}>
            {t('checkInRecord')}
          </button>
          <button type="button" class="secondary" onClick={onDone}>
            {t('checkInClose')}
          </button>
        </div>
        <p class="muted">{t('checkInOffline')}</p>
      </form>
    </section>
  );
}
