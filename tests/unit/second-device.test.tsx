// A second device where nothing is downloaded: the server's progress shows on the course
// card and the home screen offers to download what continuing needs.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CourseSummary } from '../../src/app/api.js';
import { CourseCard } from '../../src/app/components/CourseCard.js';
import { refreshServerProgress, serverProgressKey } from '../../src/app/courses/catalogue.js';
import { useCourses } from '../../src/app/courses/hooks.js';
import { Home } from '../../src/app/screens/Home.js';
import { useSession } from '../../src/app/session.js';
import { db } from '../../src/app/shared/database.js';
import { foldProgress, type Progress } from '../../src/domain/progress.js';
import { learner, samplePackage } from '../helpers/course-fixture.js';

const entry: CourseSummary = {
  id: 'c',
  version: 1,
  title: 'Kursus Uji',
  summary: 'uji',
  category: 'orientasi',
  jp: 2,
  modules: 2,
  lessons: 4,
  downloadBytes: 95_523,
};

/** The server's fold: every lesson, the pre-test and a passed post-test. */
const done: Progress = foldProgress({ lessonIds: ['l1', 'l2', 'l3', 'l4'], preTestId: 'pre', postTestId: 'post' }, [
  ...['l1', 'l2', 'l3', 'l4'].map((lessonId, i) => ({
    id: `e${i}`,
    type: 'lesson.completed',
    courseVersion: 1,
    at: `2026-11-2${i}T08:00:00.000Z`,
    data: { lessonId },
  })),
  { id: 'e8', type: 'lesson.opened', courseVersion: 1, at: '2026-11-25T08:00:00.000Z', data: { lessonId: 'l4' } },
  ...(['pre', 'post'] as const).map((quizId, i) => ({
    id: `q${i}`,
    type: 'quiz.submitted',
    courseVersion: 1,
    at: `2026-11-2${i + 6}T08:00:00.000Z`,
    data: { quizId, attemptId: `a${i}` },
    result: { score: quizId === 'pre' ? 40 : 100, points: 0, questions: 10, passed: quizId === 'post' },
  })),
]);

const syncedEvent = (id: string) => ({
  id,
  userId: learner.id,
  type: 'lesson.completed' as const,
  courseId: 'c',
  courseVersion: 1,
  at: '2026-11-20T08:00:00.000Z',
  data: { lessonId: 'l1' },
  status: 'synced' as const,
});

function Courses() {
  const courses = useCourses(learner.id);
  return (
    <ul>
      {courses?.map((c) => (
        <CourseCard key={c.entry!.id} view={c} />
      ))}
    </ul>
  );
}

describe('a device where the course is not downloaded', () => {
  beforeEach(async () => {
    await Promise.all([db.packages.clear(), db.events.clear(), db.catalogue.clear(), db.meta.clear(), db.downloads.clear()]);
    await db.catalogue.put({ ...entry, userId: learner.id, fetchedAt: Date.now() });
    useSession.setState({ token: 't', user: learner, lang: 'id' });
  });
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', '/');
    vi.unstubAllGlobals();
  });

  it('asks the server for its progress once a sync has pulled something new, and keeps it', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ courseId: 'c', version: 1, progress: done })));
    vi.stubGlobal('fetch', fetch);
    await refreshServerProgress();
    expect(fetch).not.toHaveBeenCalled(); // nothing done in this course anywhere yet

    await db.events.add(syncedEvent('e0'));
    await refreshServerProgress();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe('/api/progress?courseId=c');
    expect((await db.meta.get(serverProgressKey(learner.id, 'c')))?.value).toMatchObject({ version: 1, synced: 1, progress: done });

    await refreshServerProgress();
    expect(fetch).toHaveBeenCalledTimes(1); // nothing new pulled: the kept answer stands
    await db.events.add(syncedEvent('e1'));
    await refreshServerProgress();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shows the server’s progress on the card: lessons, scores, completion and JP, and the size once', async () => {
    await db.meta.put({ key: serverProgressKey(learner.id, 'c'), value: { version: 1, progress: done, synced: 6 } });
    render(<Courses />);
    expect((await screen.findByRole('status')).textContent).toBe('4/4 pelajaran selesai · Selesai');
    expect(screen.getByText('Pre-test nilai 40 · Post-test nilai 100 · 2 JP diperoleh')).toBeTruthy();
    const card = screen.getByRole('listitem');
    expect(card.textContent!.match(/96\sKB/g)).toHaveLength(1);
    // The size keeps its unit on the same line.
    expect(screen.getByRole('button').textContent).toBe('Unduh untuk offline (96\u00a0KB)');
  });

  it('offers on the home screen to download what continuing needs', async () => {
    // What a sync pulled: the other device's events, and the server's fold of them.
    await db.events.add({ ...syncedEvent('e8'), type: 'lesson.opened', data: { lessonId: 'l4' } });
    await db.meta.put({ key: serverProgressKey(learner.id, 'c'), value: { version: 1, progress: done, synced: 1 } });
    render(
      <LocationProvider>
        <Home />
      </LocationProvider>,
    );
    expect(await screen.findByText('Lanjutkan belajar')).toBeTruthy();
    const button = screen.getByRole('button', { name: /^Unduh untuk melanjutkan \(96\sKB\)$/ });
    // The download runs (held here) until the course is stored; then the lesson opens.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>(() => {})),
    );
    fireEvent.click(button);
    expect(location.pathname).toBe('/');
    const pkg = samplePackage();
    await db.packages.put({ courseId: pkg.id, version: pkg.version, pkg, bytes: 1000, storedAt: Date.now() });
    await vi.waitFor(() => expect(location.pathname).toBe('/kursus/c/pelajaran/l4'));
  });
});
