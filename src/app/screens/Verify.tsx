// The public page a certificate's QR leads to, /v/CODE#PAYLOAD: no login. With signal the
// server says whether the certificate is valid, revoked or unknown; the signed payload after
// the # is checked in the browser with the stored key either way, which is all there is
// offline.
import { useEffect, useState } from 'preact/hooks';
import { normalizeCode } from '../../domain/certificates.js';
import { certificatesApi, type VerifyReply } from '../certificates/api.js';
import { certificateDate, useCertificateTranslate } from '../certificates/i18n-certificates.js';
import { keepPublicKey, storedKey } from '../certificates/store.js';
import { checkSignature, type Details, type SignatureCheck, type Verdict, verdictOf } from '../certificates/verify.js';
import { useSession } from '../session.js';
import '../certificates/certificates.css';

export function Verify({ code: raw = '' }: { code?: string }) {
  const t = useCertificateTranslate();
  const code = normalizeCode(decoded(raw));
  const payload = useHash();
  const [signature, setSignature] = useState<SignatureCheck>();
  const [live, setLive] = useState<VerifyReply | 'pending' | 'none'>(navigator.onLine ? 'pending' : 'none');

  useEffect(() => {
    if (!code) return;
    let current = true;
    setSignature(undefined);
    const check = async (key: Awaited<ReturnType<typeof storedKey>>) => {
      if (payload && current) {
        const result = await checkSignature(code, payload, key);
        if (current) setSignature(result);
      }
    };
    void (async () => {
      const key = await storedKey();
      await check(key);
      // A first visit with signal keeps the key, so the next check works without signal.
      if (!key && navigator.onLine) await check(await keepPublicKey());
    })();
    if (navigator.onLine)
      certificatesApi.verify(code).then(
        (reply) => current && setLive(reply),
        () => current && setLive('none'),
      );
    else setLive('none');
    return () => {
      current = false;
    };
  }, [code, payload]);

  // A code that cannot be one is unknown without asking anyone; a payload still being checked
  // is waited for unless the server has answered.
  const verdict: Verdict = !code
    ? { status: 'unknown' }
    : payload && !signature && typeof live === 'string'
      ? { status: 'checking' }
      : verdictOf(live, signature);

  return (
    <article class="verify" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verifyTitle')}</h1>
      <p>
        {t('verifyCode')}: <strong class="code">{code ?? raw}</strong>
      </p>
      <div role="status">
        <VerdictCard verdict={verdict} />
        {code && live === 'pending' && verdict.status !== 'checking' && <p class="muted">{t('verifyAskingServer')}</p>}
      </div>
    </article>
  );
}

/** The payload after the #, kept current: another link with the same code changes only the hash. */
function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash.slice(1).trim();
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function VerdictCard({ verdict: v }: { verdict: Verdict }) {
  const t = useCertificateTranslate();
  const lang = useSession((s) => s.lang);
  if (v.status === 'checking') return <p>{t('verifyChecking')}</p>;
  const [title, hint] = (() => {
    switch (v.status) {
      case 'valid':
        return [`✓ ${t('verifyValid')}`, t(v.by === 'server' ? 'verifyValidOnline' : 'verifyValidOffline')];
      case 'revoked':
        return [t('verifyRevoked'), v.revokedAt ? t('verifyRevokedOn', { date: certificateDate(v.revokedAt, lang) }) : ''];
      case 'invalid':
        return [t('verifyInvalid'), t('verifyInvalidHint')];
      case 'unknown':
        return [t('verifyUnknown'), t('verifyUnknownHint')];
      case 'no-key':
        return [t('verifyCannot'), t('verifyNoKey')];
      case 'unsupported':
        return [t('verifyCannot'), t('verifyUnsupported')];
      default:
        return [t('verifyCannot'), t('verifyNoPayload')];
    }
  })();
  const kind = v.status === 'valid' || v.status === 'revoked' || v.status === 'invalid' ? v.status : 'other';
  return (
    <section class={`card verdict ${kind}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{title}</h2>
      {hint && <p>{hint}</p>}
      {v.status === 'valid' && v.mismatch && <p class="muted">{t('verifyMismatch')}</p>}
      {(v.status === 'valid' || v.status === 'revoked') && <Facts details={v.details} />}
    </section>
  );
}

function Facts({ details: d }: { details: Details }) {
  const t = useCertificateTranslate();
  const lang = useSession((s) => s.lang);
  return (
    <dl class="facts">
      <dt>{t('verifyName')}</dt>
      <dd>{d.name}</dd>
      <dt>{t('verifyNip')}</dt>
      <dd>{d.nipMasked}</dd>
      <dt>{t('verifyCourse')}</dt>
      <dd>{d.courseTitle}</dd>
      <dt>{t('verifyJp')}</dt>
      <dd>{t('jp', { n: d.jp })}</dd>
      <dt>{t('verifyDate')}</dt>
      <dd>{certificateDate(d.completedAt, lang)}</dd>
      <dt>{t('verifyIssuer')}</dt>
      <dd>{d.issuer}</dd>
    </dl>
  );
}
