// The admin area's sections, each at its own URL under /admin so the back button and a reload
// keep one's place. A coordinator is offered only the sections the server lets them read.

export interface AdminSection {
  slug: string;
  label: string;
  coordinator: boolean;
}

export const SECTIONS: AdminSection[] = [
  { slug: 'laporan', label: 'Laporan', coordinator: true },
  { slug: 'peserta', label: 'Peserta', coordinator: true },
  { slug: 'jp', label: 'JP', coordinator: true },
  { slug: 'pendaftaran', label: 'Pendaftaran', coordinator: false },
  { slug: 'impor', label: 'Impor', coordinator: false },
  { slug: 'kursus', label: 'Kursus', coordinator: false },
  { slug: 'bank-soal', label: 'Bank soal', coordinator: false },
];

export const sectionsFor = (coordinator: boolean) => SECTIONS.filter((s) => s.coordinator || !coordinator);

export function AdminNav({ sections, current }: { sections: AdminSection[]; current: string }) {
  return (
    <nav class="admin-nav" aria-label="Bagian admin">
      <ul>
        {sections.map((s) => (
          <li key={s.slug}>
            <a href={`/admin/${s.slug}`} aria-current={s.slug === current ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
