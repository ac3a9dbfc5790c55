// The report's figures: the funnel, pre-test against post-test, the per-unit table and the
// survey. Printable for the written report.
import type { Figures, Report } from './api.js';
import { fmt } from './format.js';

export function ReportView({ report }: { report: Report }) {
  return (
    <>
      <h2>{report.title}</h2>
      <div class="report-grid">
        <Funnel figures={report} />
        <Learning figures={report} />
      </div>
      <section aria-labelledby="units-title">
        <h2 id="units-title">Per unit kerja</h2>
        {/* Focusable, so keyboard users can scroll a table wider than the phone (axe: scrollable-region-focusable). */}
        {/* biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard */}
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="units-title">
          <table>
            <thead>
              <tr>
                <th scope="col">Unit</th>
                <th scope="col">Terdaftar</th>
                <th scope="col">Mulai</th>
                <th scope="col">Selesai</th>
                <th scope="col">Pre-test</th>
                <th scope="col">Post-test</th>
                <th scope="col">Gain (g)</th>
                <th scope="col">JP</th>
              </tr>
            </thead>
            <tbody>
              {report.byUnit.map((u) => (
                <tr key={u.unit}>
                  <th scope="row">{u.unit}</th>
                  <td>{u.enrolled}</td>
                  <td>{u.started}</td>
                  <td>{u.completed}</td>
                  <td>{fmt(u.preTest.mean)}</td>
                  <td>{fmt(u.postTest.mean)}</td>
                  <td>{fmt(u.normalizedGain.mean, 2)}</td>
                  <td>{u.jpAwarded}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <Survey figures={report} />
    </>
  );
}

function Funnel({ figures: f }: { figures: Figures }) {
  const steps: [string, number][] = [
    ['Terdaftar', f.enrolled],
    ['Mulai belajar', f.started],
    ['Semua pelajaran selesai', f.finishedLessons],
    ['Mengerjakan post-test', f.tookPostTest],
    ['Lulus post-test', f.passedPostTest],
    ['Selesai', f.completed],
  ];
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">Corong peserta</h2>
      <ol class="bars">
        {steps.map(([label, n]) => (
          <li key={label}>
            <span class="bar-label">{label}</span>
            <span class="hbar" style={{ width: `${f.enrolled ? (100 * n) / f.enrolled : 0}%` }} />
            <span class="bar-value">
              {n} ({f.enrolled ? Math.round((100 * n) / f.enrolled) : 0}%)
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Learning({ figures: f }: { figures: Figures }) {
  const bands: Record<string, string> = { low: 'rendah', medium: 'sedang', high: 'tinggi' };
  return (
    <section aria-labelledby="learning-title">
      <h2 id="learning-title">Pre-test dan post-test</h2>
      <ol class="bars">
        <li>
          <span class="bar-label">Pre-test (n = {f.preTest.n})</span>
          <span class="hbar pre" style={{ width: `${f.preTest.mean ?? 0}%` }} />
          <span class="bar-value">{fmt(f.preTest.mean)}</span>
        </li>
        <li>
          <span class="bar-label">Post-test (n = {f.postTest.n})</span>
          <span class="hbar post" style={{ width: `${f.postTest.mean ?? 0}%` }} />
          <span class="bar-value">{fmt(f.postTest.mean)}</span>
        </li>
      </ol>
      <dl class="stats">
        <div>
          <dt>Gain ternormalisasi, rata-rata per peserta (n = {f.normalizedGain.n})</dt>
          <dd>
            {fmt(f.normalizedGain.mean, 2)} {f.normalizedGain.band && `(${bands[f.normalizedGain.band]})`}
          </dd>
        </div>
        <div>
          <dt>Gain dari rata-rata kelas (n = {f.normalizedGainOfMeans.n})</dt>
          <dd>
            {fmt(f.normalizedGainOfMeans.value, 2)} {f.normalizedGainOfMeans.band && `(${bands[f.normalizedGainOfMeans.band]})`}
          </dd>
        </div>
        <div>
          <dt>JP diberikan</dt>
          <dd>{f.jpAwarded}</dd>
        </div>
        <div>
          <dt>Jam belajar</dt>
          <dd>{fmt(f.studyHours)}</dd>
        </div>
      </dl>
      {f.normalizedGain.excludedPreTest100 > 0 && (
        <p class="muted">{f.normalizedGain.excludedPreTest100} peserta dengan pre-test 100 tidak dihitung dalam gain per peserta.</p>
      )}
    </section>
  );
}

function Survey({ figures: f }: { figures: Figures }) {
  if (f.survey.responses === 0) return null;
  return (
    <section aria-labelledby="survey-title">
      <h2 id="survey-title">Survei reaksi ({f.survey.responses} responden)</h2>
      <ul>
        {f.survey.questions
          .filter((q) => q.type === 'likert')
          .map((q) => (
            <li key={q.id}>
              {q.prompt}: <strong>{fmt(q.mean, 2)}</strong> / 5
            </li>
          ))}
      </ul>
    </section>
  );
}
