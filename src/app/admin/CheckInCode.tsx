// The code a session's learners check in with: the TOTP of the current 30 s step, computed
// here from the kept secret with the module the server checks with, so it needs no signal;
// as six digits read aloud and as a QR of the link the learner's app and a phone camera open.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { base32Decode, stepOf, TOTP_PERIOD_SECONDS, totp } from '../../domain/totp.js';
import { checkInUrl } from '../shared/check-in-link.js';
import { groupCode } from './session-time.js';
import { useAdminTranslate } from './use-admin-translate.js';

interface Props {
  secret: string;
  courseId: string;
  sessionId: string;
  /** The moment shown (ms); the caller's clock, ticking each second. */
  now: number;
}

export function CheckInCode({ secret, courseId, sessionId, now }: Props) {
  const t = useAdminTranslate();
  const key = useMemo(() => base32Decode(secret), [secret]);
  const step = stepOf(now);
  const code = useMemo(() => totp(key, step), [key, step]);
  const qr = useMemo(
    // Level M survives a glare on a projector screen; the link is short enough to stay coarse.
    () => renderSVG(checkInUrl(location.origin, { courseId, sessionId, code }), { ecc: 'M', border: 4 }),
    [courseId, sessionId, code],
  );
  const left = TOTP_PERIOD_SECONDS - (Math.floor(now / 1000) % TOTP_PERIOD_SECONDS);
  const area = useRef<HTMLDivElement>(null);
  const [full, setFull] = useState(false);
  useEffect(() => {
    const changed = () => setFull(document.fullscreenElement === area.current && !!area.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void area.current?.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <div class="check-in-code" ref={area}>
      {/* The SVG is uqr's own output from our link: no text of anyone else's goes in it. */}
      <div class="qr" role="img" aria-label={t('sesiQr')} dangerouslySetInnerHTML={{ __html: qr }} />
      <div class="code-text">
        <p class="code-label">{t('sesiCode')}</p>
        <p class="code" data-code={code}>
          {groupCode(code)}
        </p>
        <p class="countdown">{t('sesiCountdown', { s: left })}</p>
        <div class="countdown-bar" aria-hidden="true">
          <span style={{ width: `${(left / TOTP_PERIOD_SECONDS) * 100}%` }} />
        </div>
        {document.fullscreenEnabled !== false && (
          <button type="button" class="secondary" onClick={toggle}>
            {full ? t('sesiExitFullscreen') : t('sesiFullscreen')}
          </button>
        )}
      </div>
    </div>
  );
}
