// The importer's problems said in Indonesian for the admin screen, from each problem's code and
// params (src/domain/api/course-upload.ts). The importer's English stays what the CLI prints.
import type { ProblemCode, ProblemDetail, ProblemParams } from '../../domain/api/course-upload.js';

const NAMES: Record<string, string> = {
  modules: 'modul',
  lessons: 'pelajaran',
  questions: 'soal',
  options: 'pilihan',
  accept: 'jawaban',
  quizzes: 'kuis latihan',
};

/** A YAML path as words: "modules.0.lessons.1.minutes" → "'minutes' pelajaran ke-2 di modul ke-1". */
export function fieldName(path: string | number | undefined): string {
  const parts = String(path ?? '')
    .split('.')
    .filter((p) => p !== '');
  if (parts.length === 0) return 'isi berkas';
  const places: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      places.push(`${NAMES[part] ?? `'${part}'`} ke-${Number(next) + 1}`);
      i++;
    } else places.push(`'${part}'`);
  }
  const [field, ...within] = places.reverse();
  return within.length ? `${field} ${within.join(' di ')}` : (field as string);
}

const num = (n: string | number | undefined) => Number(n ?? 0).toLocaleString('id-ID');
const mb = (n: string | number | undefined) => `${(Number(n ?? 0) / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
const NO_SCRIPT = 'Gambar SVG tidak boleh berisi skrip. Simpan ulang gambar ini tanpa skrip, atau pakai PNG.';
const ZIP_AGAIN = 'Kemas ulang folder kursusnya menjadi zip biasa, lalu unggah lagi.';

const small = (p: ProblemParams) => {
  const at = `${fieldName(p.path)}`;
  if (p.origin === 'string') return `${at} tidak boleh kosong.`;
  if (p.origin === 'array' || p.origin === 'set') return `${at} harus berisi paling sedikit ${num(p.minimum)} butir.`;
  return `${at} harus ${p.inclusive === 0 ? 'lebih dari' : 'paling sedikit'} ${num(p.minimum)}.`;
};
const big = (p: ProblemParams) => {
  const at = `${fieldName(p.path)}`;
  if (p.origin === 'string') return `${at} terlalu panjang (paling banyak ${num(p.maximum)} huruf).`;
  if (p.origin === 'array' || p.origin === 'set') return `${at} berisi terlalu banyak butir (paling banyak ${num(p.maximum)}).`;
  return `${at} harus ${p.inclusive === 0 ? 'kurang dari' : 'paling banyak'} ${num(p.maximum)}.`;
};
const TYPES: Record<string, string> = {
  string: 'teks',
  number: 'angka',
  int: 'bilangan bulat',
  boolean: 'true atau false',
  array: 'daftar (baris-baris yang diawali "-")',
  object: 'kelompok isian',
};

/** One sentence per code, in Indonesian. Every code the importer makes has one. */
export const SENTENCES_ID: Record<ProblemCode, (p: ProblemParams) => string> = {
  'file-missing': () => 'Berkas ini tidak ada di folder kursus. Periksa nama berkasnya di course.yaml.',
  'file-outside': () => 'Berkas ini berada di luar folder kursus. Letakkan berkasnya di dalam folder kursus.',
  'file-symlink': () => 'Ini tautan (symlink), bukan berkas. Salin berkas aslinya ke folder kursus.',
  'file-not-a-file': () => 'Ini bukan berkas biasa (mungkin sebuah folder). Periksa namanya di course.yaml.',
  'file-changed': () => 'Berkas ini berubah saat sedang dibaca. Unggah lagi.',
  'file-unreadable': (p) => `Berkas ini tidak dapat dibaca (${p.detail}). Simpan ulang berkasnya, lalu unggah lagi.`,
  'file-too-large': (p) => `Berkas ini terlalu besar (${mb(p.size)}); paling besar ${mb(p.limit)}.`,
  'duplicate-id': (p) => `Kode "${p.id}" dipakai dua kali. Setiap modul, pelajaran, kuis, dan survei harus punya kode sendiri.`,
  'image-remote': (p) =>
    `Gambar ${p.src} diambil dari internet atau alamat lain. Gambar harus berupa berkas di dalam folder kursus, karena pelajaran dibaca tanpa internet.`,
  'image-bad-url': (p) =>
    `Nama gambar ${p.src} tidak sah: tanda % hanya boleh dipakai sebagai kode huruf (misalnya %20). Ganti nama berkasnya.`,
  'image-type': (p) => `Gambar ${p.src} harus berupa berkas ${p.types} di dalam folder kursus.`,
  'image-missing': (p) => `Gambar ${p.src} tidak ada di folder kursus (dicari di ${p.path}).`,
  'image-outside': (p) => `Gambar ${p.src} berada di luar folder kursus. Letakkan gambarnya di dalam folder kursus.`,
  'image-symlink': (p) => `Gambar ${p.src} adalah tautan (symlink), bukan berkas. Salin berkas gambarnya ke folder kursus.`,
  'image-not-a-file': (p) => `Gambar ${p.src} bukan berkas biasa (mungkin sebuah folder).`,
  'image-changed': (p) => `Gambar ${p.src} berubah saat sedang dibaca. Unggah lagi.`,
  'image-unreadable': (p) => `Gambar ${p.src} tidak dapat dibaca (${p.detail}). Simpan ulang gambarnya.`,
  'image-too-large': (p) => `Gambar ${p.src} terlalu besar (${mb(p.size)}); paling besar ${mb(p.limit)}. Perkecil gambarnya.`,
  'svg-not-utf8': (p) => `Gambar ${p.src} adalah SVG yang tidak disimpan sebagai teks UTF-8. Simpan ulang sebagai UTF-8.`,
  'svg-malformed': (p) => `Gambar ${p.src} adalah SVG yang rusak (${p.detail}). Simpan ulang dari aplikasi gambarnya.`,
  'svg-encoding': (p) => `Gambar ${p.src} adalah SVG dengan pengodean "${p.encoding}". Simpan ulang sebagai UTF-8.`,
  'svg-entities': (p) =>
    `Gambar ${p.src} adalah SVG yang mendefinisikan entitasnya sendiri (<!DOCTYPE … [ … ]>). Hapus bagian itu atau pakai PNG.`,
  'svg-processing-instruction': (p) => `Gambar ${p.src} adalah SVG berisi instruksi <?${p.target}?>. Hapus baris itu atau pakai PNG.`,
  'svg-not-svg': (p) => `Berkas ${p.src} bukan gambar SVG (isinya dimulai dengan <${p.root}>).`,
  'svg-script-element': (p) => `Gambar ${p.src} berisi elemen <${p.element}>. ${NO_SCRIPT}`,
  'svg-event-handler': (p) => `Gambar ${p.src} berisi penanganan kejadian (${p.attribute}). ${NO_SCRIPT}`,
  'svg-animated-handler': (p) => `Gambar ${p.src} menganimasikan penanganan kejadian (${p.attribute}). ${NO_SCRIPT}`,
  'svg-javascript-url': (p) => `Gambar ${p.src} berisi alamat javascript: (di ${p.attribute}). ${NO_SCRIPT}`,
  'svg-style-javascript': (p) => `Gambar ${p.src} berisi alamat javascript: di gayanya. ${NO_SCRIPT}`,
  'yaml-syntax': (p) =>
    p.yamlCode === 'TAB_AS_INDENT'
      ? 'Baris ini diawali tombol Tab. Pakai spasi untuk menjorok, bukan Tab.'
      : `Penulisan di baris ini tidak sesuai format YAML (${p.detail}). Periksa jarak spasi di awal baris, titik dua, dan tanda kutip.`,
  'yaml-duplicate-key': () => 'Isian yang sama ditulis dua kali. Hapus salah satunya.',
  'schema-missing': (p) => `${fieldName(p.path)} belum diisi.`,
  'schema-type': (p) => `${fieldName(p.path)} harus berupa ${TYPES[String(p.expected)] ?? p.expected}.`,
  'schema-too-small': small,
  'schema-too-big': big,
  'schema-id-format': (p) => `${fieldName(p.path)} hanya boleh berisi huruf kecil, angka, dan tanda minus (paling banyak 64).`,
  'schema-path-format': (p) =>
    `${fieldName(p.path)} harus berupa nama berkas di dalam folder kursus (misalnya lessons/pelajaran-1.md), tanpa "/" di awal dan tanpa "..".`,
  'schema-format': (p) => `${fieldName(p.path)} tidak sesuai bentuk yang diminta (${p.format}).`,
  'schema-not-multiple': (p) => `${fieldName(p.path)} harus kelipatan ${num(p.divisor)}.`,
  'schema-unknown-keys': (p) => `${fieldName(p.path)} berisi isian yang tidak dikenal: ${p.keys}. Periksa ejaannya atau hapus isian itu.`,
  'schema-choice': (p) => `${fieldName(p.path)} harus salah satu dari: ${p.values}.`,
  'schema-union': (p) => `${fieldName(p.path)} tidak sesuai dengan bentuk mana pun yang diterima. Periksa 'type' dan isian lainnya.`,
  'schema-other': (p) => `${fieldName(p.path)} tidak sah (${p.detail}).`,
  'quiz-single-correct': (p) =>
    `${fieldName(p.path)}: soal pilihan tunggal harus punya tepat satu pilihan yang benar (sekarang ada ${num(p.found)}).`,
  'quiz-multiple-correct': (p) => `${fieldName(p.path)}: soal pilihan ganda harus punya paling sedikit satu pilihan yang benar.`,
  'quiz-option-ids': (p) => `${fieldName(p.path)}: kode pilihan dalam satu soal tidak boleh sama.`,
  'quiz-question-id': (p) => `${fieldName(p.path)}: kode soal "${p.id}" sudah dipakai soal lain.`,
  'zip-unreadable': () => `Berkas ini bukan zip yang bisa dibaca. ${ZIP_AGAIN}`,
  'zip-too-many-entries': (p) => `Zip ini berisi ${num(p.entries)} berkas; sebuah kursus paling banyak ${num(p.limit)}.`,
  'zip-entry-nul': () => 'Nama berkas ini berisi karakter yang tidak sah. Ganti namanya.',
  'zip-entry-absolute': () => `Jalur berkas ini dimulai dari akar disk, bukan dari folder kursus. ${ZIP_AGAIN}`,
  'zip-entry-outside': () => `Jalur berkas ini keluar dari folder kursus (memuat ".."). ${ZIP_AGAIN}`,
  'zip-entry-symlink': () => 'Ini tautan (symlink), bukan berkas. Salin berkas aslinya ke folder kursus.',
  'zip-entry-not-a-file': () => 'Ini bukan berkas biasa. Hapus dari folder kursus.',
  'zip-entry-encrypted': () => 'Berkas ini dikunci dengan kata sandi. Kemas ulang kursusnya tanpa kata sandi.',
  'zip-entry-compression': () => `Berkas ini dikemas dengan cara yang tidak dapat dibaca server. ${ZIP_AGAIN}`,
  'zip-entry-duplicate': () => 'Berkas ini ada dua kali di dalam zip. Sisakan satu.',
  'zip-damaged': () => `Zip ini rusak. ${ZIP_AGAIN}`,
  'zip-too-large': (p) => `Isi zip ini ${mb(p.size)}; sebuah kursus paling besar ${mb(p.limit)}.`,
  'zip-no-course': () => 'course.yaml tidak ditemukan. Letakkan di akar zip atau di dalam satu folder teratas.',
  'zip-unpacks-too-large': (p) => `Isi zip ini lebih dari ${mb(p.limit)}, batas sebuah kursus.`,
  'zip-bomb': (p) => `Isi zip ini lebih dari ${num(p.ratio)} kali ukuran zip-nya, tidak wajar untuk sebuah kursus. ${ZIP_AGAIN}`,
  'zip-entry-damaged': () => `Berkas ini rusak di dalam zip. ${ZIP_AGAIN}`,
  'version-conflict': (p) =>
    `Versi ${p.version} sudah terbit dengan isi berbeda. Peserta mungkin menyimpannya tanpa internet, jadi tidak boleh diubah: ubah "version" di course.yaml menjadi ${p.next}, lalu unggah lagi.`,
  'version-backwards': (p) => `Kursus ini sudah di versi ${p.current}; versi ${p.version} akan mundur. Naikkan "version" di course.yaml.`,
  'publish-asset-unreadable': (p) => `Gambar ${p.path} tidak dapat dibaca saat diterbitkan. Unggah lagi.`,
  'publish-asset-changed': (p) => `Gambar ${p.path} berubah saat kursus diterbitkan. Unggah lagi.`,
};

/**
 * A problem said plainly in the admin's language, or undefined when there is nothing better than
 * the importer's English (a code this build does not know, or an English screen: the importer
 * already speaks English).
 */
export function problemSentence(detail: ProblemDetail | undefined, lang: string): string | undefined {
  if (!detail || lang !== 'id') return undefined;
  const say = (SENTENCES_ID as Record<string, ((p: ProblemParams) => string) | undefined>)[detail.code];
  return say?.(detail.params);
}
