// WARNING: part of the main bundle. Registers /sw.js through workbox-window. A new version
// never takes over by itself: the app shows "new version — reload" (outside lessons) and
// only then tells the waiting worker to activate. Also holds the install prompt.
import { Workbox } from 'workbox-window';
import { create } from 'zustand';

interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

interface PwaState {
  updateWaiting: boolean;
  applyUpdate(): void;
  installPrompt: InstallPromptEvent | null;
  installed: boolean;
  isIos: boolean;
  install(): Promise<void>;
}

const standalone = () =>
  window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;

export const usePwa = create<PwaState>((set, get) => ({
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
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
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
  void wb.register();
}
