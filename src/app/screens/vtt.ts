// WebVTT cues, read from the captions file the course download stored. The player adds them
// as a text track itself: a <track> would load its file by URL, and the only URL of a stored
// file is a blob: one, which the app's Content-Security-Policy (media-src 'self') refuses.

export interface Cue {
  start: number;
  end: number;
  text: string;
}

const TIME = /^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$/;

function seconds(stamp: string): number | null {
  const m = TIME.exec(stamp.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/** The cues of a WebVTT file; blocks that are not cues (header, NOTE, STYLE) are skipped. */
export function parseVtt(text: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((l) => l.includes('-->'));
    if (at < 0) continue;
    const [from, rest = ''] = lines[at]!.split('-->');
    const start = seconds(from!);
    // Cue settings (position, align) follow the end time after a space.
    const end = seconds(rest.trim().split(/\s+/)[0] ?? '');
    const words = lines
      .slice(at + 1)
      .join('\n')
      .trim();
    if (start !== null && end !== null && end > start && words) cues.push({ start, end, text: words });
  }
  return cues;
}
