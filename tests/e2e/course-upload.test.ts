// Publishing a course from the browser, in Chromium against the built server: the admin
// uploads a zip with a problem and reads it, uploads the fixed zip, previews a lesson with its
// images and publishes; a learner then downloads the new course.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, SARI } from '../helpers/app.js';
import { launchContext } from '../helpers/browser.js';
import { type ServedApp, serveBuiltApp } from '../helpers/serve.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { folderEntries, type ZipEntry, zip } from '../helpers/zip-writer.js';

const BUDI = { nip: '198001012006041001', password: 'admin-demo' };
const ID = 'kursus-unggah';
const TITLE = 'Kursus dari Peramban';

/** The sample course under a new id and title, in one top folder, with `lesson` edited. */
function courseZip(lesson: (text: string) => string = (t) => t): Promise<Buffer> {
  const entries: ZipEntry[] = folderEntries(SAMPLE_COURSE, `${ID}/`).map((e) => {
    const text = () => e.data!.toString('utf8');
    if (e.name === `${ID}/course.yaml`)
      return {
        ...e,
        data: Buffer.from(
          text()
            .replace(/^id: .*$/m, `id: ${ID}`)
            .replace(/^title: .*$/m, `title: "${TITLE}"`),
        ),
      };
    if (e.name === `${ID}/lessons/m1-l1.md`) return { ...e, data: Buffer.from(lesson(text())) };
    return e;
  });
  return zip(entries);
}

describe('publishing a course from the browser', () => {
  let served: ServedApp;
  let office: BrowserContext;
  let learner: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    served = await serveBuiltApp();
    office = await launchContext();
    page = await office.newPage();
    await page.goto(served.url);
    await logIn(page, BUDI);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Bagian admin' }).getByRole('link', { name: 'Kursus', exact: true }).click();
    await page.getByRole('heading', { name: 'Kursus: unggah dan terbitkan' }).waitFor();
  });
  afterAll(async () => {
    await office?.close();
    await learner?.close();
    await served?.stop();
  });

  const choose = async (name: string, buffer: Buffer) =>
    page.getByLabel('Pilih berkas zip atau seret ke sini').setInputFiles({ name, mimeType: 'application/zip', buffer });

  it('shows a problem with its file and line, then previews and publishes the fixed zip', async () => {
    const broken = await courseZip((t) => t.replace('## Dasar hukumnya', '## Dasar hukumnya\n\n![Bagan](../images/bagan-hilang.png)'));
    await choose('kursus-salah.zip', broken);
    const problem = page.getByRole('listitem').filter({ hasText: 'lessons/m1-l1.md, baris 9' });
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/Gambar \.\.\/images\/bagan-hilang\.png tidak ada di folder kursus/);
    expect(await page.getByRole('button', { name: 'Terbitkan' }).count()).toBe(0);

    await choose('kursus.zip', await courseZip());
    await page.getByText(new RegExp(`${TITLE}: versi 1, 5 modul, 16 pelajaran`)).waitFor();
    await page.getByText('Kursus baru: belum pernah diterbitkan.').waitFor();
    expect(await page.getByText('lessons/m1-l1.md, baris 9').count()).toBe(0);

    await page
      .getByRole('button', { name: /^Pratinjau\W*ASN, PNS, dan PPPK/ })
      .first()
      .click();
    const preview = page.getByRole('article', { name: /Pratinjau pelajaran/ });
    await preview.locator('h2', { hasText: 'Dasar hukumnya' }).waitFor();
    // The image is not published yet: it comes from the kept upload, and it draws.
    const image = preview.locator('img').first();
    await expect
      .poll(async () => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src))
      .toMatch(/^blob:/);

    await page.getByRole('button', { name: 'Terbitkan' }).click();
    await page.getByText(new RegExp(`✓ Terbit: ${TITLE} versi 1`)).waitFor();
  });

  it('lets an enrolled learner download the new course', async () => {
    const token = (
      (await (
        await fetch(`${served.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(BUDI),
        })
      ).json()) as { token: string }
    ).token;
    const enrolled = await fetch(`${served.url}/api/admin/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ courseId: ID, nips: [SARI.nip] }),
    });
    expect(enrolled.status).toBe(200);

    learner = await launchContext();
    const sari = await learner.newPage();
    await sari.goto(served.url);
    await logIn(sari, SARI);
    const card = sari
      .locator('li.card')
      .filter({ has: sari.getByRole('heading', { name: TITLE }) })
      .first();
    await card.getByRole('button', { name: /Unduh untuk offline/ }).click();
    await card.getByText('Tersedia offline').waitFor({ timeout: 30_000 });
  });
});
