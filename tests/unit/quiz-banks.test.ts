import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type QuestionSource, QuizSource } from '../../src/domain/course.js';
import { type BankFormat, convertBank } from '../../src/domain/quiz-banks/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/quiz-banks/${name}`, import.meta.url), 'utf8');

function convert(format: BankFormat, text: string) {
  const result = convertBank(format, text);
  if (result.quiz) expect(QuizSource.safeParse(result.quiz).error).toBeUndefined();
  return result;
}
const gift = (text: string) => convert('gift', text);
const only = (text: string): QuestionSource => {
  const { quiz, problems } = gift(text);
  expect(problems).toEqual([]);
  expect(quiz?.questions).toHaveLength(1);
  return quiz!.questions[0]!;
};

describe('GIFT', () => {
  it('reads one "=" answer as single choice, naming options a, b, c', () => {
    expect(only('::Ibu kota::Ibu kota Indonesia adalah {=Jakarta ~Bandung ~Surabaya}')).toEqual({
      id: 'ibu-kota',
      type: 'single',
      prompt: 'Ibu kota Indonesia adalah',
      options: [
        { id: 'a', text: 'Jakarta', correct: true },
        { id: 'b', text: 'Bandung' },
        { id: 'c', text: 'Surabaya' },
      ],
    });
  });

  it('reads ~%w% weights as multiple choice whose correct options are the positive weights', () => {
    const q = only('Nilai BerAKHLAK? {\n~%50%Akuntabel\n~%50%Kompeten\n~%-100%Malas\n~Lambat\n}');
    expect(q).toMatchObject({ type: 'multiple', options: [{ correct: true }, { correct: true }, {}, {}] });
    expect(only('Pilih {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}')).toMatchObject({
      type: 'multiple',
      options: [{ correct: true }, { correct: true }, { correct: true }, { id: 'd', text: 'd' }],
    });
  });

  it('reads T, TRUE, F and FALSE as true/false', () => {
    for (const [word, answer] of [
      ['T', true],
      ['TRUE', true],
      ['F', false],
      ['FALSE', false],
    ] as const)
      expect(only(`PPPK adalah ASN. {${word}}`)).toEqual({ id: 'q1', type: 'truefalse', prompt: 'PPPK adalah ASN.', answer });
  });

  it('reads only "=" answers as a short answer, dropping answers below 100 % with a problem on their line', () => {
    const { quiz, problems } = gift('::Singkatan::ASN adalah {\n=Aparatur Sipil Negara\n=%100%aparatur sipil negara\n=%50%Aparat Sipil\n}');
    expect(quiz?.questions[0]).toEqual({
      id: 'singkatan',
      type: 'short',
      prompt: 'ASN adalah',
      accept: ['Aparatur Sipil Negara', 'aparatur sipil negara'],
    });
    expect(problems).toEqual([{ line: 4, message: expect.stringMatching(/"Singkatan" accepts "Aparat Sipil" for 50 %.*dropped/) }]);
  });

  it("takes the explanation from the correct answer's #feedback and the ####general feedback", () => {
    expect(only('Ibu kota? {=Jakarta#Benar, sejak 1945. ~Bandung#Bukan. ####Lihat UUD.}')).toMatchObject({
      explanation: 'Benar, sejak 1945.\nLihat UUD.',
    });
    // {TRUE#shown when wrong#shown when right}
    expect(only('Bumi bulat. {TRUE#Salah, coba lagi.#Tepat sekali.}')).toMatchObject({ answer: true, explanation: 'Tepat sekali.' });
    expect(only('Ibu kota? {=Jakarta =jakarta#Ya ####Umum}')).toMatchObject({ type: 'short', explanation: 'Umum' });
    expect(only('Tanpa umpan balik {=a ~b}')).not.toHaveProperty('explanation');
  });

  it('unescapes \\~ \\= \\# \\{ \\} \\: and a backslash, in names, prompts and answers', () => {
    const q = only('::Rumus\\: dasar::Tanda \\{ \\} \\= \\~ \\# \\: dan \\\\ {=a\\=b#c\\#d ~e\\~f ~g\\}h}');
    expect(q).toEqual({
      id: 'rumus-dasar',
      type: 'single',
      prompt: 'Tanda { } = ~ # : dan \\',
      options: [
        { id: 'a', text: 'a=b', correct: true },
        { id: 'b', text: 'e~f' },
        { id: 'c', text: 'g}h' },
      ],
      explanation: 'c#d',
    });
  });

  it('takes the [html], [moodle], [plain] and [markdown] markers off; HTML becomes text with entities decoded', () => {
    expect(only('[html]<p>Nilai <b>BerAKHLAK</b> &amp; <i>core values</i>&hellip;</p>{T}')).toMatchObject({
      prompt: 'Nilai BerAKHLAK & core values…',
    });
    expect(only('[moodle]Baris satu<br>baris dua &lt;3 {F}')).toMatchObject({ prompt: 'Baris satu\nbaris dua <3' });
    expect(only('[plain]Tanda <b> tetap &amp; apa adanya {T}')).toMatchObject({ prompt: 'Tanda <b> tetap &amp; apa adanya' });
    expect(only('[markdown]Nilai **BerAKHLAK** {T}')).toMatchObject({ prompt: 'Nilai **BerAKHLAK**' });
    expect(only('[html]Pilih {=[plain]<a> ~[html]<b>tebal</b> ~&lt;c&gt;}')).toMatchObject({
      options: [{ text: '<a>' }, { text: 'tebal' }, { text: '<c>' }],
    });
  });

  it('reports an image it cannot carry but keeps the question', () => {
    const { quiz, problems } = gift('::Bagan::[html]<p>Lihat bagan.</p><img src\\="@@PLUGINFILE@@/b.png"> Benar? {T}');
    expect(quiz?.questions[0]).toMatchObject({ prompt: 'Lihat bagan.\nBenar?', answer: true });
    expect(problems).toEqual([{ line: 1, message: expect.stringContaining('"Bagan" had an image') }]);
  });

  it('skips // comments and $CATEGORY: lines, even inside a block', () => {
    const { quiz, problems } = gift(
      '// bank soal\n$CATEGORY: $course$/top/Orientasi\n\n// soal pertama\n::A::Satu {T}\n\n$CATEGORY: lain\n// komentar\n::B::Dua\n// di tengah\n{F}',
    );
    expect(problems).toEqual([]);
    expect(quiz?.questions.map((q) => [q.id, q.prompt])).toEqual([
      ['a', 'Satu'],
      ['b', 'Dua'],
    ]);
  });

  it('reports essay, matching, numerical and missing-word questions by name, and converts the rest', () => {
    const { quiz, problems } = gift(
      [
        '::Esai::Ceritakan pengalaman Anda. {}',
        '::Esai umum::Jelaskan. {####Jawaban bebas}',
        '::Pasangan::Pasangkan. {\n=JP -> Jam Pelajaran\n=SKP -> Sasaran Kinerja Pegawai\n}',
        '::Tahun::Tahun UU ASN? {#2023}',
        '::Rentang::Angka 1 sampai 5? {#1..5}',
        '::Rumpang::Pelayanan dimulai dari {=sikap ~gedung} petugas.',
        '::Tanda baca::Ibu kota adalah {=Jakarta ~Bandung}.',
        '::Cloze::Isi {1:MC:~=a~b} dan {1:SA:=c}.',
        'Tanpa jawaban sama sekali',
      ].join('\n\n'),
    );
    expect(quiz?.questions.map((q) => q.id)).toEqual(['tanda-baca']);
    expect(quiz?.questions[0]?.prompt).toBe('Ibu kota adalah.');
    const said = problems.map((p) => `${p.line} ${p.message}`);
    expect(said).toEqual([
      expect.stringMatching(/^1 question "Esai" is an essay/),
      expect.stringMatching(/^3 question "Esai umum" is an essay/),
      expect.stringMatching(/^5 question "Pasangan" is a matching question/),
      expect.stringMatching(/^10 question "Tahun" is a numerical question/),
      expect.stringMatching(/^12 question "Rentang" is a numerical question/),
      expect.stringMatching(/^14 question "Rumpang" is a missing-word question/),
      expect.stringMatching(/^18 question "Cloze" uses embedded answers/),
      expect.stringMatching(/^20 question "Tanpa jawaban sama sekali" has no answers/),
    ]);
  });

  it('reads CRLF, a lone CR and a byte-order mark', () => {
    const text = '\uFEFF// bank\r\n::A::Satu {T}\r\n\r\n::B::Dua {\r\n=ya\r\n~tidak\r\n}\r\n';
    expect(gift(text).quiz?.questions.map((q) => q.id)).toEqual(['a', 'b']);
    expect(gift(text.replaceAll('\r\n', '\r')).quiz?.questions.map((q) => q.id)).toEqual(['a', 'b']);
    expect(gift(text).quiz?.questions[1]).toMatchObject({ prompt: 'Dua', options: [{ text: 'ya' }, { text: 'tidak' }] });
  });

  it('gives questions with the same name distinct ids, and unnamed ones q<place in the bank>', () => {
    const { quiz } = gift('::2-08 TSL::Satu {T}\n\n::2-08 TSL::Dua {TRUE}\n\nTiga {F}\n\n::Q3::Empat {F}\n\n::!!!::Lima {T}');
    expect(quiz?.questions.map((q) => q.id)).toEqual(['2-08-tsl', '2-08-tsl-2', 'q3', 'q3-2', 'q5']);
  });

  it('makes ids from any name that satisfy the id rule: lowercase, no diacritics, at most 64 characters', () => {
    const long = 'Pertanyaan yang sangat panjang sekali tentang nilai dasar ASN dan kode etik';
    const { quiz } = gift(`::Évaluation Été::Satu {T}\n\n::${long}::Dua {T}\n\n::${long}::Tiga {T}`);
    const ids = quiz!.questions.map((q) => q.id);
    expect(ids[0]).toBe('evaluation-ete');
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
    expect(ids[2]).toMatch(/-2$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('reads `~=right`, a common slip, as Moodle does: the empty answer is skipped', () => {
    expect(only('Saya _____ di sini sejak 2020.{~=telah tinggal~tinggal}')).toMatchObject({
      type: 'single',
      options: [{ text: 'telah tinggal', correct: true }, { text: 'tinggal' }],
    });
  });

  it('refuses choices it cannot express, saying why', () => {
    const { quiz, problems } = gift('::Dua benar::Pilih {=a =b ~c}\n\n::Tak ada::Pilih {~a ~b}\n\n::Sebagian::Pilih {=a ~%50%b ~c}');
    expect(quiz?.questions).toEqual([expect.objectContaining({ id: 'sebagian', type: 'single' })]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/"Dua benar" has 2 answers marked "="/),
      expect.stringMatching(/"Tak ada" has no correct answer/),
      expect.stringMatching(/"Sebagian" gives "b" 50 %.*counts as wrong/),
    ]);
  });

  it('reports braces that do not pair up', () => {
    const { quiz, problems } = gift('::Buka::Tanpa tutup {=a ~b\n\n::Baik::Ini {T}');
    expect(quiz?.questions.map((q) => q.id)).toEqual(['baik']);
    expect(problems).toEqual([{ line: 1, message: expect.stringContaining('"Buka" has a "{" without its "}"') }]);
  });

  it('converts the sample banks, each question valid and every problem on its line', () => {
    const own = convert('gift', fixture('orientasi-asn.gift'));
    expect(own.quiz?.questions.map((q) => `${q.id}:${q.type}`)).toEqual([
      'm1-nilai-dasar:single',
      'm1-nilai-dasar-2:multiple',
      'q3:truefalse',
      'm1-singkatan:short',
      'm1-rumus-skor:single',
    ]);
    expect(own.problems.map((p) => p.line)).toEqual([22, 24, 26, 35, 40]);
    const exported = convert('gift', fixture('ekspor-moodle.gift'));
    expect(exported.quiz?.questions.map((q) => q.id)).toEqual([
      'et-01-gratifikasi',
      'et-02-konflik-kepentingan',
      'et-03-kode-etik',
      'et-01-gratifikasi-2',
    ]);
    expect(exported.quiz?.questions[0]).toMatchObject({
      prompt: 'Pemberian dalam arti luas kepada pegawai yang berhubungan dengan jabatannya disebut:',
      explanation: 'Lihat UU Tipikor pasal 12B.',
    });
    expect(exported.problems.map((p) => p.line)).toEqual([14, 31]);
  });

  it('returns no quiz when nothing converted, and takes the id, title, feedback and passing score it is given', () => {
    expect(convertBank('gift', 'Esai {}')).toMatchObject({ quiz: null, problems: [{ line: 1 }] });
    expect(convertBank('gift', '')).toEqual({ quiz: null, problems: [] });
    const { quiz } = convertBank('gift', 'Satu {T}', { id: 'latihan-1', title: 'Latihan', feedback: 'immediate', passingScore: 80 });
    expect(quiz).toMatchObject({ id: 'latihan-1', title: 'Latihan', feedback: 'immediate', passingScore: 80 });
    expect(convertBank('gift', 'Satu {T}').quiz).toMatchObject({ id: 'bank-soal', feedback: 'after-sync', passingScore: 70 });
  });
});

describe('Aiken', () => {
  const aiken = (text: string) => convert('aiken', text);

  it('reads options as A) or A., the ANSWER line, CRLF and a byte-order mark', () => {
    const { quiz, problems } = aiken(
      '\uFEFFNilai dasar ASN disingkat\r\nA) BerAKHLAK\r\nB) PANCASILA\r\nANSWER: A\r\n\r\nYang mengangkat PPPK?\r\nA. Camat\r\nB. Bupati\r\nC. Lurah\r\nANSWER: B\r\n',
    );
    expect(problems).toEqual([]);
    expect(quiz?.questions).toEqual([
      {
        id: 'q1',
        type: 'single',
        prompt: 'Nilai dasar ASN disingkat',
        options: [
          { id: 'a', text: 'BerAKHLAK', correct: true },
          { id: 'b', text: 'PANCASILA' },
        ],
      },
      {
        id: 'q2',
        type: 'single',
        prompt: 'Yang mengangkat PPPK?',
        options: [
          { id: 'a', text: 'Camat' },
          { id: 'b', text: 'Bupati', correct: true },
          { id: 'c', text: 'Lurah' },
        ],
      },
    ]);
  });

  it('reports a missing ANSWER line and an answer naming no option, and converts the rest', () => {
    const { quiz, problems } = aiken(
      'Tanpa kunci\nA) satu\nB) dua\nLanjut\nA) ya\nB) tidak\nANSWER: B\n\nSalah kunci\nA) x\nB) y\nANSWER: D\n\nAkhir\nA) p\nB) q',
    );
    expect(quiz?.questions).toEqual([expect.objectContaining({ id: 'q2', prompt: 'Lanjut' })]);
    expect(problems).toEqual([
      { line: 1, message: expect.stringContaining('"Tanpa kunci" has no "ANSWER: X" line') },
      { line: 12, message: expect.stringContaining('"ANSWER: D" names none of its options (A, B)') },
      { line: 14, message: expect.stringContaining('"Akhir" has no "ANSWER: X" line') },
    ]);
  });

  it('takes a question written over several lines, and converts the sample bank', () => {
    const { quiz, problems } = aiken(fixture('etika-asn.aiken.txt'));
    expect(quiz?.questions.map((q) => q.prompt)).toEqual([
      'Sikap ASN yang menolak pemberian dari pengguna layanan mencerminkan nilai',
      'Siapa yang menetapkan kebutuhan PPPK secara nasional?',
      'Laporan kinerja PPPK disusun\nsetiap tahun berdasarkan',
    ]);
    expect(problems.map((p) => p.line)).toEqual([20, 27]);
  });
});
