// The certificate on the course screen and the public verify page, rendered in happy-dom.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CertificateCard, CertificateView } from '../../src/app/certificates/CertificateCard.js';
import { loadLanguage } from '../../src/app/i18n.js';
import { Verify } from '../../src/app/screens/Verify.js';
import { useSession } from '../../src/app/session.js';
import { db, type StoredCertificate } from '../../src/app/shared/database.js';
import { type CertificateFacts, toBase64url } from '../../src/domain/certificates.js';
import { learner } from '../helpers/course-fixture.js';

const CODE = '7K3M9QXT2B';
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const stored = (over: Partial<StoredCertificate> = {}): StoredCertificate => ({
  userId: learner.id,
  code: CODE,
  courseId: 'c',
  courseTitle: 'Kursus Uji',
  jp: 2,
  category: 'orientasi',
  name: learner.name,
  nip: learner.nip,
  completedAt: '2026-11-27T18:30:00.000Z', // 28 November in Jakarta
  issuedAt: '2026-11-27T18:31:00.000Z',
  issuer: 'BKPSDM',
  signerName: '',
  signerTitle: '',
  revokedAt: null,
  revokedReason: null,
  payload: 'e30.AAAA',
  verifyUrl: `http://localhost/v/${CODE}#e30.AAAA`,
  pdf: new Blob(['%PDF-1.7'], { type: 'application/pdf' }),
  fetchedAt: 1,
  ...over,
});

let fetchMock: ReturnType<typeof vi.fn>;
const setOnline = (online: boolean) => Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });

beforeEach(async () => {
  useSession.setState({ token: 'sari-token', user: learner, lang: 'id' });
  await Promise.all([db.certificates.clear(), db.meta.clear()]);
  setOnline(true);
  fetchMock = vi.fn(async () => json(200, { certificates: [] }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'onLine');
});
// Not after each test: a screen's request still on its way when the test ends (the verify page
// keeps the public key for later) must meet the fake server, not the network.
afterAll(() => vi.unstubAllGlobals());

describe('the certificate on the course screen', () => {
  it('shows code, date and JP, opens the stored PDF and saves it where the phone cannot share files', async () => {
    render(<CertificateView certificate={stored()} />);
    expect(screen.getByRole('heading', { name: 'Sertifikat' })).toBeTruthy();
    expect(screen.getByText(CODE)).toBeTruthy();
    expect(screen.getByText('28 November 2026')).toBeTruthy();
    expect(screen.getByText('2 JP')).toBeTruthy();
    const open = await screen.findByRole('link', { name: 'Buka' });
    expect(open.getAttribute('href')).toMatch(/^blob:/);
    const save = screen.getByRole('link', { name: 'Simpan' });
    expect(save.getAttribute('download')).toBe(`sertifikat-${CODE}.pdf`);
    expect(save.getAttribute('href')).toBe(open.getAttribute('href'));
    expect(screen.queryByRole('button', { name: 'Bagikan' })).toBeNull();
  });

  it('shares the PDF file itself where the phone can', async () => {
    const share = vi.fn(async () => undefined);
    Object.assign(navigator, { canShare: (data: { files?: File[] }) => !!data.files?.length, share });
    try {
      render(<CertificateView certificate={stored()} />);
      fireEvent.click(await screen.findByRole('button', { name: 'Bagikan' }));
      expect(screen.queryByRole('link', { name: 'Simpan' })).toBeNull();
      const [[data]] = share.mock.calls as unknown as [[{ files: File[] }]];
      expect(data.files[0]!.name).toBe(`sertifikat-${CODE}.pdf`);
      expect(data.files[0]!.type).toBe('application/pdf');
    } finally {
      Reflect.deleteProperty(navigator, 'canShare');
      Reflect.deleteProperty(navigator, 'share');
    }
  });

  it('says a revoked certificate is revoked, when and why, and offers no PDF', () => {
    render(
      <CertificateView certificate={stored({ revokedAt: '2026-12-01T02:00:00.000Z', revokedReason: 'Data tidak sesuai', pdf: null })} />,
    );
    expect(screen.getByText('Dicabut')).toBeTruthy();
    expect(screen.getByText(/Sejak 1 Desember 2026\. Alasan: Data tidak sesuai/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Buka' })).toBeNull();
  });

  it('says the PDF comes with signal while only the certificate is stored', () => {
    render(<CertificateView certificate={stored({ pdf: null })} />);
    expect(screen.getByText(/PDF-nya diunduh ke perangkat ini saat ada sinyal/)).toBeTruthy();
  });

  it('says, quietly, that a completed course’s certificate arrives with the next sync', async () => {
    setOnline(false);
    render(<CertificateCard userId={learner.id} courseId="c" complete />);
    const note = await screen.findByText('Sertifikat kursus ini tiba di perangkat ini setelah sinkron berikutnya.');
    expect(note.closest('[role=alert]')).toBeNull();
    expect(note.className).not.toContain('error');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the stored certificate of this learner only', async () => {
    await db.certificates.put({ ...stored({ pdf: null }), userId: 'someone-else' });
    render(<CertificateCard userId={learner.id} courseId="c" complete={false} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled()); // opened online: asks for news
    expect(screen.queryByRole('heading', { name: 'Sertifikat' })).toBeNull();
    cleanup();
    await db.certificates.put(stored({ pdf: null }));
    render(<CertificateCard userId={learner.id} courseId="c" complete={false} />);
    expect(await screen.findByRole('heading', { name: 'Sertifikat' })).toBeTruthy();
  });
});

describe('the verify page', () => {
  let signed: string;
  let jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  const facts: CertificateFacts = {
    v: 1,
    code: CODE,
    name: 'Sari Wulandari',
    nipMasked: '19920315 ****** * 001',
    courseId: 'orientasi-pppk',
    courseTitle: 'Orientasi PPPK',
    jp: 10,
    category: 'orientasi',
    completedAt: '2026-11-28T03:15:00.000Z',
    issuedAt: '2026-11-28T03:16:00.000Z',
    issuer: 'BKPSDM Kabupaten Contoh',
    signerName: '',
    signerTitle: '',
  };
  const live = (status: 'valid' | 'revoked', revokedAt: string | null = null) => ({
    status,
    name: facts.name,
    nipMasked: facts.nipMasked,
    courseTitle: facts.courseTitle,
    jp: facts.jp,
    completedAt: facts.completedAt,
    issuer: facts.issuer,
    revokedAt,
  });

  beforeAll(async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const { x } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    jwk = { kty: 'OKP', crv: 'Ed25519', x: x! };
    const bytes = new TextEncoder().encode(JSON.stringify(facts));
    signed = `${toBase64url(bytes)}.${toBase64url(new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, bytes)))}`;
  });

  const keepKey = () => db.meta.put({ key: 'certificateKey', value: { key: jwk, fetchedAt: Date.now() } });
  const open = (code: string, payload = '') => {
    history.replaceState(null, '', `/v/${code}${payload ? `#${payload}` : ''}`);
    return render(<Verify code={code} />);
  };
  const answer = (body: unknown) => fetchMock.mockImplementation(async () => json(200, body));

  it('online, says valid from the server, with the facts a verifier needs', async () => {
    answer(live('valid'));
    open(CODE, signed);
    expect(await screen.findByText('Sertifikat ini tercatat dan berlaku menurut server.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '✓ Sah' })).toBeTruthy();
    for (const text of [
      'Sari Wulandari',
      '19920315 ****** * 001',
      'Orientasi PPPK',
      '10 JP',
      '28 November 2026',
      'BKPSDM Kabupaten Contoh',
    ])
      expect(screen.getByText(text), text).toBeTruthy();
    expect(fetchMock.mock.calls[0]![0]).toBe(`/api/verify/${CODE}`);
  });

  it('online, says revoked and since when, whatever the payload says', async () => {
    await keepKey();
    answer(live('revoked', '2026-12-01T02:00:00.000Z'));
    open(CODE, signed);
    expect(await screen.findByRole('heading', { name: 'Dicabut' })).toBeTruthy();
    expect(screen.getByText('Sertifikat ini dicabut pada 1 Desember 2026 dan tidak berlaku lagi.')).toBeTruthy();
  });

  it('says a code the server does not know is unknown, and a malformed one without asking', async () => {
    answer({ status: 'unknown' });
    open('0000000000');
    expect(await screen.findByRole('heading', { name: 'Kode tidak dikenal' })).toBeTruthy();
    cleanup();
    fetchMock.mockClear();
    open('bukan-kode!');
    expect(screen.getByRole('heading', { name: 'Kode tidak dikenal' })).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('offline, checks the signature with the stored key and says so', async () => {
    setOnline(false);
    await keepKey();
    open(CODE, signed);
    expect(await screen.findByText(/Diperiksa tanpa sinyal dengan kunci tersimpan/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: '✓ Sah' })).toBeTruthy();
    expect(screen.getByText('Sari Wulandari')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('offline, says a tampered payload is not valid', async () => {
    setOnline(false);
    await keepKey();
    const [data, signature] = signed.split('.') as [string, string];
    const forged = toBase64url(new TextEncoder().encode(JSON.stringify({ ...facts, jp: 100 })));
    expect(forged).not.toBe(data);
    open(CODE, `${forged}.${signature}`);
    expect(await screen.findByRole('heading', { name: 'Tidak sah' })).toBeTruthy();
    expect(screen.queryByText('Sari Wulandari')).toBeNull();
  });

  it('offline without a stored key, says it cannot check yet', async () => {
    setOnline(false);
    open(CODE, signed);
    expect(await screen.findByRole('heading', { name: 'Belum bisa diperiksa' })).toBeTruthy();
    expect(screen.getByText(/belum menyimpan kunci pemeriksa/)).toBeTruthy();
  });

  it('offline without a payload, says checking needs signal', async () => {
    setOnline(false);
    await keepKey();
    open(CODE);
    expect(await screen.findByText(/Tautan ini tidak membawa data sertifikat/)).toBeTruthy();
  });

  it('speaks English when the reader chose it', async () => {
    await loadLanguage('en');
    useSession.setState({ lang: 'en' });
    setOnline(false);
    await keepKey();
    open(CODE, signed);
    expect(await screen.findByRole('heading', { name: '✓ Valid' })).toBeTruthy();
    expect(screen.getByText(/Checked without signal with the stored key/)).toBeTruthy();
    expect(screen.getByText('28 November 2026')).toBeTruthy();
    expect(screen.getByText('Completed on')).toBeTruthy();
  });
});
