// A certificate PDF is rendered on each download: it must take milliseconds of one core
// (about half of them choosing the QR code's mask, which keeps it easy to scan) and stay
// small enough to send over a weak signal.
import { expect, it } from 'vitest';
import { type CertificateDocument, renderCertificatePdf } from '../../src/server/services/certificates/pdf.js';
import { report } from './report.js';

const RENDERS = 200;

const doc: CertificateDocument = {
  code: '7K3M9Q2XAB',
  name: 'Siti Rahmawati, S.Kom.',
  nip: '199203152025212001',
  courseTitle: 'Etika & Keamanan Informasi untuk Aparatur Sipil Negara',
  jp: 2.5,
  category: 'bangkom',
  completedAt: '2026-11-28T10:00:00Z',
  issuer: 'BKPSDM Kabupaten Contoh',
  signerName: 'Dr. Bambang Sutrisno, M.Si.',
  signerTitle: 'Kepala BKPSDM Kabupaten Contoh',
  // As long as a real link: origin, code, then about 560 characters of signed payload.
  verifyUrl: `https://sinau.bkpsdm-contoh.go.id/v/7K3M9Q2XAB#${'eyJ2IjoxLCJjb2RlIjoiN0szTTlRMlhBQiJ9'.repeat(13)}.${'A'.repeat(86)}`,
};

it(`renders a certificate ${RENDERS} times`, async () => {
  let started = performance.now();
  // The first render also reads and parses the fonts, once per process.
  await renderCertificatePdf(doc);
  const first = performance.now() - started;
  for (let i = 0; i < 50; i++) await renderCertificatePdf({ ...doc, code: `7K3M9Q2X${String(i).padStart(2, '0')}` });

  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RENDERS; i++) {
    started = performance.now();
    // A different certificate each time, so no cache of a finished one could help.
    bytes = Math.max(bytes, (await renderCertificatePdf({ ...doc, name: `${doc.name} ${i}` })).length);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const over = report(`Certificate PDF (${RENDERS} renders after warm-up)`, [
    { name: 'first render, fonts loaded', value: first, unit: 'ms', budget: 1000, kind: 'max' },
    { name: 'render median', value: times[Math.floor(RENDERS * 0.5)]!, unit: 'ms', budget: 50, kind: 'max' },
    { name: 'render p99', value: times[Math.floor(RENDERS * 0.99)]!, unit: 'ms', budget: 200, kind: 'max' },
    { name: 'PDF size, largest', value: bytes / 1024, unit: 'KB', budget: 100, kind: 'max' },
  ]);
  expect(over).toEqual([]);
});
