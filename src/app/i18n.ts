// WARNING: part of the main bundle. Bahasa Indonesia first, English second (lazy).
const id = {
  appTagline: 'Belajar tanpa sinyal. Unduh kursus sekali, lalu belajar di mana saja.',
  loginTitle: 'Masuk',
  loginAgainTitle: 'Masuk lagi',
  loginAgainHint: 'Sesi Anda berakhir. Anda tetap bisa belajar; masuk lagi agar kemajuan Anda terkirim.',
  loginNeedsSignal: 'Masuk memerlukan sinyal. Coba lagi saat ada jaringan.',
  nip: 'NIP',
  password: 'Kata sandi',
  login: 'Masuk',
  loggingIn: 'Sedang masuk…',
  logout: 'Keluar',
  logoutWarning:
    '{n} perubahan belum terkirim ke server. Jika keluar sekarang, perubahan itu baru terkirim saat Anda masuk lagi di perangkat ini.',
  stayLoggedIn: 'Tetap masuk',
  logoutAnyway: 'Tetap keluar',
  sessionExpired: 'Sesi berakhir. Masuk lagi untuk mengunduh.',
  hello: 'Halo, {name}',
  pendingChanges: '{n} perubahan menunggu sinkron',
  myCourses: 'Kursus saya',
  noCourses: 'Belum ada kursus untuk Anda. Hubungi BKPSDM.',
  noCoursesOffline: 'Anda sedang offline dan belum ada kursus yang diunduh.',
  continueLearning: 'Lanjutkan belajar',
  lessons: '{n} pelajaran',
  modules: '{n} modul',
  jp: '{n} JP',
  minutes: '{n} menit',
  downloadSize: 'Unduhan {size}',
  downloadCourse: 'Unduh untuk offline ({size})',
  updateCourse: 'Perbarui ({size})',
  updateAvailable: 'Versi baru kursus ini tersedia (versi {version}). Kemajuan Anda tetap tersimpan.',
  resumeDownload: 'Lanjutkan unduhan',
  downloading: 'Mengunduh',
  downloadProgress: '{done} dari {total}',
  downloadInterrupted: 'Unduhan terputus. Bagian yang sudah diterima tetap tersimpan; lanjutkan saat ada sinyal.',
  downloadDamaged: 'Sebagian berkas rusak saat diunduh. Coba lagi.',
  storageFull:
    'Ruang penyimpanan tidak cukup: perlu {needed}, tersedia {available}. Hapus berkas lain atau kursus yang sudah selesai, lalu coba lagi.',
  availableOffline: 'Tersedia offline',
  lessonsDone: '{done}/{total} pelajaran selesai',
  completed: 'Selesai',
  courseProgress: 'Kemajuan kursus',
  openCourse: 'Buka kursus',
  startCourse: 'Mulai belajar',
  notDownloaded: 'Kursus ini belum diunduh ke perangkat ini.',
  storage: 'Penyimpanan',
  storageFree: 'Ruang tersisa di perangkat: {size}',
  storagePersisted: 'Browser berjanji tidak menghapus data Sinau saat ruang menipis.',
  storageNotPersisted: 'Browser dapat menghapus data saat ruang sangat menipis; pasang Sinau ke layar utama agar lebih aman.',
  courseUses: 'Kursus ini memakai {size}.',
  removeDownload: 'Hapus unduhan',
  removeWarning: 'Isi kursus dihapus dari perangkat ini. Kemajuan dan nilai Anda tetap tersimpan, dan kursus dapat diunduh lagi.',
  cancel: 'Batal',
  lessonsLabel: 'Pelajaran',
  preTest: 'Pre-test',
  postTest: 'Post-test',
  jpLabel: 'JP',
  jpEarned: '{n} JP diperoleh',
  jpOnCompletion: '{n} JP setelah selesai',
  courseComplete: 'Kursus selesai. Anda memperoleh {jp} JP.',
  preTestFirst: 'kerjakan sebelum pelajaran pertama',
  postTestReady: 'siap dikerjakan',
  postTestAfterLessons: 'terbuka setelah semua pelajaran selesai',
  practice: 'Latihan',
  attempts: '{n} kali dikerjakan',
  score: 'nilai {n}',
  notTaken: 'belum dikerjakan',
  awaitingGrade: 'menunggu dinilai',
  awaitingGradeLong: 'Jawaban Anda tersimpan dan menunggu dinilai. Nilai muncul setelah perangkat tersinkron dengan server.',
  done: 'selesai',
  lessonOf: 'pelajaran {n} dari {total}',
  lessonDone: 'Pelajaran ini selesai.',
  markDone: 'Tandai selesai',
  lessonNavigation: 'Pelajaran sebelum dan sesudah',
  lessonNotFound: 'Pelajaran tidak ditemukan.',
  backToCourse: 'Kembali ke kursus',
  quizNotFound: 'Kuis tidak ditemukan.',
  practiceHint: 'Latihan: nilai dan pembahasan langsung muncul.',
  gradedHint: 'Tes resmi: dinilai oleh server setelah sinkron.',
  answersSaved: 'Jawaban tersimpan otomatis, juga tanpa sinyal.',
  answeredOf: '{n} dari {total} soal dijawab',
  submitAnswers: 'Kirim jawaban',
  yourAnswer: 'Jawaban Anda',
  true: 'Benar',
  false: 'Salah',
  chooseAll: 'Pilih semua yang benar.',
  yourScore: 'Nilai Anda {n} ({points} dari {total} benar).',
  passed: 'Lulus.',
  notPassed: 'Belum lulus (batas lulus {n}).',
  correct: 'Benar',
  incorrect: 'Salah',
  lastScore: 'Nilai terakhir: {n}',
  tryAgain: 'Kerjakan lagi',
  submittedAwaiting: 'Jawaban tersimpan di perangkat dan menunggu dinilai. Nilai muncul setelah sinkron dengan server.',
  offline: 'Anda sedang offline. Kursus yang sudah diunduh tetap bisa dipelajari.',
  networkError: 'Tidak dapat menghubungi server. Periksa sinyal lalu coba lagi.',
  wrongCredentials: 'NIP atau kata sandi salah.',
  tooManyAttempts: 'Terlalu banyak percobaan. Coba lagi dalam {minutes} menit.',
  language: 'English',
  updateReady: 'Versi baru tersedia',
  reload: 'Muat ulang',
  installTitle: 'Pasang aplikasi',
  installHint: 'Pasang Sinau di layar utama agar mudah dibuka tanpa sinyal.',
  install: 'Pasang',
  installIos: 'Untuk memasang: ketuk tombol Bagikan di Safari, lalu pilih "Tambahkan ke Layar Utama".',
  notNow: 'Nanti saja',
  syncStatus: 'Status sinkron',
  allSynced: 'Semua perubahan sudah terkirim',
  lastSync: 'sinkron terakhir {time}',
  neverSynced: 'belum pernah sinkron',
  syncNow: 'Sinkronkan sekarang',
  syncOffline: 'Tidak ada sinyal. Perubahan tersimpan di perangkat dan terkirim otomatis saat ada sinyal.',
  syncExpired: 'Sesi berakhir. Masuk lagi agar perubahan terkirim.',
  syncBusy: 'Server sedang sibuk. Sinkron dicoba lagi sebentar lagi.',
  syncServer: 'Server sedang bermasalah. Perubahan tetap tersimpan dan dicoba lagi nanti.',
  rejectedChanges: '{n} perubahan ditolak server (lihat alasannya)',
  surveyTitle: 'Survei reaksi',
  surveyInvite: 'Isi survei singkat tentang kursus ini (2 menit)',
  surveyHint: 'Pendapat Anda membantu BKPSDM memperbaiki pelatihan. Jawaban tersimpan dan terkirim saat ada sinyal.',
  surveySubmit: 'Kirim survei',
  surveyThanks: 'Terima kasih, survei Anda tersimpan.',
  surveyNone: 'Kursus ini tidak memiliki survei.',
  scale1: 'sangat tidak setuju',
  scale2: 'tidak setuju',
  scale3: 'netral',
  scale4: 'setuju',
  scale5: 'sangat setuju',
} as const;

type Key = keyof typeof id;

export type Lang = 'id' | 'en';
export type Dictionary = Record<Key, string>;
// English is a lazy chunk: most learners never download it.
const dictionaries: Partial<Record<Lang, Dictionary>> = { id };

export async function loadLanguage(lang: Lang): Promise<void> {
  if (!dictionaries[lang]) dictionaries[lang] = (await import('./i18n-en.js')).en;
}

export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  return (dictionaries[lang] ?? id)[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
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
