// The agency's register of certificates as a CSV file (docs/certificates.md), written the one
// way Sinau writes CSV (services/csv.ts): formula guard, NIPs in their printed groups.
import { jakartaIso } from '../../../domain/jakarta.js';
import { groupNip } from '../../../domain/nip.js';
import { isoOf } from '../../db/schema.js';
import { toCsv } from '../csv.js';
import type { CertificateRow } from './read.js';

const HEADER = [
  'No',
  'Kode',
  'NIP',
  'Nama',
  'Unit kerja',
  'Jabatan',
  'Kursus',
  'Kategori',
  'JP',
  'Tanggal selesai',
  'Diterbitkan',
  'Status',
  'Dicabut pada',
  'Alasan pencabutan',
];

/**
 * The day the certificate prints, in Asia/Jakarta (UTC+7), as yyyy-mm-dd so that a
 * spreadsheet sorts it. In UTC a course finished at 02:00 on 1 January would read as 31
 * December, in a file filtered to the new year.
 */
const jakartaDate = (ms: number | string) => jakartaIso(Number(ms)).slice(0, 10);

/** One row per certificate, numbered in the order given. */
export function certificatesCsv(rows: CertificateRow[]): string {
  return toCsv(
    HEADER,
    rows.map((r, i) => [
      i + 1,
      r.code,
      groupNip(r.nip),
      r.name,
      r.unit,
      r.position,
      r.course_title,
      r.category,
      Number(r.jp),
      jakartaDate(r.completed_at),
      isoOf(r.issued_at),
      r.revoked_at === null ? 'berlaku' : 'dicabut',
      isoOf(r.revoked_at) ?? '',
      r.revoked_reason ?? '',
    ]),
  );
}

/** `sertifikat[-<course>][-<year>].csv`, with only characters safe in a header. */
export function certificatesCsvName(filters: { courseId?: string; year?: number }): string {
  const parts = ['sertifikat', filters.courseId?.replace(/[^A-Za-z0-9_-]/g, ''), filters.year?.toString()].filter(Boolean);
  return `${parts.join('-')}.csv`;
}
