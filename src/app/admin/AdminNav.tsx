// The admin area's sections, each at its own URL under /admin so the back button and a reload
// keep one's place. A coordinator is offered only the sections the server lets them read.
// The slugs stay Indonesian in every language; only the labels are translated.
import type { AdminKey } from './i18n-admin.js';
import { useAdminTranslate } from './use-admin-translate.js';

export interface AdminSection {
  slug: string;
  label: AdminKey;
  coordinator: boolean;
}

export const SECTIONS: AdminSection[] = [
  { slug: 'laporan', label: 'sectionReport', coordinator: true },
  { slug: 'peserta', label: 'sectionLearners', coordinator: true },
  { slug: 'jp', label: 'sectionJp', coordinator: true },
  { slug: 'sertifikat', label: 'sectionCertificates', coordinator: true },
  { slug: 'sesi', label: 'sectionSessions', coordinator: true },
  { slug: 'pendaftaran', label: 'sectionEnrolment', coordinator: false },
  { slug: 'impor', label: 'sectionImport', coordinator: false },
  { slug: 'kursus', label: 'sectionCourses', coordinator: false },
  { slug: 'bank-soal', label: 'sectionQuizBank', coordinator: false },
];

export const sectionsFor = (coordinator: boolean) => SECTIONS.filter((s) => s.coordinator || !coordinator);

export function AdminNav({ sections, current }: { sections: AdminSection[]; current: string }) {
  const t = useAdminTranslate();
  return (
    <nav class="admin-nav" aria-label={t('adminSections')}>
      <ul>
        {sections.map((s) => (
          <li key={s.slug}>
            <a href={`/admin/${s.slug}`} aria-current={s.slug === current ? 'page' : undefined}>
              {t(s.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
