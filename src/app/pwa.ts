// Registers /sw.js through workbox-window. A new version never takes over by itself: the
// app shows "new version — reload" and only then tells the waiting worker to activate.
import { Workbox } from 'workbox-window';
import { create } from 'zustand';

interface PwaState {
  updateWaiting: boolean;
  applyUpdate(): void;
}

export const usePwa = create<PwaState>(() => ({ updateWaiting: false, applyUpdate: () => {} }));

export function registerServiceWorker(): void {
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
