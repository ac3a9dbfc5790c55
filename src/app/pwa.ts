// WARNING: part of the main bundle. Registers /sw.js through workbox-window. A new version
// never takes over by itself: the app shows "new version — reload" (outside lessons) and
// only then tells the waiting worker to activate. Also holds the install prompt, and
// whether the app itself opens offline yet (its shell stored by an active worker).
import { Workbox } from 'workbox-window';
import { create } from 'zustand';

interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * Whether the app opens with no network. 'ready' once a worker is active: its install
 * ended only when every file of the shell was stored, and it controls this page (or
 * will, on the next load). 'interrupted': the first install failed, usually as the
 * signal went; it is tried again when the browser is back online.
 */
export type OfflineShell =
  | { state: 'ready' }
  | { state: 'preparing'; cached: number; total: number }
  | { state: 'interrupted' }
  | { state: 'unsupported' };

interface PwaState {
  shell: OfflineShell;
  updateWaiting: boolean;
  applyUpdate(): void;
  installPrompt: InstallPromptEvent | null;
  installed: boolean;
  isIos: boolean;
  install(): Promise<void>;
}

const standalone = () =>
  window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;

const initialShell = (): OfflineShell =>
  !('serviceWorker' in navigator)
    ? { state: 'unsupported' }
    : navigator.serviceWorker.controller
      ? { state: 'ready' }
      : { state: 'preparing', cached: 0, total: 0 };

export const usePwa = create<PwaState>((set, get) => ({
  shell: initialShell(),
  updateWaiting: false,
  applyUpdate: () => {},
  installPrompt: null,
  installed: standalone(),
  // iOS Safari has no install prompt: the app explains the share menu instead.
  isIos: /iphone|ipad|ipod/i.test(navigator.userAgent) && !/crios|fxios/i.test(navigator.userAgent),
  async install() {
    const prompt = get().installPrompt;
    if (!prompt) return;
    await prompt.prompt();
    const { outcome } = await prompt.userChoice;
    set({ installPrompt: null, installed: outcome === 'accepted' });
  },
}));

export function registerServiceWorker(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    usePwa.setState({ installPrompt: event as InstallPromptEvent });
  });
  window.addEventListener('appinstalled', () => usePwa.setState({ installed: true, installPrompt: null }));
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) {
    usePwa.setState({ shell: { state: 'unsupported' } });
    return;
  }
  watchOfflineShell();
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    usePwa.setState({
      updateWaiting: true,
      applyUpdate: () => {
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
      },
    });
  });
  void wb.register().then((registration) => registration && followInstall(registration));
}

const notReady = () => usePwa.getState().shell.state !== 'ready';

function watchOfflineShell(): void {
  void navigator.serviceWorker.ready.then(() => usePwa.setState({ shell: { state: 'ready' } }));
  // Sent by src/sw/install-progress.ts.
  navigator.serviceWorker.addEventListener('message', (event) => {
    const data = event.data as { type?: string; cached: number; total: number } | null;
    if (data?.type === 'INSTALL_PROGRESS' && notReady())
      usePwa.setState({ shell: { state: 'preparing', cached: data.cached, total: data.total } });
  });
}

/** Asks an installing first worker how far it is, and notices when its install fails. */
function followInstall(registration: ServiceWorkerRegistration): void {
  const follow = (worker: ServiceWorker | null) => {
    if (!worker || registration.active) return;
    worker.postMessage({ type: 'INSTALL_PROGRESS' });
    worker.addEventListener('statechange', () => {
      if (worker.state !== 'redundant' || registration.active || registration.installing || registration.waiting || !notReady()) return;
      usePwa.setState({ shell: { state: 'interrupted' } });
      window.addEventListener(
        'online',
        () => {
          usePwa.setState({ shell: { state: 'preparing', cached: 0, total: 0 } });
          void navigator.serviceWorker.register('/sw.js').then(followInstall);
        },
        { once: true },
      );
    });
  };
  follow(registration.installing ?? registration.waiting);
  registration.addEventListener('updatefound', () => follow(registration.installing));
}
