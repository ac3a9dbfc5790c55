// A video, audio or PDF lesson (DESIGN.md §15). The file plays from /api/media/<sha256>,
// which the service worker answers from the stored copy with no signal and the server
// streams otherwise; poster and captions come with the course's text, from the offline
// store. The lesson completes once 90 % of it has actually been played, which a seek
// never adds to; a PDF, once its last page has been shown. Part of the lesson screen's
// chunk, with its own words: only pdf.js, far larger than the rest, loads on demand.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaRef } from '../../domain/media.js';
import { addStep, playedEnough, playedSeconds, type Span } from '../../domain/played.js';
import type { Lang } from '../i18n.js';
import { PdfLesson } from './PdfLesson.js';
import { parseVtt } from './vtt.js';

const id = {
  notDownloaded: {
    video: 'Video ini belum diunduh, dan ponsel sedang tanpa sinyal.',
    audio: 'Audio ini belum diunduh, dan ponsel sedang tanpa sinyal.',
    pdf: 'PDF ini belum diunduh, dan ponsel sedang tanpa sinyal.',
  },
  downloadHint: 'Unduh di halaman kursus saat ada sinyal, lalu pelajaran ini bisa dibuka kapan saja.',
  toCourse: 'Unduh di halaman kursus',
  failed: 'Media ini tidak dapat diputar sekarang. Coba lagi nanti.',
  played: 'Sudah diputar {n}% (selesai pada 90%)',
};
const en: typeof id = {
  notDownloaded: {
    video: 'This video has not been downloaded, and the phone has no signal.',
    audio: 'This audio has not been downloaded, and the phone has no signal.',
    pdf: 'This PDF has not been downloaded, and the phone has no signal.',
  },
  downloadHint: 'Download it on the course page when there is signal; then this lesson opens any time.',
  toCourse: 'Download on the course page',
  failed: 'This media cannot be played now. Try again later.',
  played: '{n}% played (complete at 90%)',
};
const words: Record<Lang, typeof id> = { id, en };
const FULL_WIDTH = { display: 'block', width: '100%', maxHeight: '70vh' };

// What comes from the app's stores is passed in by the lesson screen, so the player is
// tested with a fake of each.
export interface MediaLessonProps {
  lang: Lang;
  /** Blob URLs of the lesson's images (the poster) from the offline store, by sha256. */
  assets: Map<string, string>;
  /** A stored asset's bytes (the captions), from the offline store. */
  readAsset: (sha256: string) => Promise<Blob | undefined>;
  userId: string;
  courseId: string;
  lessonId: string;
  media: MediaRef;
  /** The saved place, 0–1: of the duration, or of the pages. */
  resume: number;
  done: boolean;
  /** The place now, 0–1, as it changes; the lesson screen debounces saving it. */
  onPosition: (position: number) => void;
  onComplete: () => void;
  /** The file could not be loaded: with no signal, it was not downloaded (or was evicted). */
  onUnavailable?: () => void;
}

// Played spans are kept on the phone per learner and file, so a lesson watched over several
// sittings completes when the sittings together reach 90 %.
const playedKey = (userId: string, media: MediaRef) => `sinau.played.${userId}.${media.sha256}`;
function loadPlayed(key: string): Span[] {
  try {
    const spans: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(spans) ? (spans.filter((s) => Array.isArray(s) && s.length === 2) as Span[]) : [];
  } catch {
    return [];
  }
}

export function MediaLesson(props: MediaLessonProps) {
  const t = words[props.lang];
  // The service worker answers from the stored copy, or else asks the server: a file that
  // fails to load while the server cannot be reached is one not on the phone. (Asking the
  // media store instead would make the lesson screen's chunk share one more file with the
  // course screen, which the first visit's files then name.) A HEAD request passes the
  // service worker by, and navigator.onLine alone says "online" on a signal that carries
  // nothing.
  const [failure, setFailure] = useState<'offline' | 'failed' | null>(null);
  const unavailable = () =>
    void fetch(`/api/media/${props.media.sha256}`, { method: 'HEAD', cache: 'no-store' }).then(
      (r) => setFailure(r.ok && navigator.onLine ? 'failed' : 'offline'),
      () => setFailure('offline'),
    );
  useEffect(() => {
    // Signal back: try again.
    const retry = () => setFailure(null);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, []);

  if (failure === 'offline')
    return (
      <div class="card media-missing" role="status">
        <p>{t.notDownloaded[props.media.kind]}</p>
        <p class="note">{t.downloadHint}</p>
        <a href={`/kursus/${props.courseId}`}>{t.toCourse} →</a>
      </div>
    );
  if (failure === 'failed') return <p role="alert">{t.failed}</p>;
  return props.media.kind === 'pdf' ? (
    <PdfLesson {...props} onUnavailable={unavailable} />
  ) : (
    <Player {...props} onUnavailable={unavailable} words={t} />
  );
}

function Player(props: MediaLessonProps & { words: typeof id }) {
  const { userId, media, assets, resume, done, words: t } = props;
  const element = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  // The element's listeners live as long as the element; they read the newest callbacks here.
  const handlers = useRef(props);
  handlers.current = props;
  const [share, setShare] = useState(0);
  // Captions as a text track built from the stored file (see vtt.ts), shown by default. A
  // browser shows none for audio: there the words being said are written under the player.
  const [cue, setCue] = useState('');
  const captions = media.captions;
  useEffect(() => {
    const el = element.current;
    if (!el || !captions) return;
    let track: TextTrack | undefined;
    let cancelled = false;
    const onCue = () => {
      const cues = track?.activeCues;
      setCue(cues ? Array.from({ length: cues.length }, (_, i) => (cues[i] as VTTCue).text).join('\n') : '');
    };
    void props
      .readAsset(captions.sha256)
      .then((blob) => blob?.text())
      .then((text) => {
        if (cancelled || !text) return;
        track = el.addTextTrack('captions', captions.language === 'en' ? 'English' : 'Bahasa Indonesia', captions.language);
        for (const c of parseVtt(text)) track.addCue(new VTTCue(c.start, c.end, c.text));
        track.mode = media.kind === 'video' ? 'showing' : 'hidden';
        track.addEventListener('cuechange', onCue);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      // A track added by script cannot be removed, only switched off.
      if (track) {
        track.removeEventListener('cuechange', onCue);
        track.mode = 'disabled';
      }
    };
  }, [captions?.sha256]);
  const key = playedKey(userId, media);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    let played = loadPlayed(key);
    // The last time reported in playback, and when: a step counts only if the clock explains it.
    let last: { time: number; wall: number } | null = null;
    let completed = done;
    const duration = () => (Number.isFinite(el.duration) && el.duration > 0 ? el.duration : 0);
    const measure = () => {
      const d = duration();
      if (!d) return;
      setShare(Math.min(100, Math.floor((playedSeconds(played, d) / d) * 100)));
      if (!completed && playedEnough(played, d)) {
        completed = true;
        handlers.current.onComplete();
      }
    };
    const onMetadata = () => {
      const d = duration();
      // A lesson left at its very end starts again from the beginning.
      if (d && resume > 0 && resume < 0.999) el.currentTime = resume * d;
      measure();
    };
    const onTime = () => {
      const now = performance.now();
      const time = el.currentTime;
      // The last report comes with the element already paused at its end.
      if (last && !el.seeking && (!el.paused || el.ended)) {
        // Timer events come every quarter second or so; a hidden tab's come later, and a
        // faster playbackRate covers more per tick. Half a second of slack, then no more.
        const maxStep = ((now - last.wall) / 1000) * el.playbackRate * 1.5 + 0.5;
        const next = addStep(played, last.time, time, maxStep);
        if (playedSeconds(next) !== playedSeconds(played)) {
          played = next;
          localStorage.setItem(key, JSON.stringify(played));
        }
      }
      last = el.seeking || el.paused ? null : { time, wall: now };
      const d = duration();
      if (d) handlers.current.onPosition(Math.min(1, Math.max(0, time / d)));
      measure();
    };
    const forget = () => {
      last = null;
    };
    const onPlaying = () => {
      last = { time: el.currentTime, wall: performance.now() };
    };
    const onError = () => handlers.current.onUnavailable?.();
    el.addEventListener('loadedmetadata', onMetadata);
    el.addEventListener('error', onError);
    el.addEventListener('timeupdate', onTime);
    el.addEventListener('seeking', forget);
    el.addEventListener('pause', forget);
    el.addEventListener('playing', onPlaying);
    // Either may have happened before these listeners: a failure offline is that quick.
    if (el.readyState >= 1) onMetadata();
    if (el.error) onError();
    return () => {
      el.removeEventListener('loadedmetadata', onMetadata);
      el.removeEventListener('error', onError);
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('seeking', forget);
      el.removeEventListener('pause', forget);
      el.removeEventListener('playing', onPlaying);
    };
  }, [key]);

  const src = `/api/media/${media.sha256}`;
  const poster = media.poster ? assets.get(media.poster) : undefined;
  // Style attributes, not a stylesheet: a stylesheet of this chunk's own would be one more
  // file named by the app's first script.
  return (
    <div class="media-lesson">
      {media.kind === 'video' ? (
        // biome-ignore lint/a11y/useMediaCaption: captions are added as a text track when the course has them
        <video
          ref={element}
          src={src}
          poster={poster}
          controls
          preload="metadata"
          playsInline
          class="media-player"
          style={FULL_WIDTH}
        ></video>
      ) : (
        // biome-ignore lint/a11y/useMediaCaption: captions are added as a text track when the course has them
        <audio ref={element} src={src} controls preload="metadata" class="media-player" style={FULL_WIDTH}></audio>
      )}
      {cue && <p class="note audio-captions">{cue}</p>}
      {!done && <p class="muted">{t.played.replace('{n}', String(share))}</p>}
    </div>
  );
}
