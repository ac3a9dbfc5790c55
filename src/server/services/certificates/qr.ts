// The certificate's QR code, drawn as vector squares so it stays sharp at any print size.
import { encode } from 'uqr';

/**
 * Draws `text` as a QR code `size` points wide with its top-left corner at (x, y). The quiet
 * zone (four modules on each side, which scanners need) lies inside `size`, so the caller
 * keeps only other ink out of that square.
 */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  // Level M survives a fold or a stain across 15% of the code; a long verification link
  // at level H would make the modules too small to scan from paper.
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const module = size / data.length;
  doc.save();
  // A run of dark modules in a row is one rectangle: fewer drawing operators, and no
  // hairline seams inside the run when a viewer anti-aliases.
  for (const [row, modules] of data.entries()) {
    let start = -1;
    for (let col = 0; col <= modules.length; col++) {
      if (modules[col] && start < 0) start = col;
      else if (!modules[col] && start >= 0) {
        doc.rect(x + start * module, y + row * module, (col - start) * module, module);
        start = -1;
      }
    }
  }
  doc.fillColor('#000000').fill();
  doc.restore();
}
