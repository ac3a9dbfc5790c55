// Words of the course's sessions and the check-in, in both languages. Kept out of the main
// bundle with the components that use them; every other key falls through to the learner
// dictionaries (../i18n.ts), so one `t` serves these components.
import type { AttendanceMode, SessionMode } from '../../domain/api/sessions.js';
import { type Lang, type MessageKey, translate } from '../i18n.js';
import { useSession } from '../session.js';
import type { Refusal } from './model.js';

const id = {
  sessionsTitle: 'Sesi',
  sessionModeLuring: 'Luring (tatap muka)',
  sessionModeDaring: 'Daring (lewat video)',
  sessionModeHybrid: 'Hybrid (tatap muka atau lewat video)',
  sessionTime: 'Waktu',
  sessionFormat: 'Bentuk',
  sessionPlace: 'Tempat',
  sessionMeeting: 'Rapat video',
  sessionOpenMeeting: 'Buka tautan rapat',
  sessionNewTab: '(tab baru)',
  sessionCancelled: 'Dibatalkan',
  sessionAddToCalendar: 'Tambah ke kalender',
  sessionCheckIn: 'Hadir',
  sessionPending: 'Tercatat, menunggu sinkron',
  sessionRecorded: 'Tercatat',
  refusalWrongCode:
    'Kehadiran belum tercatat: kodenya salah atau sudah kedaluwarsa. Minta kode yang berlaku sekarang kepada fasilitator, lalu tekan Hadir dan coba lagi.',
  refusalOtherSession:
    'Kehadiran belum tercatat: kode itu milik sesi lain. Tekan Hadir lagi dan pakai kode yang ditampilkan untuk sesi ini.',
  refusalOutsideTime:
    'Kehadiran belum tercatat: waktunya di luar jam sesi (dibuka 30 menit sebelum mulai sampai 30 menit setelah selesai). Jika Anda memang hadir, sampaikan kepada fasilitator.',
  refusalCancelled: 'Kehadiran tidak tercatat karena sesi ini dibatalkan.',
  refusalUnknownSession:
    'Kehadiran belum tercatat: sesi ini tidak dikenal di kursus ini. Pindai lagi kode yang ditampilkan untuk sesi ini, atau tanyakan kepada fasilitator.',
  refusalOther: 'Kehadiran ditolak server ({message}). Tanyakan kepada fasilitator.',
  checkInTitle: 'Hadir: {title}',
  checkInHow: 'Bagaimana Anda mengikuti sesi ini?',
  attendLuring: 'Di ruangan',
  attendDaring: 'Lewat video',
  checkInScanHint: 'Arahkan kamera ke kode QR di layar fasilitator.',
  checkInCameraStarting: 'Menyalakan kamera…',
  checkInCameraDenied: 'Kamera tidak diizinkan. Ketik 6 angka kode di layar fasilitator.',
  checkInCameraMissing: 'Kamera tidak tersedia di perangkat ini. Ketik 6 angka kode di layar fasilitator.',
  checkInCamera: 'Kamera',
  checkInNotALink: 'Kode QR ini bukan kode kehadiran Sinau. Pindai kode QR di layar fasilitator.',
  checkInOtherSession: 'Kode QR ini untuk sesi lain. Pindai kode yang ditampilkan untuk sesi ini.',
  checkInOtherCourse: 'Kode QR ini untuk kursus lain. Buka kursus itu untuk mencatat kehadiran di sana.',
  checkInCode: 'Kode (6 angka)',
  checkInCodeHint: 'Angka yang berganti tiap 30 detik di layar fasilitator.',
  checkInCodeInvalid: 'Kode terdiri dari 6 angka.',
  checkInSaveFailed:
    'Kehadiran belum tersimpan di ponsel ini, mungkin karena ruang penyimpanannya penuh. Kosongkan sedikit ruang, lalu tekan Catat kehadiran lagi.',
  checkInChooseMode: 'Pilih dulu cara Anda mengikuti sesi ini.',
  checkInRecord: 'Catat kehadiran',
  checkInClose: 'Tutup',
  checkInOffline: 'Tanpa sinyal pun bisa: kehadiran dicatat di perangkat ini dan terkirim saat ada sinyal.',
} as const;

export type SessionsMessage = keyof typeof id;

const en: Record<SessionsMessage, string> = {
  sessionsTitle: 'Sessions',
  sessionModeLuring: 'In person',
  sessionModeDaring: 'Online (video call)',
  sessionModeHybrid: 'Hybrid (in person or by video)',
  sessionTime: 'Time',
  sessionFormat: 'Format',
  sessionPlace: 'Place',
  sessionMeeting: 'Video call',
  sessionOpenMeeting: 'Open the meeting link',
  sessionNewTab: '(new tab)',
  sessionCancelled: 'Cancelled',
  sessionAddToCalendar: 'Add to calendar',
  sessionCheckIn: 'Check in',
  sessionPending: 'Recorded, waiting to sync',
  sessionRecorded: 'Recorded',
  refusalWrongCode:
    'Attendance not recorded: the code was wrong or had expired. Ask the facilitator for the current code, then press Check in and try again.',
  refusalOtherSession:
    'Attendance not recorded: that code belongs to another session. Press Check in again and use the code shown for this session.',
  refusalOutsideTime:
    'Attendance not recorded: it was outside the session’s hours (open from 30 minutes before the start to 30 minutes after the end). If you did attend, tell the facilitator.',
  refusalCancelled: 'Attendance was not recorded because this session was cancelled.',
  refusalUnknownSession:
    'Attendance not recorded: this course has no such session. Scan the code shown for this session again, or ask the facilitator.',
  refusalOther: 'The server refused the check-in ({message}). Ask the facilitator.',
  checkInTitle: 'Check in: {title}',
  checkInHow: 'How are you taking part in this session?',
  attendLuring: 'In the room',
  attendDaring: 'By video',
  checkInScanHint: 'Point the camera at the QR code on the facilitator’s screen.',
  checkInCameraStarting: 'Starting the camera…',
  checkInCameraDenied: 'The camera is not allowed. Type the 6 digits shown on the facilitator’s screen.',
  checkInCameraMissing: 'This device has no camera available. Type the 6 digits shown on the facilitator’s screen.',
  checkInCamera: 'Camera',
  checkInNotALink: 'This QR code is not a Sinau check-in code. Scan the QR code on the facilitator’s screen.',
  checkInOtherSession: 'This QR code is for another session. Scan the code shown for this session.',
  checkInOtherCourse: 'This QR code is for another course. Open that course to check in there.',
  checkInCode: 'Code (6 digits)',
  checkInCodeHint: 'The number that changes every 30 seconds on the facilitator’s screen.',
  checkInCodeInvalid: 'The code is 6 digits.',
  checkInSaveFailed:
    'Your attendance could not be saved on this phone, perhaps because its storage is full. Free some space, then press Record attendance again.',
  checkInChooseMode: 'First choose how you are taking part in this session.',
  checkInRecord: 'Record attendance',
  checkInClose: 'Close',
  checkInOffline: 'Works with no signal: attendance is recorded on this device and sent when there is signal.',
};

// A key here must not shadow a learner key, or one of the two could never be reached.
type Clash = SessionsMessage & MessageKey;
const noClash: [Clash] extends [never] ? true : never = true;
void noClash;

const dictionaries: Record<Lang, Record<SessionsMessage, string>> = { id, en };
const isOwnKey = (key: string): key is SessionsMessage => Object.hasOwn(id, key);

export type SessionsTranslate = (key: SessionsMessage | MessageKey, params?: Record<string, string | number>) => string;

export function sessionsTranslate(lang: Lang, key: SessionsMessage | MessageKey, params: Record<string, string | number> = {}): string {
  if (!isOwnKey(key)) return translate(lang, key, params);
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function useSessionsTranslate(): SessionsTranslate {
  const lang = useSession((s) => s.lang);
  return (key, params) => sessionsTranslate(lang, key, params);
}

export const modeKey: Record<SessionMode, SessionsMessage> = {
  luring: 'sessionModeLuring',
  daring: 'sessionModeDaring',
  hybrid: 'sessionModeHybrid',
};

export const attendKey: Record<AttendanceMode, SessionsMessage> = { luring: 'attendLuring', daring: 'attendDaring' };

export const refusalKey: Record<Refusal, SessionsMessage> = {
  'wrong-code': 'refusalWrongCode',
  'other-session': 'refusalOtherSession',
  'outside-time': 'refusalOutsideTime',
  cancelled: 'refusalCancelled',
  'unknown-session': 'refusalUnknownSession',
  other: 'refusalOther',
};

const JAKARTA = 'Asia/Jakarta';
const locale = (lang: Lang) => (lang === 'id' ? 'id-ID' : 'en-GB');

/**
 * "Selasa, 1 Desember 2026, 08.00–12.00 WIB": always Jakarta time, which the facilitator's
 * invitation uses too, whatever zone the phone is set to. A session past midnight names
 * both days.
 */
export function sessionWhen(startsAt: string, endsAt: string, lang: Lang): string {
  const day = new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: JAKARTA });
  const time = new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: JAKARTA });
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (day.format(start) === day.format(end)) return `${day.format(start)}, ${time.format(start)}–${time.format(end)} WIB`;
  return `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)} WIB`;
}
