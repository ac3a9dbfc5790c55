// The learner's certificates on the device: the server's list and each PDF kept in IndexedDB
// per learner, a revocation dropping the PDF, and a sync asking for the list only when it may
// bring something. Node's own Blob and fake-indexeddb, so a PDF comes back as a Blob.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  certificateOf,
  certificatesAfterSync,
  isPublicKey,
  keepPublicKey,
  refreshCertificates,
  storedKey,
} from '../../src/app/certificates/store.js';
import { recordEvent } from '../../src/app/db/events.js';
import { useSession } from '../../src/app/session.js';
import { db } from '../../src/app/shared/database.js';
import type { Certificate } from '../../src/domain/api/certificates.js';
import { learner, samplePackage } from '../helpers/course-fixture.js';

// zustand's entry pulls in React for its hook, which Node cannot resolve here (the app aliases
// it to preact in the browser builds); the stores' getState/setState are all this code uses.
vi.mock('zustand', async () => {
  const { createStore } = await import('zustand/vanilla');
  return { create: createStore };
});

const other = { ...learner, id: 'u-agus', nip: '199507202025211002', name: 'Agus' };
const PDF = new TextEncoder().encode('%PDF-1.7\n% a certificate\n%%EOF\n');

const certificate = (over: Partial<Certificate> = {}): Certificate => ({
  code: '7K3M9QXT2B',
  courseId: 'c',
  courseTitle: 'Kursus Uji',
  jp: 2,
  category: 'orientasi',
  name: learner.name,
  nip: learner.nip,
  completedAt: '2026-11-28T03:15:00.000Z',
  issuedAt: '2026-11-28T03:16:00.000Z',
  issuer: 'BKPSDM',
  signerName: '',
  signerTitle: '',
  revokedAt: null,
  revokedReason: null,
  payload: 'e30.AAAA',
  verifyUrl: 'http://localhost/v/7K3M9QXT2B#e30.AAAA',
  ...over,
});

let listed: Certificate[];
let pdfAnswers: number;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  await Promise.all([db.certificates.clear(), db.packages.clear(), db.events.clear(), db.catalogue.clear(), db.meta.clear()]);
  useSession.setState({ token: 'sari-token', user: learner, lang: 'id' });
  vi.stubGlobal('navigator', { onLine: true });
  listed = [certificate()];
  pdfAnswers = 200;
  fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer sari-token');
    if (url === '/api/certificates') return Response.json({ certificates: listed });
    if (url.endsWith('.pdf'))
      return pdfAnswers === 200
        ? new Response(PDF, { headers: { 'content-type': 'application/pdf' } })
        : Response.json({ error: 'certificate-revoked', message: 'revoked' }, { status: pdfAnswers });
    return Response.json({ error: 'not-found', message: url }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

const asked = (path: string) => fetchMock.mock.calls.filter(([url]) => url === path).length;
const bytes = async (blob: Blob | null | undefined) => new Uint8Array(await blob!.arrayBuffer());

describe('the certificate store', () => {
  it('keeps the listed certificate and its PDF, which comes back as the same bytes', async () => {
    await refreshCertificates();
    const stored = await certificateOf(learner.id, 'c');
    expect(stored).toMatchObject({ userId: learner.id, code: '7K3M9QXT2B', jp: 2, revokedAt: null });
    expect(stored!.pdf).toBeInstanceOf(Blob);
    expect(await bytes(stored!.pdf)).toEqual(PDF);
    expect(asked('/api/certificates/7K3M9QXT2B.pdf')).toBe(1);
  });

  it('fetches a PDF only once, and again when it failed before', async () => {
    pdfAnswers = 503;
    await refreshCertificates();
    expect((await certificateOf(learner.id, 'c'))?.pdf).toBeNull();
    pdfAnswers = 200;
    await refreshCertificates();
    await refreshCertificates();
    expect(await bytes((await certificateOf(learner.id, 'c'))?.pdf)).toEqual(PDF);
    expect(asked('/api/certificates/7K3M9QXT2B.pdf')).toBe(2);
  });

  it('drops the PDF of a revoked certificate and keeps its date and reason', async () => {
    await refreshCertificates();
    listed = [certificate({ revokedAt: '2026-12-01T02:00:00.000Z', revokedReason: 'Data tidak sesuai' })];
    await refreshCertificates();
    expect(await certificateOf(learner.id, 'c')).toMatchObject({
      revokedAt: '2026-12-01T02:00:00.000Z',
      revokedReason: 'Data tidak sesuai',
      pdf: null,
    });
    expect(asked('/api/certificates/7K3M9QXT2B.pdf')).toBe(1);
  });

  it('keeps one learner’s certificates apart from another’s on a shared phone', async () => {
    await refreshCertificates();
    useSession.setState({ token: 'sari-token', user: other });
    listed = [];
    await refreshCertificates();
    expect(await certificateOf(other.id, 'c')).toBeNull();
    expect(await bytes((await certificateOf(learner.id, 'c'))?.pdf)).toEqual(PDF);
  });

  it('forgets a certificate the server no longer lists', async () => {
    await refreshCertificates();
    listed = [];
    await refreshCertificates();
    expect(await certificateOf(learner.id, 'c')).toBeNull();
  });

  it('asks nothing offline, and within the given age asks nothing again', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    await refreshCertificates();
    expect(fetchMock).not.toHaveBeenCalled();
    vi.stubGlobal('navigator', { onLine: true });
    await refreshCertificates();
    await refreshCertificates(60_000);
    expect(asked('/api/certificates')).toBe(1);
  });
});

describe('after a sync', () => {
  const pkg = samplePackage();
  const complete = async () => {
    for (const lessonId of ['l1', 'l2', 'l3', 'l4'])
      await recordEvent({ userId: learner.id, type: 'lesson.completed', courseId: 'c', courseVersion: 1, data: { lessonId } });
    for (const [quizId, score] of [
      ['pre', 40],
      ['post', 90],
    ] as const) {
      const e = await recordEvent({
        userId: learner.id,
        type: 'quiz.submitted',
        courseId: 'c',
        courseVersion: 1,
        data: { quizId, attemptId: crypto.randomUUID(), responses: {}, startedAt: new Date().toISOString() },
      });
      await db.events.update(e.id, { status: 'synced', result: { score, points: score / 10, questions: 10, passed: score >= 70 } });
    }
  };

  it('asks once per session, then only while a course completed here has no certificate', async () => {
    const id = 'u-after-sync';
    useSession.setState({ user: { ...learner, id } });
    listed = [];
    await db.packages.put({ courseId: 'c', version: 1, pkg, bytes: 1000, storedAt: Date.now() });
    await certificatesAfterSync(id);
    await certificatesAfterSync(id);
    expect(asked('/api/certificates')).toBe(1);

    useSession.setState({ user: learner });
    await certificatesAfterSync(learner.id); // this learner's first in the session
    await complete();
    listed = [certificate()];
    await certificatesAfterSync(learner.id);
    expect(asked('/api/certificates')).toBe(3);
    expect(await certificateOf(learner.id, 'c')).toMatchObject({ code: '7K3M9QXT2B' });
    await certificatesAfterSync(learner.id); // it has one now
    expect(asked('/api/certificates')).toBe(3);
  });
});

describe('the public key', () => {
  const key = { kty: 'OKP', crv: 'Ed25519', x: 'dgsDt8WI42nqPb47t8kCbtVivj1OYY3os3gleoDCn3g' } as const;

  it('is kept from the first open with signal, logged in or not, and not asked again while fresh', async () => {
    useSession.setState({ token: null, user: null });
    fetchMock.mockImplementation(async () => Response.json({ ...key, alg: 'Ed25519' }));
    expect(await storedKey()).toBeNull();
    expect(await keepPublicKey()).toEqual(key);
    expect(await storedKey()).toEqual(key);
    await keepPublicKey();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/certificates/key');
  });

  it('keeps only an Ed25519 public key of 32 bytes', () => {
    expect(isPublicKey(key)).toBe(true);
    expect(isPublicKey({ ...key, crv: 'X25519' })).toBe(false);
    expect(isPublicKey({ ...key, x: key.x.slice(2) })).toBe(false);
    expect(isPublicKey(null)).toBe(false);
  });

  it('without signal, asks nothing and keeps none', async () => {
    const listeners: string[] = [];
    vi.stubGlobal('navigator', { onLine: false });
    vi.stubGlobal('window', { addEventListener: (type: string) => listeners.push(type) });
    expect(await keepPublicKey()).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(listeners).toEqual(['online']); // the first signal fetches it
  });
});
