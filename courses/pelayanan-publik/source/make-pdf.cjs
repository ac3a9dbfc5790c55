// Writes the course's PDF module from a small plain-text markup:
//   "# "   the document title (first line)        "## "  a section heading
//   "### " a sub-heading                          "- "   a bullet item
//   "1. "  a numbered item (the number is kept)    "> "   a boxed example line
//   other lines are paragraph text; consecutive lines join, a blank line ends a paragraph.
// Usage: node make-pdf.cjs SOURCE.txt OUT.pdf REGULAR.ttf BOLD.ttf
// The dates are fixed so that the same source gives the same bytes.
const fs = require('node:fs');
const PDFDocument = require('pdfkit');

const [source, out, regular, bold] = process.argv.slice(2);
if (!bold) {
  console.error('usage: node make-pdf.cjs SOURCE.txt OUT.pdf REGULAR.ttf BOLD.ttf');
  process.exit(2);
}

const lines = fs.readFileSync(source, 'utf8').replace(/\r\n/g, '\n').split('\n');
const title = lines[0].replace(/^# /, '');
const fixed = new Date('2026-01-01T00:00:00Z');
const doc = new PDFDocument({
  size: 'A4',
  margins: { top: 72, bottom: 72, left: 64, right: 64 },
  bufferPages: true,
  compress: true,
  lang: 'id-ID',
  info: { Title: title, Author: 'BKPSDM', Subject: 'Standar Pelayanan Publik', CreationDate: fixed, ModDate: fixed },
});
doc.registerFont('regular', regular);
doc.registerFont('bold', bold);
doc.pipe(fs.createWriteStream(out));

const ink = '#1F2933';
const accent = '#0F4C81';
const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
const left = doc.page.margins.left;

// Keeps a heading with at least a few lines of what follows.
const roomFor = (points) => {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
};

function paragraph(text) {
  doc.font('regular').fontSize(10.5).fillColor(ink).text(text, left, doc.y, { width, align: 'left', lineGap: 3 });
  doc.moveDown(0.6);
}

function item(marker, text) {
  const indent = 18;
  doc.font('regular').fontSize(10.5).fillColor(ink);
  // The marker and its text start on the same page.
  roomFor(Math.min(doc.heightOfString(text, { width: width - indent - 6, lineGap: 3 }), 40));
  const y = doc.y;
  doc.text(marker, left + 4, y, { width: indent, lineBreak: false });
  doc.text(text, left + indent + 6, y, { width: width - indent - 6, lineGap: 3 });
  doc.moveDown(0.3);
}

function box(textLines) {
  const pad = 10;
  const text = textLines.join('\n');
  doc.font('regular').fontSize(10);
  const height = doc.heightOfString(text, { width: width - 2 * pad, lineGap: 3 }) + 2 * pad;
  roomFor(height + 8);
  const y = doc.y;
  doc.rect(left, y, width, height).fillAndStroke('#EEF3F8', '#9FB6CD');
  doc.fillColor(ink).text(text, left + pad, y + pad, { width: width - 2 * pad, lineGap: 3 });
  doc.y = y + height;
  doc.moveDown(0.8);
}

// Title block.
doc.rect(0, 0, doc.page.width, 8).fill(accent);
doc.font('bold').fontSize(20).fillColor(accent).text(title, left, 80, { width });
doc.moveDown(0.3);

let para = [];
let quote = [];
const flush = () => {
  if (para.length) paragraph(para.join(' '));
  if (quote.length) box(quote);
  para = [];
  quote = [];
};
for (const raw of lines.slice(1)) {
  const line = raw.trimEnd();
  if (line.startsWith('> ') || line === '>') {
    if (para.length) flush();
    quote.push(line.slice(2));
    continue;
  }
  if (quote.length) flush();
  if (line === '') {
    flush();
  } else if (line.startsWith('## ')) {
    flush();
    roomFor(90);
    doc.moveDown(0.4);
    doc.font('bold').fontSize(14).fillColor(accent).text(line.slice(3), left, doc.y, { width });
    doc.moveDown(0.4);
  } else if (line.startsWith('### ')) {
    flush();
    roomFor(70);
    doc.font('bold').fontSize(11.5).fillColor(ink).text(line.slice(4), left, doc.y, { width });
    doc.moveDown(0.3);
  } else if (line.startsWith('- ')) {
    flush();
    item('•', line.slice(2));
  } else if (/^\d+\. /.test(line)) {
    flush();
    const [, n, rest] = /^(\d+\.) (.*)$/.exec(line);
    item(n, rest);
  } else {
    para.push(line.trim());
  }
}
flush();

// Running header and page numbers, once every page exists.
const range = doc.bufferedPageRange();
for (let i = range.start; i < range.start + range.count; i++) {
  doc.switchToPage(i);
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // writing in the margin must not add a page
  doc.font('regular').fontSize(8.5).fillColor('#52606D');
  if (i > 0) doc.text(title, left, 40, { width, lineBreak: false });
  doc.text(`Halaman ${i + 1} dari ${range.count}`, left, doc.page.height - 48, { width, align: 'right', lineBreak: false });
  doc.text('Sinau · BKPSDM', left, doc.page.height - 48, { width, lineBreak: false });
  doc.page.margins.bottom = bottom;
}
doc.end();
