// The agency's dashboard: the funnel, pre-test against post-test, the per-unit table, the
// learner list with search and a drill-down, each learner's JP of the year, enrolment and the
// staff import; a unit coordinator gets their unit's report and JP only. A lazy chunk only
// staff load; readable on a phone and printable for the written report.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { useSession } from '../session.js';
import { type AdminCourse, adminApi, type Figures, type Report, type StaffUser } from './api.js';
import { CourseUpload } from './CourseUpload.js';
import { Enrolment } from './Enrolment.js';
import { fmt } from './format.js';
import { JpList } from './JpList.js';
import { Learners, type LearnersProps } from './Learners.js';
import { QuizBank } from './QuizBank.js';
import { StaffImport } from './StaffImport.js';
import './admin.css';

export function Dashboard() {
  const user = useSession((s) => s.user);
  // A coordinator reads their own unit's report, learners and JP; the server refuses them the rest.
  const coordinator = user?.role === 'coordinator';
  const [courses, setCourses] = useState<AdminCourse[]>();
  const [courseId, setCourseId] = useState<string>();
  const [filters, setFilters] = useState({ unit: '', from: '', to: '' });
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  // Bumped after an enrolment, so the report's figures and learner list are fetched again.
  const [enrolments, setEnrolments] = useState(0);
  const [users, setUsers] = useState<StaffUser[]>();
  // What enable/disable answered, so the state shows even if the staff list failed to load.
  const [changed, setChanged] = useState<Record<string, boolean>>({});
  const disabled = useMemo(() => ({ ...Object.fromEntries(users?.map((u) => [u.nip, u.disabled]) ?? []), ...changed }), [users, changed]);

  const loadCourses = useCallback(
    () =>
      adminApi
        .courses()
        .then((list) => {
          setCourses(list);
          setCourseId((id) => id ?? list[0]?.id);
        })
        .catch((e: Error) => setError(e.message)),
    [],
  );
  // The staff list gives the work units to enrol and whether each account is disabled.
  const loadUsers = useCallback(() => adminApi.users().then(setUsers, (e: Error) => setError(e.message)), []);
  useEffect(() => {
    void loadCourses();
    void loadUsers();
  }, [loadCourses, loadUsers]);

  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    return q;
  }, [filters]);

  useEffect(() => {
    if (!courseId) return;
    setError(undefined);
    adminApi
      .report(courseId, query)
      .then(setReport)
      .catch((e: Error) => setError(e.message));
  }, [courseId, query, enrolments]);

  const enrolled = useCallback(() => {
    void loadCourses();
    setEnrolments((n) => n + 1);
  }, [loadCourses]);
  const accountChanged = useCallback((nip: string, off: boolean) => {
    setChanged((map) => ({ ...map, [nip]: off }));
    setUsers((list) => list?.map((u) => (u.nip === nip ? { ...u, disabled: off } : u)));
  }, []);

  if (user?.role !== 'admin' && !coordinator) return <p>Halaman ini hanya untuk admin BKPSDM dan koordinator unit.</p>;
  return (
    <article class="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">Laporan pelatihan</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Kursus
          <select value={courseId} onChange={(e) => setCourseId((e.target as HTMLSelectElement).value)}>
            {courses?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.enrolled} peserta)
              </option>
            ))}
          </select>
        </label>
        {coordinator ? (
          <p class="own-unit">
            Unit kerja: <strong>{user.unit}</strong>
          </p>
        ) : (
          <label>
            Unit kerja
            <select value={filters.unit} onChange={(e) => setFilters({ ...filters, unit: (e.target as HTMLSelectElement).value })}>
              <option value="">Semua unit</option>
              {[...new Set(report?.byUnit.map((u) => u.unit) ?? [])].map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Dari tanggal
          <input
            type="date"
            value={filters.from}
            onChange={(e) => setFilters({ ...filters, from: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          Sampai tanggal
          <input type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: (e.target as HTMLInputElement).value })} />
        </label>
        {courseId && (
          <button type="button" class="secondary" onClick={() => void adminApi.downloadCsv(courseId, query)}>
            Unduh CSV
          </button>
        )}
        <button type="button" class="secondary" onClick={() => window.print()}>
          Cetak
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report && <ReportView report={report} disabled={disabled} onAccountChange={accountChanged} readOnly={coordinator} />}
      <JpList users={users} ownUnit={coordinator ? user.unit : undefined} />
      {!coordinator && (
        <>
          <Enrolment courses={courses} courseId={courseId} users={users} onEnrolled={enrolled} />
          <StaffImport onApplied={loadUsers} />
          <QuizBank />
          <CourseUpload onPublished={loadCourses} />
        </>
      )}
    </article>
  );
}

function ReportView({ report, ...accounts }: { report: Report } & Omit<LearnersProps, 'rows'>) {
  return (
    <>
      <h2>{report.title}</h2>
      <Funnel figures={report} />
      <Learning figures={report} />
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
      <Learners rows={report.learners} {...accounts} />
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
