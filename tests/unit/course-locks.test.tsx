import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courseProgress } from '../../src/app/db/events.js';
import { Course } from '../../src/app/screens/Course.js';
import { Lesson } from '../../src/app/screens/Lesson.js';
import { Quiz } from '../../src/app/screens/Quiz.js';
import { useSession } from '../../src/app/session.js';
import { db } from '../../src/app/shared/database.js';
import { lockOf } from '../../src/domain/locks.js';
import { completeLessons, learner, samplePackage, storeCourse, submitAttempt } from '../helpers/course-fixture.js';

const pkg = samplePackage();
const link = (name: string | RegExp) => screen.queryByRole('link', { name });

describe('the rule for what a learner may open', () => {
  beforeEach(() => storeCourse(pkg));

  it('keeps lessons closed until the pre-test is taken, graded or not', async () => {
    expect(lockOf(pkg, await courseProgress(learner.id, pkg), { lessonId: 'l1' })).toBe('pre-test-first');
    await submitAttempt(pkg, 'pre', null);
    expect(lockOf(pkg, await courseProgress(learner.id, pkg), { lessonId: 'l1' })).toBeNull();
    expect(lockOf({ ...pkg, preTest: undefined }, await courseProgress(learner.id, pkg), { lessonId: 'l1' })).toBeNull();
  });

  it('keeps the post-test closed until every lesson is done; practice is always open', async () => {
    await submitAttempt(pkg, 'pre', 40);
    await completeLessons(pkg, 'l1', 'l2', 'l3');
    let progress = await courseProgress(learner.id, pkg);
    expect(lockOf(pkg, progress, { quizId: 'post' })).toBe('lessons-first');
    expect(lockOf(pkg, progress, { quizId: 'latihan' })).toBeNull();
    expect(lockOf(pkg, progress, { quizId: 'pre' })).toBeNull();
    await completeLessons(pkg, 'l4');
    progress = await courseProgress(learner.id, pkg);
    expect(lockOf(pkg, progress, { quizId: 'post' })).toBeNull();
  });
});

describe('locks where the screens open', () => {
  beforeEach(async () => {
    await storeCourse(pkg);
    useSession.setState({ token: 't', user: learner, lang: 'id' });
  });
  afterEach(() => cleanup());

  it('says in the outline why lessons and the post-test are closed', async () => {
    render(<Course courseId="c" />);
    expect((await screen.findByText('Pelajaran terbuka setelah pre-test dikerjakan.')).id).toBe('lessons-locked');
    expect(link('Pelajaran Satu')).toBeNull();
    expect(screen.getByText('Pelajaran Satu').closest('[aria-disabled]')?.getAttribute('aria-describedby')).toBe('lessons-locked');
    expect(link('Post-test')).toBeNull();
    expect(screen.getByText(/Selesaikan semua pelajaran untuk membuka post-test\. \(4 pelajaran lagi\)/)).toBeTruthy();
  });

  it('does not open a lesson by its address before the pre-test, and records nothing of it', async () => {
    render(<Lesson courseId="c" lessonId="l2" />);
    expect((await screen.findByRole('status')).textContent).toBe('🔒 Kerjakan pre-test dulu untuk membuka pelajaran ini.Kerjakan pre-test');
    expect(link('Kerjakan pre-test')?.getAttribute('href')).toBe('/kursus/c/kuis/pre');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Pelajaran Dua');
    expect(document.querySelector('.prose')).toBeNull();
    expect((await db.events.toArray()).map((e) => e.type)).toEqual([]);
  });

  it('opens the lesson once the pre-test is taken, and its pager leads to the post-test only when every lesson is done', async () => {
    await submitAttempt(pkg, 'pre', null);
    render(<Lesson courseId="c" lessonId="l4" />);
    await screen.findByText('Selesaikan semua pelajaran untuk membuka post-test.');
    await screen.findByText('Pelajaran Empat', { selector: '.prose p' });
    expect(link(/Post-test/)).toBeNull();
    expect(link('Kembali ke kursus →')).toBeTruthy();
    await completeLessons(pkg, 'l1', 'l2', 'l3', 'l4');
    expect((await screen.findByRole('link', { name: 'Post-test →' })).getAttribute('href')).toBe('/kursus/c/kuis/post');
    expect(screen.queryByText('Selesaikan semua pelajaran untuk membuka post-test.')).toBeNull();
  });

  it('does not open the post-test form by its address before every lesson is done', async () => {
    await submitAttempt(pkg, 'pre', 40);
    await completeLessons(pkg, 'l1');
    render(<Quiz courseId="c" quizId="post" />);
    await screen.findByText('Selesaikan semua pelajaran untuk membuka post-test.');
    expect(screen.queryByRole('button', { name: 'Kirim jawaban' })).toBeNull();
    expect(link('Lanjut ke: Pelajaran Dua')?.getAttribute('href')).toBe('/kursus/c/pelajaran/l2');
    await completeLessons(pkg, 'l2', 'l3', 'l4');
    await screen.findByRole('button', { name: 'Kirim jawaban' });
  });
});
