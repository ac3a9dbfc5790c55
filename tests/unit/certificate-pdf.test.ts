// The printed certificate read back the way a person and a program would: its text through
// pdftotext, its fonts through pdffonts, its page through pdfinfo, and its QR code from a
// 150 dpi picture of the page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { toBase64url, verifyUrlOf } from '../../src/domain/certificates.js';
import { certificateFonts } from '../../src/server/services/certificates/fonts.js';
import { type CertificateDocument, renderCertificatePdf } from '../../src/server/services/certificates/pdf.js';

// jsqr is CommonJS: TypeScript sees its exports object, whose `default` is the decoder.
const decodeQr = jsqr.default;

const dir = mkdtempSync(join(tmpdir(), 'sinau-certificate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORIGIN = 'https://sinau.bkpsdm-contoh.go.id';
const CODE = '7K3M9Q2XAB';
// A payload as long as a real one: base64url of the signed facts, a dot, a 64-byte signature.
const facts = JSON.stringify({
  v: 1,
  code: CODE,
  name: 'Siti Rahmawati',
  nipMasked: '19920315 ****** * 001',
  courseTitle: 'x'.repeat(120),
});
const payload = `${toBase64url(new TextEncoder().encode(facts.padEnd(330, ' ')))}.${toBase64url(new Uint8Array(64).fill(7))}`;

const sample: CertificateDocument = {
  code: CODE,
  name: 'Siti Rahmawati, S.Kom.',
  nip: '199203152025212001',
  courseTitle: 'Etika & Keamanan Informasi untuk Aparatur Sipil Negara',
  jp: 2.5,
  category: 'bangkom',
  completedAt: '2026-11-28T10:00:00Z',
  issuer: 'BKPSDM Kabupaten Contoh',
  signerName: 'Dr. Bambang Sutrisno, M.Si.',
  signerTitle: 'Kepala BKPSDM Kabupaten Contoh',
  verifyUrl: verifyUrlOf(ORIGIN, CODE, payload),
};

let files = 0;
async function render(doc: CertificateDocument): Promise<{ bytes: Buffer; path: string }> {
  const bytes = await renderCertificatePdf(doc);
  const path = join(dir, `certificate-${++files}.pdf`);
  writeFileSync(path, bytes);
  return { bytes, path };
}

const run = (program: string, ...args: string[]) => execFileSync(program, args, { encoding: 'utf8' });
/** The page's text with every run of white space one space, as a search would see it. */
const text = (path: string) => run('pdftotext', '-layout', path, '-').replace(/\s+/g, ' ');

describe('certificate PDF', () => {
  it('prints every fact as text a reader can search and copy', async () => {
    expect(sample.verifyUrl.length).toBeGreaterThan(550);
    const page = text((await render(sample)).path);
    for (const expected of [
      'SERTIFIKAT',
      'Diberikan kepada Siti Rahmawati, S.Kom.',
      'NIP 19920315 202521 2 001',
      'telah menyelesaikan Etika & Keamanan Informasi untuk Aparatur Sipil Negara',
      '2,5 JP',
      'Tanggal selesai: 28 November 2026',
      'BKPSDM Kabupaten Contoh',
      'Kepala BKPSDM Kabupaten Contoh',
      'Dr. Bambang Sutrisno, M.Si.',
      `Kode sertifikat: ${CODE}`,
      `Periksa keaslian: ${ORIGIN}/v/${CODE}`,
    ])
      expect(page).toContain(expected);
    // The signed payload is for the QR code only.
    expect(page).not.toContain('#');
  });

  it('dates a certificate by its day in Jakarta', async () => {
    const page = text((await render({ ...sample, completedAt: '2026-12-31T18:00:00Z' })).path);
    expect(page).toContain('Tanggal selesai: 1 Januari 2027');
  });

  it('embeds its own fonts, one A4 landscape page, within 100 KB', async () => {
    const { bytes, path } = await render(sample);
    const fonts = run('pdffonts', path).trim().split('\n').slice(2);
    expect(fonts).toHaveLength(2);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+NotoSans-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const info = run('pdfinfo', path);
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts/);
    expect(bytes.length).toBeLessThanOrEqual(100 * 1024);
  });

  it('renders the same certificate to the same bytes', async () => {
    const [first, second] = await Promise.all([renderCertificatePdf(sample), renderCertificatePdf(sample)]);
    expect(first.equals(second)).toBe(true);
    const other = await renderCertificatePdf({ ...sample, code: '7K3M9Q2XAC' });
    expect(other.equals(first)).toBe(false);
    // Nor on what this process rendered before, though the fonts are shared: here an accent
    // typed as a character of its own.
    const accented = { ...sample, name: 'José Pérez' };
    const before = await renderCertificatePdf(accented);
    await renderCertificatePdf({ ...sample, name: 'Jose\u0301 Pe\u0301rez', courseTitle: 'Café' });
    expect((await renderCertificatePdf(accented)).equals(before)).toBe(true);
    // Which holds while no two characters share a glyph: copied text maps a glyph back to
    // the characters it was first drawn for.
    for (const font of Object.values(certificateFonts())) {
      const glyphs = new Set(font.characterSet.map((c: number) => font.glyphForCodePoint(c).id));
      expect(glyphs.size).toBe(font.characterSet.length);
    }
  });

  it('carries the whole verification link in a QR code a scanner reads from the page', async () => {
    const { path } = await render(sample);
    run('pdftoppm', '-r', '150', '-png', '-singlefile', path, join(dir, 'page'));
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    const qr = decodeQr(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    expect(qr?.data).toBe(sample.verifyUrl);
  });

  it('fits a 200-character name and title on the one page, whole', async () => {
    const words = (text: string) => text.repeat(10).slice(0, 200).trim();
    const long = {
      ...sample,
      name: words('Raden Ajeng Siti Nurhaliza Kusumawardhani Puspitasari '),
      courseTitle: words('Pelatihan Dasar Manajemen Risiko dan Pengendalian Internal Pemerintah Daerah '),
      issuer: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Contoh Provinsi Jawa Tengah',
      signerTitle: 'Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Contoh',
      jp: 32,
    };
    expect(long.name).toHaveLength(200);
    expect(long.courseTitle).toHaveLength(200);
    const { path } = await render(long);
    expect(run('pdfinfo', path)).toMatch(/Pages:\s+1\n/);
    const page = text(path);
    for (const expected of [
      long.name,
      long.courseTitle,
      long.issuer,
      long.signerTitle,
      'NIP 19920315 202521 2 001',
      '32 JP',
      `Kode sertifikat: ${CODE}`,
    ])
      expect(page).toContain(expected);
  });

  it('prints letters the fonts lack as their base letters, not as empty boxes', async () => {
    const page = text((await render({ ...sample, name: 'Ayşe Nguyễn Ā. Pérez' })).path);
    expect(page).toContain('Diberikan kepada Ayse Nguyen A. Pérez');
  });

  it('leaves the signature out when no signer is configured', async () => {
    const { path } = await render({ ...sample, signerName: '', signerTitle: '' });
    const page = text(path);
    expect(page).not.toContain('Kepala');
    expect(page).toContain(`Kode sertifikat: ${CODE}`);
  });
});
