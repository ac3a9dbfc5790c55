import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaLesson, type MediaLessonProps } from '../../src/app/screens/MediaLesson.js';
import { pageOf } from '../../src/app/screens/PdfLesson.js';
import { parseVtt } from '../../src/app/screens/vtt.js';
import type { MediaRef } from '../../src/domain/media.js';

const video: MediaRef = {
  kind: 'video',
  sha256: 'a'.repeat(64),
  size: 1000,
  mime: 'video/mp4',
  poster: 'b'.repeat(64),
  captions: { sha256: 'c'.repeat(64), language: 'id' },
};

let now = 0;
beforeEach(() => {
  localStorage.clear();
  now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderLesson(overrides: Partial<MediaLessonProps> = {}) {
  const props: MediaLessonProps = {
    lang: 'id',
    assets: new Map([[video.poster!, 'blob:poster']]),
    readAsset: vi.fn(async () => new Blob(['WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nSelamat datang.\n'])),
    userId: 'u1',
    courseId: 'kursus',
    lessonId: 'l1',
    media: video,
    resume: 0,
    done: false,
    onPosition: vi.fn(),
    onComplete: vi.fn(),
    ...overrides,
  };
  const view = render(<MediaLesson {...props} />);
  return { props, view };
}

/** The element as a player drives it: a duration, a clock, play, pause and seeks. */
function fakePlayer(el: HTMLMediaElement, duration: number) {
  const state = { currentTime: 0, paused: true, seeking: false, playbackRate: 1 };
  Object.defineProperty(el, 'duration', { get: () => duration });
  Object.defineProperty(el, 'readyState', { get: () => 1 });
  Object.defineProperty(el, 'paused', { get: () => state.paused });
  Object.defineProperty(el, 'seeking', { get: () => state.seeking });
  Object.defineProperty(el, 'playbackRate', { get: () => state.playbackRate });
  Object.defineProperty(el, 'currentTime', {
    get: () => state.currentTime,
    set: (t: number) => {
      state.currentTime = t;
    },
  });
  const fire = (type: string) => act(() => void el.dispatchEvent(new Event(type)));
  return {
    state,
    fire,
    play() {
      state.paused = false;
      fire('playing');
    },
    /** Plays `seconds` in quarter-second ticks, as a browser reports time. */
    advance(seconds: number) {
      for (let i = 0; i < seconds * 4; i++) {
        now += 250 / state.playbackRate;
        state.currentTime = Math.min(duration, state.currentTime + 0.25);
        fire('timeupdate');
      }
    },
    seek(to: number) {
      state.seeking = true;
      fire('seeking');
      state.currentTime = to;
      fire('timeupdate');
      state.seeking = false;
      fire('seeked');
      fire('timeupdate');
    },
  };
}

const mediaElement = (selector: string) => document.querySelector(selector) as HTMLMediaElement;

describe('a video lesson', () => {
  it('plays the file the service worker answers, with its poster and captions from the offline store', () => {
    const { props } = renderLesson();
    const el = mediaElement('video');
    expect(el.getAttribute('src')).toBe(`/api/media/${video.sha256}`);
    expect(el.getAttribute('poster')).toBe('blob:poster');
    expect(props.readAsset).toHaveBeenCalledWith(video.captions!.sha256);
  });

  it('plays audio without a poster', () => {
    renderLesson({ media: { kind: 'audio', sha256: 'd'.repeat(64), size: 10, mime: 'audio/mpeg' } });
    expect(mediaElement('audio').getAttribute('src')).toBe(`/api/media/${'d'.repeat(64)}`);
    expect(document.querySelector('video')).toBeNull();
  });

  it('resumes at the saved second and reports the place as time ÷ duration', () => {
    const { props } = renderLesson({ resume: 0.5 });
    const player = fakePlayer(mediaElement('video'), 120);
    player.fire('loadedmetadata');
    expect(player.state.currentTime).toBe(60);
    player.play();
    player.advance(1);
    expect(props.onPosition).toHaveBeenLastCalledWith(61 / 120);
  });

  it('completes once 90 % has been played, even at sixteen times the speed', () => {
    const { props } = renderLesson();
    const player = fakePlayer(mediaElement('video'), 100);
    player.fire('loadedmetadata');
    player.state.playbackRate = 16;
    player.play();
    player.advance(89);
    expect(props.onComplete).not.toHaveBeenCalled();
    player.advance(1);
    expect(props.onComplete).toHaveBeenCalledTimes(1);
    player.advance(10);
    expect(props.onComplete).toHaveBeenCalledTimes(1);
  });

  it('does not complete when the end is reached by seeking past the middle', () => {
    const { props } = renderLesson();
    const player = fakePlayer(mediaElement('video'), 100);
    player.fire('loadedmetadata');
    player.play();
    player.advance(40);
    player.seek(55);
    player.advance(45);
    expect(props.onComplete).not.toHaveBeenCalled();
    expect(screen.getByText('Sudah diputar 85% (selesai pada 90%)')).toBeTruthy();
  });

  it('counts a jump of time the clock cannot explain as a seek', () => {
    const { props } = renderLesson();
    const player = fakePlayer(mediaElement('video'), 100);
    player.fire('loadedmetadata');
    player.play();
    player.advance(5);
    now += 250;
    player.state.currentTime = 95; // no seeking event, but far more than a quarter second
    player.fire('timeupdate');
    player.advance(5);
    expect(props.onComplete).not.toHaveBeenCalled();
    expect(screen.getByText('Sudah diputar 10% (selesai pada 90%)')).toBeTruthy();
  });

  it('adds the sittings up: what was played before counts after reopening', () => {
    const first = renderLesson();
    let player = fakePlayer(mediaElement('video'), 100);
    player.fire('loadedmetadata');
    player.play();
    player.advance(50);
    first.view.unmount();

    const { props } = renderLesson({ resume: 0.5 });
    player = fakePlayer(mediaElement('video'), 100);
    player.fire('loadedmetadata');
    player.play();
    player.advance(40);
    expect(props.onComplete).toHaveBeenCalledTimes(1);
  });

  it('says the video is not downloaded when it cannot load and the server cannot be reached, with the way to download it', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));
    renderLesson();
    act(() => void mediaElement('video').dispatchEvent(new Event('error')));
    expect((await screen.findByRole('status')).textContent).toContain('Video ini belum diunduh');
    expect(screen.getByRole('link', { name: /Unduh di halaman kursus/ }).getAttribute('href')).toBe('/kursus/kursus');
  });

  it('says so in English too', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));
    renderLesson({ lang: 'en' });
    act(() => void mediaElement('video').dispatchEvent(new Event('error')));
    expect((await screen.findByRole('status')).textContent).toContain('This video has not been downloaded');
  });

  it('says it cannot be played, not that it is missing, when the server can be reached', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    renderLesson();
    act(() => void mediaElement('video').dispatchEvent(new Event('error')));
    expect((await screen.findByRole('alert')).textContent).toContain('tidak dapat diputar');
  });
});

describe('a PDF lesson', () => {
  it('resumes at the page the place points at', () => {
    expect(pageOf(0, 5)).toBe(1);
    expect(pageOf(3 / 5, 5)).toBe(3);
    expect(pageOf(1, 5)).toBe(5);
    expect(pageOf(0.99, 1)).toBe(1);
  });

  it('says the PDF is not downloaded when it cannot load with no signal', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));
    renderLesson({ media: { kind: 'pdf', sha256: 'e'.repeat(64), size: 10, mime: 'application/pdf' } });
    expect((await screen.findByRole('status')).textContent).toContain('PDF ini belum diunduh');
  });
});

describe('captions', () => {
  it('reads the cues of a WebVTT file, with hours, settings, several lines and notes', () => {
    const vtt = [
      'WEBVTT',
      '',
      'NOTE made by hand',
      '',
      '1',
      '00:00:00.500 --> 00:00:05.649 align:start',
      'Selamat datang.',
      '',
      '01:00:06.099 --> 01:00:12.694',
      'Baris satu',
      'baris dua',
      '',
      '00:00:09.000 --> 00:00:08.000',
      'mundur',
      '',
    ].join('\r\n');
    expect(parseVtt(vtt)).toEqual([
      { start: 0.5, end: 5.649, text: 'Selamat datang.' },
      { start: 3606.099, end: 3612.694, text: 'Baris satu\nbaris dua' },
    ]);
  });
});
