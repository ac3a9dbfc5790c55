import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CourseCard } from '../../src/app/components/CourseCard.js';
import { courseProgress } from '../../src/app/db/events.js';
import { type OfflineShell, usePwa } from '../../src/app/pwa.js';
import { useSession } from '../../src/app/session.js';
import { db } from '../../src/app/shared/database.js';
import { learner, samplePackage, storeCourse } from '../helpers/course-fixture.js';

describe('a downloaded course on the home screen', () => {
  const pkg = samplePackage();
  const show = async (shell: OfflineShell) => {
    usePwa.setState({ shell });
    const stored = (await db.packages.get(pkg.id))!;
    render(
      <ul>
        <CourseCard view={{ stored, progress: await courseProgress(learner.id, pkg) }} />
      </ul>,
    );
    return screen.getByRole('status').textContent;
  };

  beforeEach(async () => {
    await storeCourse(pkg);
    useSession.setState({ token: 't', user: learner, lang: 'id' });
  });
  afterEach(() => cleanup());

  it('is available offline once the app itself is stored by an active service worker', async () => {
    expect(await show({ state: 'ready' })).toBe('✓ Tersedia offline · 0/4 pelajaran selesai');
  });

  it('says the app is still being prepared, with how far, while the service worker installs', async () => {
    expect(await show({ state: 'preparing', cached: 7, total: 15 })).toBe('Menyiapkan aplikasi untuk offline… 46% · 0/4 pelajaran selesai');
    expect(screen.queryByText(/Tersedia offline/)).toBeNull();
    cleanup();
    expect(await show({ state: 'preparing', cached: 0, total: 0 })).toMatch(/^Menyiapkan aplikasi untuk offline… ·/);
  });

  it('never claims offline use when the install failed or the browser has no service worker', async () => {
    expect(await show({ state: 'interrupted' })).toMatch(/^Aplikasi belum tersimpan untuk offline; dilanjutkan saat ada sinyal ·/);
    cleanup();
    expect(await show({ state: 'unsupported' })).toMatch(/^Materi tersimpan, tetapi browser ini tidak bisa membuka Sinau tanpa sinyal ·/);
  });
});
