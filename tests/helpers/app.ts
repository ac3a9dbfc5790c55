// Driving the learner's app in a page: log in, download, read the offline store.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { parse } from 'yaml';

export const SARI = { nip: '199203152025212001', password: 'sari-demo' };
export const AGUS = { nip: '199507202025211002', password: 'agus-demo' };
export const COURSE = 'orientasi-pppk';

export async function logIn(page: Page, user: { nip: string; password: string }) {
  await page.getByLabel('NIP').fill(user.nip);
  await page.getByLabel('Kata sandi').fill(user.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('heading', { name: 'Kursus saya' }).waitFor();
}

/**
 * Downloads the sample course and waits, as a learner does, for "Tersedia offline": the app
 * says so only once the course and the app itself are stored, so it then opens offline.
 */
export async function downloadSample(page: Page) {
  const card = page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
  await card.getByRole('button', { name: /Unduh untuk offline/ }).click();
  await card.getByText('Tersedia offline').waitFor({ timeout: 30_000 });
}

/**
 * Marks the open lesson done with its button. The click is dispatched without scrolling:
 * scrolling to the button reaches the end of the text, which completes the lesson by itself
 * and removes the button under the pointer.
 */
/**
 * Waits until a lesson's text is on screen, as a reader does before scrolling it: the
 * heading shows first, and the text follows from IndexedDB a moment later.
 */
export async function lessonShown(page: Page, title: string) {
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.locator('.prose > *').first().waitFor();
}

/** Sends a quiz's answers and returns once they are stored: the form gives way to the result. */
export async function submitAnswers(page: Page) {
  const submit = page.getByRole('button', { name: 'Kirim jawaban' });
  await submit.click();
  await submit.waitFor({ state: 'detached' });
}

export async function finishLesson(page: Page) {
  const done = page.getByText('Pelajaran ini selesai.');
  const button = page.getByRole('button', { name: 'Tandai selesai' });
  await button.or(done).waitFor();
  if (await button.isVisible()) await button.dispatchEvent('click');
  await done.waitFor();
}

/** Rows of one object store of the app's IndexedDB database. */
export function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('sinau');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as T[]);
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

export interface OutboxEvent {
  id: string;
  userId: string;
  type: string;
  status: string;
  data: Record<string, unknown>;
}

export const outbox = async (page: Page) => (await readStore<OutboxEvent>(page, 'events')).filter((e) => e.status === 'pending');

/** No serious or critical accessibility violations on the current screen. */
export async function expectAccessible(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

export async function expectFitsWidth(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${screen} scrolls sideways`).toBeLessThanOrEqual(360);
}

export const scrollFraction = (page: Page) =>
  page.evaluate(() => window.scrollY / (document.documentElement.scrollHeight - window.innerHeight));

/** Every lesson of the downloaded sample course marked done, one after another, as a learner reads them. */
export async function finishEveryLesson(page: Page, base: string) {
  const [stored] = await readStore<{ pkg: { modules: { lessons: { id: string }[] }[] } }>(page, 'packages');
  for (const lesson of stored!.pkg.modules.flatMap((m) => m.lessons)) {
    await page.goto(`${base}/pelajaran/${lesson.id}`);
    await finishLesson(page);
  }
}

interface KeyedQuestion {
  type: 'single' | 'multiple' | 'truefalse' | 'short';
  prompt: string;
  options?: { text: string; correct?: boolean }[];
  answer?: boolean;
  accept?: string[];
}

/**
 * Takes the sample course's post-test with every answer right. The app holds no key for a
 * graded test, so the answers come from the course's source, as a learner who studied knows them.
 */
export async function passPostTest(page: Page, base: string) {
  const source = readFileSync(resolve(import.meta.dirname, '../../courses/orientasi-pppk/quizzes/post-test.yaml'), 'utf8');
  const { questions } = parse(source) as { questions: KeyedQuestion[] };
  await page.goto(`${base}/kuis/post-test`);
  const groups = page.getByRole('group');
  await groups.first().waitFor();
  expect(await groups.count()).toBe(questions.length);
  for (const [i, q] of questions.entries()) {
    const group = groups.nth(i);
    expect(await group.locator('legend').textContent()).toContain(q.prompt.slice(0, 40));
    const right = (q.options ?? []).filter((o) => o.correct);
    if (q.type === 'single') await group.getByRole('radio', { name: right[0]!.text, exact: true }).check();
    if (q.type === 'multiple') for (const o of right) await group.getByRole('checkbox', { name: o.text, exact: true }).check();
    if (q.type === 'truefalse') await group.getByRole('radio', { name: q.answer ? 'Benar' : 'Salah', exact: true }).check();
    if (q.type === 'short') await group.getByRole('textbox').fill(q.accept![0]!);
  }
  await submitAnswers(page);
}
