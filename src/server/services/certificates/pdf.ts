// The printable certificate (docs/certificates.md): one A4 landscape page in Indonesian,
// its text real text in an embedded Noto Sans subset, and a QR code of the verification link.
// The same certificate always renders to the same bytes, so a download can be cached and
// compared.
import PDFDocument from 'pdfkit';
import { indonesianDate } from '../../../domain/certificates.js';
import { groupNip } from '../../../domain/nip.js';
import { certificateFonts, printable } from './fonts.js';
import { drawQr } from './qr.js';

export interface CertificateDocument {
  code: string;
  name: string;
  nip: string;
  courseTitle: string;
  jp: number;
  category: string;
  completedAt: string;
  issuer: string;
  signerName: string;
  signerTitle: string;
  verifyUrl: string;
}

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 72;
const WIDTH = PAGE.width - 2 * MARGIN;
/** 48 mm with its quiet zone, 44 mm of code: large enough for a phone to read a ~600-character link from paper. */
const QR_SIZE = (48 / 25.4) * 72;
const QR_TOP = PAGE.height - 44 - QR_SIZE;
const TOP = 52;
const SIGNATURE_WIDTH = 220;

const INK = '#111827';
const MUTED = '#4b5563';
const THEME = '#0f766e';

const CATEGORIES: Record<string, string> = { bangkom: 'Pengembangan kompetensi', orientasi: 'Orientasi' };

type Face = 'regular' | 'bold';

interface Block {
  face: Face;
  /** The size to try first; a text too long for `maxHeight` shrinks down to `minSize`. */
  size: number;
  minSize?: number;
  maxHeight?: number;
  /** Past `maxHeight` at `minSize`: end in an ellipsis, or wrap on (for a link that must stay whole). */
  overflow?: 'ellipsis' | 'wrap';
  color?: string;
}

export async function renderCertificatePdf(doc: CertificateDocument): Promise<Buffer> {
  const fonts = certificateFonts();
  const date = new Date(doc.completedAt);
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No pdfVersion past pdfkit's 1.3: from 1.4 on it adds an XMP copy of the title, author
    // and subject without escaping them, and a course called "Etika & Integritas" would
    // make that malformed XML.
    lang: 'id-ID',
    displayTitle: true,
    // The creation date is what pdfkit derives the file identifier from: both come from
    // the certificate, never from the clock.
    info: {
      Title: `Sertifikat ${doc.code}: ${doc.courseTitle}`,
      Author: doc.issuer,
      Subject: doc.name,
      Creator: 'Sinau',
      Producer: 'Sinau',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  // pdfkit takes a parsed fontkit font as well as a file; its types lag behind.
  pdf.registerFont('regular', fonts.regular as unknown as Buffer);
  pdf.registerFont('bold', fonts.bold as unknown as Buffer);
  // The page shows what the fonts can draw; the title and subject above keep every letter.
  const shown = { ...doc };
  for (const key of ['name', 'courseTitle', 'category', 'issuer', 'signerName', 'signerTitle'] as const) shown[key] = printable(doc[key]);
  layOut(pdf, shown);
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

function layOut(pdf: PDFKit.PDFDocument, doc: CertificateDocument): void {
  pdf
    .lineWidth(3)
    .strokeColor(THEME)
    .rect(22, 22, PAGE.width - 44, PAGE.height - 44)
    .stroke();
  pdf
    .lineWidth(0.75)
    .rect(30, 30, PAGE.width - 60, PAGE.height - 60)
    .stroke();

  const category = CATEGORIES[doc.category] ?? doc.category;
  const lines: [text: string, block: Block, gapAfter: number][] = [
    [doc.issuer, { face: 'regular', size: 13, minSize: 8, maxHeight: 18, color: MUTED }, 6],
    ['SERTIFIKAT', { face: 'bold', size: 36, color: THEME }, 14],
    ['Diberikan kepada', { face: 'regular', size: 13 }, 4],
    [doc.name, { face: 'bold', size: 28, minSize: 11, maxHeight: 66 }, 6],
    [`NIP ${groupNip(doc.nip)}`, { face: 'regular', size: 13 }, 14],
    ['telah menyelesaikan', { face: 'regular', size: 13 }, 4],
    [doc.courseTitle, { face: 'bold', size: 20, minSize: 10, maxHeight: 56 }, 6],
    [[`${formatJp(doc.jp)} JP`, category].filter(Boolean).join(' · '), { face: 'regular', size: 13, minSize: 8, maxHeight: 18 }, 4],
    [`Tanggal selesai: ${indonesianDate(doc.completedAt)}`, { face: 'regular', size: 13 }, 0],
  ];
  // Centred in the space above the QR code; the size limits keep even the longest name and
  // title clear of it.
  const height = lines.reduce((sum, [text, block, gap]) => sum + measure(pdf, text, WIDTH, block).height + gap, 0);
  let y = Math.max(TOP, (TOP + QR_TOP - height) / 2);
  for (const [text, block, gap] of lines) y += write(pdf, text, MARGIN, y, WIDTH, block) + gap;

  drawQr(pdf, doc.verifyUrl, MARGIN - 8, QR_TOP, QR_SIZE);
  const textX = MARGIN + QR_SIZE + 4;
  const textWidth = PAGE.width - MARGIN - SIGNATURE_WIDTH - 16 - textX;
  const notes: [string, Block][] = [
    [`Kode sertifikat: ${doc.code}`, { face: 'bold', size: 11 }],
    [
      `Periksa keaslian: ${publicLink(doc.verifyUrl)}`,
      { face: 'regular', size: 9, minSize: 6, maxHeight: 13, overflow: 'wrap', color: MUTED },
    ],
    ['atau pindai kode QR di samping.', { face: 'regular', size: 9, color: MUTED }],
  ];
  let noteY = QR_TOP + QR_SIZE - 14 - notes.reduce((sum, [text, block]) => sum + measure(pdf, text, textWidth, block).height + 3, 0);
  for (const [text, block] of notes) noteY += write(pdf, text, textX, noteY, textWidth, block, 'left') + 3;

  const signX = PAGE.width - MARGIN - SIGNATURE_WIDTH;
  if (doc.signerTitle)
    write(pdf, doc.signerTitle, signX, QR_TOP + 12, SIGNATURE_WIDTH, { face: 'regular', size: 11, minSize: 8, maxHeight: 44 });
  if (doc.signerName) {
    const nameBlock: Block = { face: 'bold', size: 12, minSize: 8, maxHeight: 32 };
    const nameY = QR_TOP + QR_SIZE - 14 - measure(pdf, doc.signerName, SIGNATURE_WIDTH, nameBlock).height;
    write(pdf, doc.signerName, signX, nameY, SIGNATURE_WIDTH, nameBlock);
    pdf
      .lineWidth(0.75)
      .strokeColor(INK)
      .moveTo(signX + 25, nameY - 4)
      .lineTo(signX + SIGNATURE_WIDTH - 25, nameY - 4)
      .stroke();
  }
}

/**
 * The largest size at or below `block.size` at which `text` fits `block.maxHeight`, and the
 * height it then takes.
 */
function measure(pdf: PDFKit.PDFDocument, text: string, width: number, block: Block): { size: number; height: number } {
  const { maxHeight = Number.POSITIVE_INFINITY, minSize = block.size } = block;
  for (let size = block.size; ; size = Math.max(minSize, size - 0.5)) {
    const height = pdf.font(block.face).fontSize(size).heightOfString(text, { width });
    if (height <= maxHeight) return { size, height };
    if (size <= minSize) return { size, height: block.overflow === 'wrap' ? height : maxHeight };
  }
}

/** Writes `text` and returns the height it took, always on this page. */
function write(
  pdf: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  block: Block,
  align: 'center' | 'left' = 'center',
): number {
  const { size, height } = measure(pdf, text, width, block);
  pdf
    .font(block.face)
    .fontSize(size)
    .fillColor(block.color ?? INK);
  // A little slack: pdfkit compares the last line's bottom with the box's, and rounding
  // would otherwise drop a line that fits.
  pdf.text(text, x, y, { width, align, height: height + 0.5, ellipsis: true });
  return height;
}

/** "2,5": Indonesian writes a decimal comma. */
const JP_FORMAT = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const formatJp = (jp: number): string => JP_FORMAT.format(jp);

/** The link a reader can type: the verification page without the signed payload after #. */
const publicLink = (verifyUrl: string): string => verifyUrl.split('#')[0] ?? verifyUrl;
