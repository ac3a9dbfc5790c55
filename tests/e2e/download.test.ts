// Downloading under real conditions: a connection that drops mid-download, a full disk,
// and a newer version of a course published while a learner holds the old one.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COURSE, finishLesson, logIn, readStore, SARI, submitAnswers } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { sinau } from '../helpers/cli.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';
import { SAMPLE_COURSE } from '../helpers/server.js';

interface StoredPackage {
  courseId: string;
  version: number;
  pkg: { assets: { sha256: string }[]; modules: { lessons: { id: string; html: string }[] }[] };
}

describe('downloading courses', () => {
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  let work: string;

  /** Publishes a variant of the sample course on the served database. */
  async function publish(change: (courseYaml: string) => string, files: Record<string, (text: string) => string> = {}) {
    const dir = join(await mkdtemp(join(work, 'course-')), 'c');
    await cp(SAMPLE_COURSE, dir, { recursive: true });
    await writeFile(join(dir, 'course.yaml'), change(await readFile(join(dir, 'course.yaml'), 'utf8')));
    for (const [file, edit] of Object.entries(files)) await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
    const env = { DATABASE_URL: served.database.url };
    const imported = await sinau(['course', 'import', dir], env);
    if (imported.code !== 0) throw new Error(imported.stderr);
    const id = /Published (\S+)/.exec(imported.stdout)![1]!;
    await sinau(['enrol', '--course', id, '--all'], env);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sinau-e2e-'));
    served = await serveBuiltApp();
    // A second, smaller course: the first two modules only.
    await publish((yaml) =>
      yaml
        .replace('id: orientasi-pppk', 'id: berakhlak-ringkas')
        .replace(/^title: .*$/m, 'title: "BerAKHLAK Ringkas"')
        .replace(/^ {2}- id: m3[\s\S]*?(?=^preTest:)/m, '')
        .replace(/^(preTest|postTest): .*\n/gm, ''),
    );
  });
  afterAll(async () => {
    await served?.stop();
    await rm(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    await context?.close();
  });

  async function freshLearner() {
    context = await launchContext();
    page = await context.newPage();
    await page.goto(served.url);
    await logIn(page, SARI);
  }

  it('resumes an interrupted download where it stopped, not from zero', async () => {
    await freshLearner();
    let served_ = 0;
    await context.route('**/api/assets/**', (route) => (served_++ < 3 ? route.continue() : route.abort('internetdisconnected')));
    const card = page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
    await card.getByRole('button', { name: /Unduh untuk offline/ }).click();
    await card.getByRole('alert').filter({ hasText: 'Unduhan terputus' }).waitFor();
    await expect.poll(async () => (await readStore(page, 'assets')).length).toBeGreaterThanOrEqual(1);
    const kept = (await readStore(page, 'assets')).length;
    expect(await readStore(page, 'downloads')).toHaveLength(1);
    expect(await readStore(page, 'packages')).toEqual([]); // not ready until every part is in

    await context.unroute('**/api/assets/**');
    const requested: string[] = [];
    page.on('request', (r) => r.url().includes('/api/') && requested.push(new URL(r.url()).pathname));
    await card.getByRole('button', { name: 'Lanjutkan unduhan' }).click();
    await card.getByText('Tersedia offline').waitFor();
    const [stored] = await readStore<StoredPackage>(page, 'packages');
    expect(requested.filter((p) => p.startsWith('/api/assets/'))).toHaveLength(stored!.pkg.assets.length - kept);
    expect(requested).not.toContain(`/api/courses/${COURSE}`); // the package itself was kept too
    expect((await readStore(page, 'assets')).length).toBe(stored!.pkg.assets.length);
  });

  // Chromium's CDP quota override has no effect in this build, so the browser's answers
  // are narrowed at its API surface instead: a small free space from storage.estimate(),
  // or an IndexedDB write refused with QuotaExceededError mid-download.
  async function narrowStorage(mode: 'estimate' | 'write') {
    await page.evaluate((how) => {
      const w = window as unknown as { __narrow?: string };
      w.__narrow = how;
    }, mode);
  }
  const NARROW_STORAGE = () => {
    const w = window as unknown as { __narrow?: string };
    const estimate = StorageManager.prototype.estimate;
    StorageManager.prototype.estimate = async function (this: StorageManager) {
      const real = await estimate.call(this);
      return w.__narrow === 'estimate' ? { ...real, quota: (real.usage ?? 0) + 2_000 } : real;
    };
    const put = IDBObjectStore.prototype.put;
    let writes = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (w.__narrow === 'write' && this.name === 'assets' && ++writes > 2)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  };

  for (const mode of ['estimate', 'write'] as const)
    it(`says how much space is missing when the disk is full (${mode}), and loses nothing stored before`, async () => {
      await freshLearner();
      await context.addInitScript(NARROW_STORAGE);
      const small = page.getByRole('listitem').filter({ hasText: 'BerAKHLAK Ringkas' });
      await small.getByRole('button', { name: /Unduh untuk offline/ }).click();
      await small.getByText('Tersedia offline').waitFor();
      // The first run's progress reaches this device by sync, so the button may say either.
      await small.getByRole('link', { name: /Mulai belajar|Buka kursus/ }).click();
      await page.getByRole('link', { name: 'ASN, PNS, dan PPPK' }).click();
      await finishLesson(page);
      await page.goto(served.url);
      const before = { events: await readStore<{ id: string }>(page, 'events'), assets: (await readStore(page, 'assets')).length };

      await narrowStorage(mode);
      const big = page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
      await big.getByRole('button', { name: /Unduh untuk offline/ }).click();
      const alert = big.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^Ruang penyimpanan tidak cukup: perlu \d+(,\d)?\sKB, tersedia \d+(,\d)?\s(KB|MB|GB)\./);

      expect((await readStore<StoredPackage>(page, 'packages')).map((p) => p.courseId)).toEqual(['berakhlak-ringkas']);
      expect(await readStore(page, 'downloads')).toEqual([]);
      expect((await readStore(page, 'assets')).length).toBe(before.assets);
      expect((await readStore<{ id: string }>(page, 'events')).map((e) => e.id).sort()).toEqual(before.events.map((e) => e.id).sort());
      await small.getByText('1/7 pelajaran selesai').waitFor();
    });

  it('offers a newer version with its size and carries progress over', async () => {
    await freshLearner();
    const card = page.getByRole('listitem').filter({ hasText: 'Orientasi PPPK' });
    await card.getByRole('button', { name: /Unduh untuk offline/ }).click();
    await card.getByText('Tersedia offline').waitFor();
    await page.goto(`${served.url}/kursus/${COURSE}/kuis/pre-test`);
    await submitAnswers(page);
    await page.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l1`);
    await finishLesson(page);

    await publish((yaml) => yaml.replace(/^version: 1$/m, 'version: 2'), {
      'lessons/m1-l1.md': (md) => `${md}\n\nCatatan versi 2: materi diperbarui.\n`,
    });
    await page.goto(served.url);
    await card.getByRole('button', { name: /^Perbarui \(\d+ KB\)$/ }).click();
    await expect.poll(async () => (await readStore<StoredPackage>(page, 'packages')).find((p) => p.courseId === COURSE)?.version).toBe(2);
    await card.getByText('1/16 pelajaran selesai').waitFor();
    // Version 1 had 16 lessons too: the card may not have drawn the stored version 2 yet.
    await expect.poll(() => card.getByRole('button', { name: /Perbarui/ }).count()).toBe(0);
    await page.goto(`${served.url}/kursus/${COURSE}/pelajaran/m1-l1`);
    await page.getByText('Catatan versi 2: materi diperbarui.').waitFor();
    await page.getByText('Pelajaran ini selesai.').waitFor();
    // Assets are content-addressed: only what the new version needs is kept.
    const [stored] = (await readStore<StoredPackage>(page, 'packages')).filter((p) => p.courseId === COURSE);
    expect((await readStore(page, 'assets')).length).toBe(stored!.pkg.assets.length);
  });
});
