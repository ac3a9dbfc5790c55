// Bahasa Indonesia first, English second. Keys are plain English phrases' ids.
const id = {
  appTagline: 'Belajar tanpa sinyal',
  loginTitle: 'Masuk',
  nip: 'NIP',
  password: 'Kata sandi',
  login: 'Masuk',
  loggingIn: 'Sedang masuk…',
  logout: 'Keluar',
  hello: 'Halo, {name}',
  myCourses: 'Kursus saya',
  noCourses: 'Belum ada kursus untuk Anda. Hubungi BKPSDM.',
  lessons: '{n} pelajaran',
  modules: '{n} modul',
  jp: '{n} JP',
  downloadSize: 'Unduhan {size}',
  offline: 'Anda sedang offline.',
  networkError: 'Tidak dapat menghubungi server. Periksa sinyal lalu coba lagi.',
  wrongCredentials: 'NIP atau kata sandi salah.',
  tooManyAttempts: 'Terlalu banyak percobaan. Coba lagi dalam {minutes} menit.',
  language: 'English',
  updateReady: 'Versi baru tersedia',
  reload: 'Muat ulang',
} as const;

type Key = keyof typeof id;

const en: Record<Key, string> = {
  appTagline: 'Study without signal',
  loginTitle: 'Log in',
  nip: 'NIP (employee number)',
  password: 'Password',
  login: 'Log in',
  loggingIn: 'Logging in…',
  logout: 'Log out',
  hello: 'Hello, {name}',
  myCourses: 'My courses',
  noCourses: 'No courses for you yet. Contact your HR agency (BKPSDM).',
  lessons: '{n} lessons',
  modules: '{n} modules',
  jp: '{n} lesson hours (JP)',
  downloadSize: '{size} download',
  offline: 'You are offline.',
  networkError: 'Cannot reach the server. Check your signal and try again.',
  wrongCredentials: 'The NIP or password is wrong.',
  tooManyAttempts: 'Too many attempts. Try again in {minutes} minutes.',
  language: 'Bahasa Indonesia',
  updateReady: 'A new version is available',
  reload: 'Reload',
};

export type Lang = 'id' | 'en';
const dictionaries: Record<Lang, Record<Key, string>> = { id, en };

export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value)} ${units[unit]}`;
}

export type { Key as MessageKey };
