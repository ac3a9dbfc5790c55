// The report's figures: the funnel, pre-test against post-test, certificates, the per-unit
// table and the survey. Printable for the written report.
import type { Figures, Report } from './api.js';
import { fmt } from './format.js';
import type { AdminKey } from './i18n-admin.js';
import { useAdminTranslate } from './use-admin-translate.js';

export function ReportView({ report }: { report: Report }) {
  const t = useAdminTranslate();
  return (
    <>
      <h2>{report.title}</h2>
      <div class="report-grid">
        <Funnel figures={report} />
        <Learning figures={report} />
      </div>
      <section aria-labelledby="units-title">
        <h2 id="units-title">{t('reportByUnit')}</h2>
        {/* Focusable, so keyboard users can scroll a table wider than the phone (axe: scrollable-region-focusable). */}
        {/* biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard */}
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="units-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reportColUnit')}</th>
                <th scope="col">{t('reportColEnrolled')}</th>
                <th scope="col">{t('reportColStarted')}</th>
                <th scope="col">{t('reportColCompleted')}</th>
                <th scope="col">{t('reportColPre')}</th>
                <th scope="col">{t('reportColPost')}</th>
                <th scope="col">{t('reportColGain')}</th>
                <th scope="col">{t('reportColJp')}</th>
                <th scope="col">{t('reportColCertificates')}</th>
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
                  <td>{u.certificates}</td>
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
  const t = useAdminTranslate();
  const steps: [AdminKey, number][] = [
    ['funnelEnrolled', f.enrolled],
    ['funnelStarted', f.started],
    ['funnelLessonsDone', f.finishedLessons],
    ['funnelTookPost', f.tookPostTest],
    ['funnelPassedPost', f.passedPostTest],
    ['funnelCompleted', f.completed],
  ];
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('funnelTitle')}</h2>
      <ol class="bars">
        {steps.map(([label, n]) => (
          <li key={label}>
            <span class="bar-label">{t(label)}</span>
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
  const t = useAdminTranslate();
  const bands: Record<NonNullable<Figures['normalizedGain']['band']>, AdminKey> = {
    low: 'gainLow',
    medium: 'gainMedium',
    high: 'gainHigh',
  };
  return (
    <section aria-labelledby="learning-title">
      <h2 id="learning-title">{t('learningTitle')}</h2>
      <ol class="bars">
        <li>
          <span class="bar-label">{t('learningPre', { n: f.preTest.n })}</span>
          <span class="hbar pre" style={{ width: `${f.preTest.mean ?? 0}%` }} />
          <span class="bar-value">{fmt(f.preTest.mean)}</span>
        </li>
        <li>
          <span class="bar-label">{t('learningPost', { n: f.postTest.n })}</span>
          <span class="hbar post" style={{ width: `${f.postTest.mean ?? 0}%` }} />
          <span class="bar-value">{fmt(f.postTest.mean)}</span>
        </li>
      </ol>
      <dl class="stats">
        <div>
          <dt>{t('gainPerLearner', { n: f.normalizedGain.n })}</dt>
          <dd>
            {fmt(f.normalizedGain.mean, 2)} {f.normalizedGain.band && `(${t(bands[f.normalizedGain.band])})`}
          </dd>
        </div>
        <div>
          <dt>{t('gainOfMeans', { n: f.normalizedGainOfMeans.n })}</dt>
          <dd>
            {fmt(f.normalizedGainOfMeans.value, 2)} {f.normalizedGainOfMeans.band && `(${t(bands[f.normalizedGainOfMeans.band])})`}
          </dd>
        </div>
        <div>
          <dt>{t('jpAwarded')}</dt>
          <dd>{f.jpAwarded}</dd>
        </div>
        <div>
          <dt>{t('reportCertificates')}</dt>
          <dd>{f.certificates}</dd>
        </div>
        <div>
          <dt>{t('studyHours')}</dt>
          <dd>{fmt(f.studyHours)}</dd>
        </div>
      </dl>
      {f.normalizedGain.excludedPreTest100 > 0 && <p class="muted">{t('gainExcluded', { n: f.normalizedGain.excludedPreTest100 })}</p>}
    </section>
  );
}

function Survey({ figures: f }: { figures: Figures }) {
  const t = useAdminTranslate();
  if (f.survey.responses === 0) return null;
  return (
    <section aria-labelledby="survey-title">
      <h2 id="survey-title">{t('reportSurvey', { n: f.survey.responses })}</h2>
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
