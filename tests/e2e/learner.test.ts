// A learner's day, end to end in Chromium against the real server: log in, download the
// sample course, go offline, and study: lessons, resume, practice quiz, tests; then check
// that every action waits in the outbox.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGUS,
  COURSE,
  downloadSample,
  expectAccessible,
  expectFitsWidth,
  finishLesson,
  lessonShown,
  logIn,
  outbox,
  readStore,
  SARI,
  scrollFraction,
  submitAnswers,
} from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';

describe('studying offline', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const base = () => `${served.url}/kursus/${COURSE}`;

  beforeAll(async () => {
    served = await serveBuiltApp();
    context = await launchContext();
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
  });
  afterAll(async () => {
    await context?.close();
    await served?.stop();
  });

  it('logs in and shows the course with its size before downloading', async () => {
    await expectAccessible(page, 'login');
    await logIn(page, SARI);
    const card = page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
    const button = card.getByRole('button', { name: /Unduh untuk offline \(\d+ KB\)/ });
    await button.waitFor();
    await expectAccessible(page, 'home before download');
    // The size once on the card, its number and unit on one line of the button.
    expect((await card.textContent())?.match(/\d+(,\d)?\s[KMG]?B/g)).toHaveLength(1);
    const sizeLines = await button.evaluate((element) => {
      const text = element.firstChild as Text;
      const range = document.createRange();
      const start = text.data.search(/\d+(,\d)?\s[KMG]?B/);
      range.setStart(text, start);
      range.setEnd(text, text.data.indexOf('B', start) + 1);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(sizeLines).toBe(1);
  });

  it('downloads the course: every part stored and verified', async () => {
    await downloadSample(page);
    const [stored] = await readStore<{ courseId: string; version: number; bytes: number; pkg: { assets: { sha256: string }[] } }>(
      page,
      'packages',
    );
    expect(stored?.courseId).toBe(COURSE);
    const assets = await readStore<{ sha256: string; size: number }>(page, 'assets');
    expect(assets.map((a) => a.sha256).sort()).toEqual(stored!.pkg.assets.map((a) => a.sha256).sort());
    expect(await readStore(page, 'downloads')).toEqual([]);
    await page.getByText(/Orientasi PPPK.*: \d+\sKB/).waitFor(); // space it uses
  });

  it('opens offline after a reload', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByText('Tersedia offline').waitFor();
    await page
      .getByRole('region', { name: 'Status sinkron' })
      .getByText(/^Offline · /)
      .waitFor();
    await expectAccessible(page, 'home offline');
    await expectFitsWidth(page, 'home');
  });

  it('asks for the pre-test before the first lesson and keeps it waiting for a grade', async () => {
    await page.getByRole('link', { name: 'Mulai belajar' }).click();
    await page.getByRole('heading', { name: /Orientasi PPPK/ }).waitFor();
    expect(await page.getByRole('link', { name: 'ASN, PNS, dan PPPK' }).count()).toBe(0); // locked
    await expectAccessible(page, 'course');
    await expectFitsWidth(page, 'course');
    await page.getByRole('link', { name: /^Pre-test/ }).click();
    await page.getByRole('group').first().waitFor();
    await expectAccessible(page, 'pre-test');
    await page.getByRole('group').first().getByRole('radio').first().check();
    await submitAnswers(page);
    await page.getByText(/menunggu dinilai/).waitFor();
    await page.goto(base());
    await page.getByRole('link', { name: 'ASN, PNS, dan PPPK' }).waitFor();
  });

  it('reads a lesson with its images from the offline store and completes it on reaching the end', async () => {
    await page.getByRole('link', { name: 'ASN, PNS, dan PPPK' }).click();
    await page.getByRole('heading', { name: 'ASN, PNS, dan PPPK', level: 1 }).waitFor();
    const image = page.locator('.prose img').first();
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expectAccessible(page, 'lesson');
    await expectFitsWidth(page, 'lesson');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByText('Pelajaran ini selesai.').waitFor();
  });

  it('resumes a lesson at the same module, lesson and scroll position after a reload', async () => {
    await page.getByRole('link', { name: /Tiga Fungsi ASN →/ }).click();
    await lessonShown(page, 'Tiga Fungsi ASN');
    await page.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) * 0.5));
    await expect.poll(async () => (await outbox(page)).some((e) => e.type === 'lesson.position' && e.data.lessonId === 'm1-l2')).toBe(true);
    const saved = await scrollFraction(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Tiga Fungsi ASN', level: 1 }).waitFor();
    await expect.poll(() => scrollFraction(page), { timeout: 10_000 }).toBeCloseTo(saved, 1);

    await page.goto(served.url);
    const card = page.getByRole('link', { name: /Lanjutkan belajar/ });
    await card.waitFor();
    expect(await card.textContent()).toContain('Tiga Fungsi ASN');
    expect(await card.textContent()).toContain('Kedudukan dan Peran ASN dan PPPK');
    await card.click();
    await page.getByRole('heading', { name: 'Tiga Fungsi ASN', level: 1 }).waitFor();
    await expect.poll(() => scrollFraction(page), { timeout: 10_000 }).toBeCloseTo(saved, 1);
  });

  it('keeps the place of a scroll made just before leaving the lesson', async () => {
    await page.getByRole('heading', { name: 'Tiga Fungsi ASN', level: 1 }).waitFor();
    const place = async () =>
      (await outbox(page)).find((e) => e.type === 'lesson.position' && e.data.lessonId === 'm1-l2')?.data.position as number | undefined;
    // Scrolls as a finger does (a touch first, which ends the hold on a restored place that
    // the lesson keeps for a moment after opening), and returns once the page has seen the
    // scroll event, as every real scroll is seen.
    const scrollTo = (fraction: number) =>
      page.evaluate(
        (f) =>
          new Promise<number>((resolve) => {
            const max = document.documentElement.scrollHeight - window.innerHeight;
            window.addEventListener('scroll', () => resolve(window.scrollY / max), { once: true });
            window.dispatchEvent(new Event('touchstart'));
            window.scrollTo(0, max * f);
          }),
        fraction,
      );
    const saved = await scrollTo(0.8);
    // At once, well inside the save's debounce: back to the course page, in the app. (A tap,
    // as on a link kept in view: Playwright's click would first scroll the link into view.)
    await page.evaluate(() => document.querySelector<HTMLAnchorElement>('a.back')!.click());
    await page
      .getByRole('link', { name: /Tiga Fungsi ASN/ })
      .first()
      .waitFor();
    await expect.poll(place, { timeout: 5_000 }).toBeCloseTo(saved, 2);
  });

  it('scores the practice quiz at once, with explanations', async () => {
    const [stored] = await readStore<{ pkg: { quizzes: { id: string; questions: Record<string, unknown>[] }[] } }>(page, 'packages');
    const practice = stored!.pkg.quizzes[0]!;
    await page.goto(`${base()}/kuis/${practice.id}`);
    await page.getByRole('button', { name: 'Kirim jawaban' }).waitFor();
    await expectAccessible(page, 'practice quiz');
    await expectFitsWidth(page, 'practice quiz');
    const groups = page.getByRole('group');
    for (const [i, q] of practice.questions.entries()) {
      const group = groups.nth(i);
      if (q.type === 'single')
        await group
          .getByRole('radio', { name: (q.options as { text: string; correct?: boolean }[]).find((o) => o.correct)!.text, exact: true })
          .check();
      if (q.type === 'multiple')
        for (const o of (q.options as { text: string; correct?: boolean }[]).filter((o) => o.correct))
          await group.getByRole('checkbox', { name: o.text, exact: true }).check();
      if (q.type === 'truefalse') await group.getByRole('radio', { name: q.answer ? 'Benar' : 'Salah', exact: true }).check();
      if (q.type === 'short') await group.getByRole('textbox').fill((q.accept as string[])[0]!);
    }
    await submitAnswers(page);
    const n = practice.questions.length;
    await page.locator('.review').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Nilai Anda' }).textContent()).toBe(
      `Nilai Anda 100 (${n} dari ${n} benar). Lulus.`,
    );
    expect(await page.locator('.review li').count()).toBe(n);
    expect(await page.locator('.review .muted').first().textContent()).toBe(practice.questions[0]!.explanation);
    await expectAccessible(page, 'quiz result');
  });

  it('keeps answers of a test in progress when the app is closed', async () => {
    // The post-test opens after the last lesson: mark the rest done.
    const [stored] = await readStore<{ pkg: { modules: { lessons: { id: string }[] }[] } }>(page, 'packages');
    for (const lesson of stored!.pkg.modules.flatMap((m) => m.lessons).slice(1)) {
      await page.goto(`${base()}/pelajaran/${lesson.id}`);
      await finishLesson(page);
    }
    await page.goto(base());
    await page.getByRole('link', { name: /^Post-test/ }).click();
    const groups = page.getByRole('group');
    await groups.first().waitFor();
    // A graded test says how many attempts it allows before the learner starts.
    await page.getByText('Sisa kesempatan: 3 dari 3.').waitFor();
    await groups.nth(0).getByRole('radio').nth(1).check();
    await groups.last().getByRole('textbox').fill('akuntabel');
    await expect.poll(async () => (await readStore(page, 'drafts')).length).toBe(1);
    const url = page.url();
    await page.close();

    page = await context.newPage();
    await page.goto(url);
    const reopened = page.getByRole('group');
    await reopened.first().waitFor();
    expect(await reopened.nth(0).getByRole('radio').nth(1).isChecked()).toBe(true);
    expect(await reopened.last().getByRole('textbox').inputValue()).toBe('akuntabel');
    await submitAnswers(page);
    await page.getByText(/menunggu dinilai/).waitFor();
    expect(await readStore(page, 'drafts')).toEqual([]);
  });

  it('shows progress: lessons done, tests waiting for a grade, JP on completion', async () => {
    await page.goto(base());
    await page.getByRole('heading', { name: /Orientasi PPPK/ }).waitFor();
    expect(await page.locator('.stats').textContent()).toMatch(
      /Pelajaran16\/16Pre-testmenunggu dinilaiPost-testmenunggu dinilaiJP10\sJP setelah selesai/,
    );
  });

  it('takes the reaction survey offline: five statements and a comment', async () => {
    await page.getByRole('link', { name: /Isi survei singkat/ }).click();
    await page.getByRole('heading', { name: /Survei/ }).waitFor();
    await expectAccessible(page, 'survey');
    await expectFitsWidth(page, 'survey');
    const submit = page.getByRole('button', { name: 'Kirim survei' });
    expect(await submit.isDisabled()).toBe(true); // every statement needs an answer
    const groups = page.getByRole('group');
    expect(await groups.count()).toBe(5);
    for (let i = 0; i < 5; i++) await groups.nth(i).getByRole('radio', { name: /^4/ }).check();
    await page.getByRole('textbox').fill('Materinya jelas dan bisa dipelajari tanpa sinyal.');
    await submit.click();
    await page.getByText('Terima kasih, survei Anda tersimpan.').waitFor();
    const survey = (await outbox(page)).find((e) => e.type === 'survey.submitted');
    expect(survey?.data).toEqual({
      surveyId: 'reaction',
      answers: { s1: 4, s2: 4, s3: 4, s4: 4, s5: 4, s6: 'Materinya jelas dan bisa dipelajari tanpa sinyal.' },
    });
  });

  it('holds every action in the outbox, for this learner only', async () => {
    const events = await outbox(page);
    const types = new Set(events.map((e) => e.type));
    for (const type of ['lesson.opened', 'lesson.position', 'lesson.completed', 'study.time', 'quiz.submitted', 'survey.submitted'])
      expect(types, type).toContain(type);
    expect(events.filter((e) => e.type === 'lesson.completed')).toHaveLength(16);
    expect(
      events
        .filter((e) => e.type === 'quiz.submitted')
        .map((e) => e.data.quizId)
        .sort(),
    ).toEqual(['latihan-berakhlak', 'post-test', 'pre-test']);
    // At most one unsent position per lesson: scrolling does not fill the outbox.
    const positions = events.filter((e) => e.type === 'lesson.position').map((e) => e.data.lessonId);
    expect(new Set(positions).size).toBe(positions.length);
    expect(new Set(events.map((e) => e.userId)).size).toBe(1);
    expect(Number((await page.getByRole('region', { name: 'Status sinkron' }).textContent())?.match(/(\d+) menunggu/)?.[1])).toBe(
      events.length,
    );
  });

  it('warns before logging out with unsynced changes, and shows the next learner nothing of the first', async () => {
    await context.setOffline(false);
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await page.getByRole('alertdialog').textContent()).toMatch(/perubahan belum terkirim/);
    await page.getByRole('button', { name: 'Tetap keluar' }).click();
    await logIn(page, AGUS);
    await page.getByText('Tersedia offline').waitFor(); // the content is shared on the device
    expect(await page.getByRole('link', { name: /Lanjutkan belajar/ }).count()).toBe(0);
    await page.getByText('0/16 pelajaran selesai').waitFor();
    expect(await page.getByText(/\d+ (perubahan )?menunggu/).count()).toBe(0);
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
