// The phone's camera read for QR codes: the back camera, decoded by the browser's own
// BarcodeDetector where it has one (Chrome on Android), else by jsqr in a worker started
// only then.
// Frames are read a few times a second, which is plenty for a code held still and spares
// the battery of a phone that is already low.

export type CameraProblem = 'denied' | 'missing';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem) {
    super(problem);
  }
}

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

const FRAME_MS = 250;
/** Frames are scaled down to this on their long side before jsqr reads them. */
const MAX_SIDE = 640;

async function nativeDetector(): Promise<Detector | null> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    return (await Native.getSupportedFormats()).includes('qr_code') ? new Native({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('missing');
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  } catch (error) {
    const name = (error as DOMException).name;
    throw new CameraError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'missing');
  }
}

/** jsqr in its worker: one frame at a time, the next only once the last is read. */
function workerDecoder(): { decode(image: ImageData): Promise<string | null>; stop(): void } {
  const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
  let waiting: ((text: string | null) => void) | undefined;
  worker.onmessage = (event: MessageEvent<string | null>) => waiting?.(event.data);
  worker.onerror = () => waiting?.(null);
  return {
    decode: (image) =>
      new Promise((resolve) => {
        waiting = resolve;
        worker.postMessage(image, [image.data.buffer]);
      }),
    stop: () => worker.terminate(),
  };
}

/**
 * Shows the camera in `video` and calls `onText` with each QR code's text it reads (the same
 * text once until another is read). Resolves once the camera runs; `stop` turns it off.
 * Rejects with a CameraError when there is no camera or the learner refused it.
 */
export async function startScanner(video: HTMLVideoElement, onText: (text: string) => void): Promise<{ stop(): void }> {
  const stream = await openCamera();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let decoder: ReturnType<typeof workerDecoder> | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    decoder?.stop();
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
  } catch {
    stop();
    throw new CameraError('missing');
  }
  const native = await nativeDetector();
  decoder = native ? undefined : workerDecoder();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let last: string | null = null;

  const read = async (): Promise<string | null> => {
    if (native) return (await native.detect(video))[0]?.rawValue ?? null;
    const { videoWidth: w, videoHeight: h } = video;
    if (!context || !decoder || !w || !h) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return decoder.decode(context.getImageData(0, 0, canvas.width, canvas.height));
  };
  const tick = async () => {
    if (stopped) return;
    const text = await read().catch(() => null);
    if (stopped) return;
    if (text && text !== last) {
      last = text;
      onText(text);
    }
    if (!stopped) timer = setTimeout(() => void tick(), FRAME_MS);
  };
  void tick();
  return { stop };
}
