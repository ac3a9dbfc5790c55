// The agency's dashboard, one section per URL (/admin/laporan, /admin/peserta, …): the report,
// the learner list with search and a drill-down, each learner's JP of the year, certificates,
// enrolment, the staff import, course upload, question banks and sessions; a unit coordinator
// gets their unit's report, learners, JP and certificates, read-only, and their unit's
// sessions. /admin/sessions/:id is the facilitator's check-in screen. A lazy chunk only staff
// load; laid out for an office monitor, usable on a phone, and printable for the written report.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { lazy } from 'preact-iso';
import { useSession } from '../session.js';
import { AdminNav, sectionsFor } from './AdminNav.js';
import { type AdminCourse, adminApi, type Report, type StaffUser } from './api.js';
import { Certificates } from './Certificates.js';
import { CourseUpload } from './CourseUpload.js';
import { DateField } from './DateField.js';
import { Enrolment } from './Enrolment.js';
import { JpList } from './JpList.js';
import { Learners } from './Learners.js';
import { QuizBank } from './QuizBank.js';
import { ReportView } from './Report.js';
import { Sessions } from './Sessions.js';
import { StaffImport } from './StaffImport.js';
import { useAdminTranslate } from './use-admin-translate.js';
import './admin.css';

// A chunk of its own: the QR and the TOTP code are only the facilitator's, and the main
// bundle's preload list for this chunk stays as it was. Opened once with a signal, the
// browser's cache keeps it for a reload with none (docs/sessions.md).
const CheckIn = lazy(() => import('./CheckIn.js').then((m) => m.CheckIn));

/**
 * `section` is the rest of the path after /admin/ (the route's `/admin/:section*`): a section's
 * slug, or `sessions/<id>` for a check-in screen. None, or one not offered, opens the report.
 */
export function Dashboard({ section }: { section?: string }) {
  const checkIn = /^sessions\/([^/]+)$/.exec(section ?? '');
  // The check-in screen stands alone: it must open with no signal, so it loads none of the rest.
  return checkIn ? <CheckIn id={checkIn[1]!} /> : <AdminArea section={section} />;
}

function AdminArea({ section }: { section?: string | undefined }) {
  const t = useAdminTranslate();
  const user = useSession((s) => s.user);
  const lang = useSession((s) => s.lang);
  // A coordinator reads their own unit's report, learners and JP; the server refuses them the rest.
  const coordinator = user?.role === 'coordinator';
  const sections = sectionsFor(coordinator);
  const current = sections.find((s) => s.slug === section)?.slug ?? 'laporan';
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

  // A range that ends before it starts is named, and the report keeps its last good range.
  const reversed = !!filters.from && !!filters.to && filters.to < filters.from;
  useEffect(() => {
    if (!courseId || reversed) return;
    setError(undefined);
    adminApi
      .report(courseId, query)
      .then(setReport)
      .catch((e: Error) => setError(e.message));
  }, [courseId, query, enrolments, reversed]);

  const enrolled = useCallback(() => {
    void loadCourses();
    setEnrolments((n) => n + 1);
  }, [loadCourses]);
  const accountChanged = useCallback((nip: string, off: boolean) => {
    setChanged((map) => ({ ...map, [nip]: off }));
    setUsers((list) => list?.map((u) => (u.nip === nip ? { ...u, disabled: off } : u)));
  }, []);

  if (user?.role !== 'admin' && !coordinator) return <p>{t('adminOnly')}</p>;
  const reportFilters = (
    <form class="filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('filterCourse')}
        <select value={courseId} onChange={(e) => setCourseId((e.target as HTMLSelectElement).value)}>
          {courses?.map((c) => (
            <option key={c.id} value={c.id}>
              {t('enrolCourseOption', { title: c.title, n: c.enrolled })}
            </option>
          ))}
        </select>
      </label>
      {coordinator ? (
        <p class="own-unit">
          {t('filterUnit')}: <strong>{user.unit}</strong>
        </p>
      ) : (
        <label>
          {t('filterUnit')}
          <select value={filters.unit} onChange={(e) => setFilters({ ...filters, unit: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('filterAllUnits')}</option>
            {[...new Set(report?.byUnit.map((u) => u.unit) ?? [])].map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </label>
      )}
      <DateField label={t('filterFrom')} value={filters.from} onChange={(from) => setFilters((f) => ({ ...f, from }))} lang={lang} />
      <DateField label={t('filterTo')} value={filters.to} onChange={(to) => setFilters((f) => ({ ...f, to }))} lang={lang} />
      {reversed && (
        <p class="error" role="alert">
          {t('filterReversed')}
        </p>
      )}
      {courseId && !reversed && (
        <button type="button" class="secondary" onClick={() => void adminApi.downloadCsv(courseId, query)}>
          {t('downloadCsv')}
        </button>
      )}
      <button type="button" class="secondary" onClick={() => window.print()}>
        {t('print')}
      </button>
    </form>
  );
  return (
    <article class="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('adminTitle')}</h1>
      <AdminNav sections={sections} current={current} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {current === 'laporan' && (
        <>
          {reportFilters}
          {report && <ReportView report={report} />}
        </>
      )}
      {current === 'peserta' && (
        <>
          {reportFilters}
          {report && <Learners rows={report.learners} disabled={disabled} onAccountChange={accountChanged} readOnly={coordinator} />}
        </>
      )}
      {current === 'jp' && <JpList users={users} ownUnit={coordinator ? user.unit : undefined} />}
      {current === 'sertifikat' && (
        <Certificates courses={courses} users={users} canRevoke={!coordinator} {...(coordinator ? { ownUnit: user.unit } : {})} />
      )}
      {current === 'pendaftaran' && <Enrolment courses={courses} courseId={courseId} users={users} onEnrolled={enrolled} />}
      {current === 'impor' && <StaffImport onApplied={loadUsers} />}
      {current === 'kursus' && <CourseUpload onPublished={loadCourses} />}
      {current === 'bank-soal' && <QuizBank />}
      {current === 'sesi' && <Sessions courses={courses} users={users} ownUnit={coordinator ? user.unit : undefined} />}
    </article>
  );
}
