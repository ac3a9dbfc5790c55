// What the facilitator's QR code holds (docs/sessions.md): an address of the app that opens
// the course with the session's check-in filled in. The app's own scanner reads it; a
// phone's camera app opens it like any link. The code in it changes every 30 s.
import { TOTP_DIGITS } from '../../domain/totp.js';

export interface CheckInLink {
  courseId: string;
  sessionId: string;
  code: string;
}

const CODE = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/** `<origin>/kursus/<course>?hadir=<session>&kode=<code>`. */
export function checkInUrl(origin: string, link: CheckInLink): string {
  const url = new URL(`/kursus/${encodeURIComponent(link.courseId)}`, origin);
  url.searchParams.set('hadir', link.sessionId);
  url.searchParams.set('kode', link.code);
  return url.href;
}

/** The check-in a scanned text asks for, or null when it is not one (any origin: the
 * facilitator may have opened the app under another address than the learner). */
export function parseCheckInUrl(text: string): CheckInLink | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const match = /^\/kursus\/([^/]+)\/?$/.exec(url.pathname);
  const sessionId = url.searchParams.get('hadir');
  const code = url.searchParams.get('kode');
  if (!match || !sessionId || !code || !CODE.test(code)) return null;
  let courseId: string;
  try {
    courseId = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return { courseId, sessionId, code };
}
