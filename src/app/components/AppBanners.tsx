// WARNING: part of the main bundle. "New version — reload", and installing to the home screen.
import { useState } from 'preact/hooks';
import { usePwa } from '../pwa.js';
import { useTranslate } from '../session.js';

export function UpdateBanner() {
  const t = useTranslate();
  const { updateWaiting, applyUpdate } = usePwa();
  if (!updateWaiting) return null;
  return (
    <div class="banner" role="status">
      <span>{t('updateReady')}</span>
      <button type="button" onClick={applyUpdate}>
        {t('reload')}
      </button>
    </div>
  );
}

export function InstallPrompt() {
  const t = useTranslate();
  const { installPrompt, installed, install, isIos } = usePwa();
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem('sinau.install-dismissed') === '1');
  if (installed || dismissed || (!installPrompt && !isIos)) return null;
  const dismiss = () => {
    sessionStorage.setItem('sinau.install-dismissed', '1');
    setDismissed(true);
  };
  return (
    <aside class="install" aria-label={t('installTitle')}>
      {isIos || !installPrompt ? (
        <p>{t('installIos')}</p>
      ) : (
        <>
          <p>{t('installHint')}</p>
          <button type="button" onClick={install}>
            {t('install')}
          </button>
        </>
      )}
      <button type="button" class="quiet" onClick={dismiss}>
        {t('notNow')}
      </button>
    </aside>
  );
}
