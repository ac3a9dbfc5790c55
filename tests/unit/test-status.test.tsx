import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLanguage } from '../../src/app/i18n.js';
import { Course } from '../../src/app/screens/Course.js';
import { useSession } from '../../src/app/session.js';
import type { CoursePackage } from '../../src/domain/course.js';
import { completeLessons, learner, samplePackage, storeCourse, submitAttempt } from '../helpers/course-fixture.js';

/** The post-test's line in the course outline, once every lesson is done. */
async function postTestLine(pkg: CoursePackage, ...scores: (number | null)[]) {
  await storeCourse(pkg);
  await submitAttempt(pkg, 'pre', 40);
  await completeLessons(pkg, 'l1', 'l2', 'l3', 'l4');
  for (const score of scores) await submitAttempt(pkg, 'post', score);
  render(<Course courseId="c" />);
  await screen.findByRole('heading', { name: 'Kursus Uji' });
  return document.querySelector('.steps > li:last-child')!;
}

describe('the post-test in the course outline', () => {
  beforeEach(() => useSession.setState({ token: 't', user: learner, lang: 'id' }));
  afterEach(() => cleanup());

  it('offers a test not taken yet, with the attempts it allows', async () => {
    const line = await postTestLine(samplePackage());
    expect(line.textContent).toBe('Post-test · siap dikerjakan · 3 kesempatan');
    expect(line.querySelector('a')?.getAttribute('href')).toBe('/kursus/c/kuis/post');
  });

  it('shows a passed test with its best passing score, not "ready to take"', async () => {
    const line = await postTestLine(samplePackage(), 55, 86);
    expect(line.textContent).toBe('Post-test · Lulus, nilai 86');
    expect(line.className).toBe('done');
  });

  it('says a failed test has attempts left, and how many', async () => {
    expect((await postTestLine(samplePackage(), 60)).textContent).toBe('Post-test · Belum lulus, nilai 60 · sisa 2 dari 3 kesempatan');
  });

  it('says a test is used up, with the best score, under the default limit and the quiz’s own', async () => {
    expect((await postTestLine(samplePackage(), 60, 50, 65)).textContent).toBe(
      'Post-test · Belum lulus, nilai 65 · kesempatan habis (3 kali)',
    );
    cleanup();
    expect((await postTestLine(samplePackage({ postTestAttempts: 1 }), 50)).textContent).toBe(
      'Post-test · Belum lulus, nilai 50 · kesempatan habis (1 kali)',
    );
  });

  it('says an attempt waits for its grade', async () => {
    expect((await postTestLine(samplePackage(), 60, null)).textContent).toBe('Post-test · menunggu dinilai');
  });

  it('speaks English too', async () => {
    await loadLanguage('en');
    useSession.setState({ lang: 'en' });
    expect((await postTestLine(samplePackage(), 60, 50, 65)).textContent).toBe(
      'Post-test · Not passed yet, score 65 · no attempts left (all 3 used)',
    );
  });
});
