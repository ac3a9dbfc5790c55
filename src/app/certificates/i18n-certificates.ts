// Words of the certificate card and the public verify page, in both languages. Kept out of
// the main bundle with the screens that use them; every other key falls through to the
// learner dictionaries (../i18n.ts), so one `t` serves these components.
import { indonesianDate } from '../../domain/certificates.js';
import { type Lang, type MessageKey, translate } from '../i18n.js';
import { useSession } from '../session.js';

const id = {
  certTitle: 'Sertifikat',
  certCode: 'Kode',
  certDate: 'Tanggal',
  certJp: 'JP',
  certOpen: 'Buka',
  certShare: 'Bagikan',
  certSave: 'Simpan',
  certPdfPending: 'Berkas PDF-nya diunduh ke perangkat ini saat ada sinyal.',
  certRevoked: 'Dicabut',
  certRevokedOn: 'Sejak {date}. Alasan: {reason}',
  certAfterSync: 'Sertifikat kursus ini tiba di perangkat ini setelah sinkron berikutnya.',
  verifyTitle: 'Verifikasi sertifikat',
  verifyCode: 'Kode sertifikat',
  verifyChecking: 'Memeriksa…',
  verifyAskingServer: 'Menanyakan status terbaru ke server…',
  verifyValid: 'Sah',
  verifyValidOnline: 'Sertifikat ini tercatat dan berlaku menurut server.',
  verifyValidOffline:
    'Diperiksa tanpa sinyal dengan kunci tersimpan: tanda tangan digitalnya cocok. Pencabutan hanya dapat diperiksa saat ada sinyal.',
  verifyMismatch: 'Data di dalam tautan ini tidak cocok dengan tanda tangannya; yang ditampilkan adalah data dari server.',
  verifyRevoked: 'Dicabut',
  verifyRevokedOn: 'Sertifikat ini dicabut pada {date} dan tidak berlaku lagi.',
  verifyInvalid: 'Tidak sah',
  verifyInvalidHint: 'Data di dalam tautan ini tidak cocok dengan tanda tangan digitalnya; mungkin telah diubah.',
  verifyUnknown: 'Kode tidak dikenal',
  verifyUnknownHint: 'Tidak ada sertifikat dengan kode ini. Periksa lagi kode yang tertulis di sertifikat.',
  verifyCannot: 'Belum bisa diperiksa',
  verifyNoKey:
    'Perangkat ini belum menyimpan kunci pemeriksa sertifikat. Buka Sinau sekali saat ada sinyal; setelah itu sertifikat dapat diperiksa tanpa sinyal.',
  verifyUnsupported: 'Browser ini tidak dapat memeriksa tanda tangan digital tanpa sinyal. Periksa lagi saat ada sinyal.',
  verifyNoPayload: 'Tautan ini tidak membawa data sertifikat, jadi pemeriksaannya memerlukan sinyal. Coba lagi saat ada sinyal.',
  verifyName: 'Nama',
  verifyNip: 'NIP',
  verifyCourse: 'Pelatihan',
  verifyJp: 'JP',
  verifyDate: 'Tanggal selesai',
  verifyIssuer: 'Penerbit',
} as const;

export type CertificateMessage = keyof typeof id;

const en: Record<CertificateMessage, string> = {
  certTitle: 'Certificate',
  certCode: 'Code',
  certDate: 'Date',
  certJp: 'JP',
  certOpen: 'Open',
  certShare: 'Share',
  certSave: 'Save',
  certPdfPending: 'Its PDF is downloaded to this device when there is signal.',
  certRevoked: 'Revoked',
  certRevokedOn: 'Since {date}. Reason: {reason}',
  certAfterSync: 'The certificate of this course reaches this device with the next sync.',
  verifyTitle: 'Certificate verification',
  verifyCode: 'Certificate code',
  verifyChecking: 'Checking…',
  verifyAskingServer: 'Asking the server for the latest status…',
  verifyValid: 'Valid',
  verifyValidOnline: 'This certificate is on record and in force, according to the server.',
  verifyValidOffline: 'Checked without signal with the stored key: its digital signature matches. A revocation can only be seen online.',
  verifyMismatch: 'The data in this link does not match its signature; what is shown comes from the server.',
  verifyRevoked: 'Revoked',
  verifyRevokedOn: 'This certificate was revoked on {date} and is no longer valid.',
  verifyInvalid: 'Not valid',
  verifyInvalidHint: 'The data in this link does not match its digital signature; it may have been altered.',
  verifyUnknown: 'Unknown code',
  verifyUnknownHint: 'No certificate has this code. Check the code printed on the certificate again.',
  verifyCannot: 'Cannot be checked yet',
  verifyNoKey:
    'This device has not stored the key that checks certificates yet. Open Sinau once with signal; after that, certificates can be checked without signal.',
  verifyUnsupported: 'This browser cannot check digital signatures without signal. Check again when there is signal.',
  verifyNoPayload: 'This link carries no certificate data, so checking it needs signal. Try again when there is signal.',
  verifyName: 'Name',
  verifyNip: 'NIP',
  verifyCourse: 'Course',
  verifyJp: 'JP',
  verifyDate: 'Completed on',
  verifyIssuer: 'Issuer',
};

// A key here must not shadow a learner key, or one of the two could never be reached.
type Clash = CertificateMessage & MessageKey;
const noClash: [Clash] extends [never] ? true : never = true;
void noClash;

const dictionaries: Record<Lang, Record<CertificateMessage, string>> = { id, en };
const isOwnKey = (key: string): key is CertificateMessage => Object.hasOwn(id, key);

export type CertificateTranslate = (key: CertificateMessage | MessageKey, params?: Record<string, string | number>) => string;

export function certificateTranslate(
  lang: Lang,
  key: CertificateMessage | MessageKey,
  params: Record<string, string | number> = {},
): string {
  if (!isOwnKey(key)) return translate(lang, key, params);
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function useCertificateTranslate(): CertificateTranslate {
  const lang = useSession((s) => s.lang);
  return (key, params) => certificateTranslate(lang, key, params);
}

/** A certificate's day in Asia/Jakarta: in Indonesian exactly as the PDF prints it. */
export function certificateDate(at: string, lang: Lang): string {
  if (lang === 'id') return indonesianDate(at);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(
    new Date(at),
  );
}
