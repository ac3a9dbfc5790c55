// The QR decoder for browsers without BarcodeDetector (most desktops, Firefox, older
// phones): jsqr in a worker of its own, started only when the camera is on and the browser
// has no decoder. Off the main thread, a slow phone's camera picture and buttons stay smooth
// while frames are read; and as its own bundle, this CommonJS library adds nothing to the
// chunks the app shares.
import jsQR from 'jsqr';

addEventListener('message', (event: MessageEvent<ImageData>) => {
  const image = event.data;
  // Both ways round: a facilitator's screen in dark mode shows the code light on dark.
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  postMessage(found?.data ?? null);
});
