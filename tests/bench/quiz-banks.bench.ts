// A BKPSDM's whole Moodle bank converted at once, as the admin screen and the command line do
// (DESIGN.md §13): 2,000 GIFT questions of every kind, within a second.
import { expect, it } from 'vitest';
import { convertBank } from '../../src/domain/quiz-banks/index.js';
import { report } from './report.js';

const QUESTIONS = 2000;

/** Question i of the bank: each kind in turn, with names, feedback, HTML, escapes and comments. */
function question(i: number): string {
  const name = `::Modul ${Math.floor(i / 50) + 1} soal ${i % 50}::`;
  switch (i % 8) {
    case 0:
      return `// soal ${i}\n${name}Nilai dasar ASN disingkat {\n  =BerAKHLAK#Benar.\n  ~PANCASILA#Itu dasar negara.\n  ~SMART\n}`;
    case 1:
      return `${name}Yang termasuk nilai BerAKHLAK {\n  ~%50%Akuntabel\n  ~%50%Kompeten\n  ~%-100%Malas\n  ####Tujuh nilai dasar.\n}`;
    case 2:
      return `${name}PPPK adalah bagian dari ASN. {TRUE#Baca lagi UU ASN.#Tepat.}`;
    case 3:
      return `${name}Kepanjangan ASN adalah {=Aparatur Sipil Negara =aparatur sipil negara =%50%Aparat Sipil}`;
    case 4:
      return `${name}[html]<p>Skor dihitung <b>100 &times; poin / soal</b>\\: 7 dari 9 benar&hellip;</p>{\n  =78\n  ~77\n  ~7\\=9\n}`;
    case 5:
      return `$CATEGORY: $course$/top/Modul ${i}\n\nPernyataan tanpa nama nomor ${i}. {F}`;
    case 6:
      return `${name}Ceritakan pengalaman Anda melayani masyarakat. {}`;
    default:
      return `${name}Pasangkan. {\n  =JP -> Jam Pelajaran\n  =SKP -> Sasaran Kinerja Pegawai\n}`;
  }
}

it('converting a 2,000-question GIFT bank', () => {
  const bank = Array.from({ length: QUESTIONS }, (_, i) => question(i)).join('\n\n');
  // The first run is what `sinau quiz convert` pays; later ones what a running server does.
  const cold = performance.now();
  convertBank('gift', bank);
  const first = performance.now() - cold;
  const times: number[] = [];
  let result = convertBank('gift', bank);
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    result = convertBank('gift', bank);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  expect(result.quiz?.questions).toHaveLength(QUESTIONS * 0.75);
  const over = report(`Question bank: ${QUESTIONS.toLocaleString('en')} GIFT questions, ${(bank.length / 1024).toFixed(0)} KiB`, [
    { name: 'first conversion in a fresh process', value: first / 1000, unit: 's', budget: 1, kind: 'max' },
    { name: 'conversion time (median of 5)', value: times[2]! / 1000, unit: 's', budget: 1, kind: 'max' },
    { name: 'conversion time (slowest of 5)', value: times[4]! / 1000, unit: 's', budget: 1, kind: 'max' },
  ]);
  expect(over).toEqual([]);
});
