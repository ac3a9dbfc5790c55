// A course's certificate on its screen: code, date and JP, and the stored PDF to open and
// share or save, with or without signal. A revoked one says so and keeps no PDF.
import { useEffect, useState } from 'preact/hooks';
import { useLiveQuery } from '../db/live.js';
import { useSession } from '../session.js';
import type { StoredCertificate } from '../shared/database.js';
import { certificateDate, useCertificateTranslate } from './i18n-certificates.js';
import { certificateOf, refreshCertificates } from './store.js';
import './certificates.css';

/** `complete`: the course is complete as this device knows it, so a certificate is due. */
export function CertificateCard({ userId, courseId, complete }: { userId: string; courseId: string; complete: boolean }) {
  const t = useCertificateTranslate();
  const certificate = useLiveQuery(() => certificateOf(userId, courseId), [userId, courseId]);
  // Opening the course online brings a certificate issued since, or a revocation.
  useEffect(() => {
    if (navigator.onLine) void refreshCertificates(60_000);
  }, [userId, courseId]);
  if (certificate === undefined) return null;
  if (!certificate) return complete ? <p class="note">{t('certAfterSync')}</p> : null;
  return <CertificateView certificate={certificate} />;
}

const fileName = (code: string) => `sertifikat-${code}.pdf`;

export function CertificateView({ certificate: c }: { certificate: StoredCertificate }) {
  const t = useCertificateTranslate();
  const lang = useSession((s) => s.lang);
  const url = useObjectUrl(c.pdf, `${c.code}:${c.pdf?.size ?? 0}:${c.fetchedAt}`);
  const file = c.pdf && new File([c.pdf], fileName(c.code), { type: 'application/pdf' });
  // Sharing the file itself where the phone can (WhatsApp, e-mail); elsewhere a download.
  const canShare = !!file && typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });
  const share = () => {
    if (file) void navigator.share({ files: [file], title: `${t('certTitle')} ${c.courseTitle}` }).catch(() => undefined);
  };
  return (
    <section class="card certificate" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{t('certTitle')}</h2>
      {c.revokedAt && (
        <p>
          <span class="revoked-mark">{t('certRevoked')}</span>{' '}
          {t('certRevokedOn', { date: certificateDate(c.revokedAt, lang), reason: c.revokedReason ?? '—' })}
        </p>
      )}
      <dl class="stats">
        <div>
          <dt>{t('certCode')}</dt>
          <dd class="code">{c.code}</dd>
        </div>
        <div>
          <dt>{t('certDate')}</dt>
          <dd>{certificateDate(c.completedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('certJp')}</dt>
          <dd>{t('jp', { n: c.jp })}</dd>
        </div>
      </dl>
      {!c.revokedAt &&
        (url ? (
          <div class="row">
            <a class="button" href={url} target="_blank" rel="noopener">
              {t('certOpen')}
            </a>
            {canShare ? (
              <button type="button" class="share" onClick={share}>
                {t('certShare')}
              </button>
            ) : (
              <a class="button" href={url} download={fileName(c.code)}>
                {t('certSave')}
              </a>
            )}
          </div>
        ) : (
          <p class="muted">{t('certPdfPending')}</p>
        ))}
    </section>
  );
}

/** An object URL of a stored blob for as long as it is shown; `identity` says when it changed. */
function useObjectUrl(blob: Blob | null, identity: string): string | undefined {
  const [url, setUrl] = useState<string>();
  // Keyed by `identity`, not the blob: every read from IndexedDB is a new Blob object, and a
  // new URL on each would reload an open PDF for nothing.
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [identity, !!blob]);
  return url;
}
