// WARNING: part of the main bundle. Space each downloaded course uses, space left, and
// whether the browser promised to keep our data.
import { useEffect, useState } from 'preact/hooks';
import { freeBytes } from '../courses/storage.js';
import { useLiveQuery } from '../db/live.js';
import { formatBytes } from '../i18n.js';
import { useSession, useTranslate } from '../session.js';
import { db } from '../shared/database.js';

export function StoragePanel() {
  const t = useTranslate();
  const lang = useSession((s) => s.lang);
  const packages = useLiveQuery(() => db.packages.toArray(), []);
  const [free, setFree] = useState<number>();
  const [persisted, setPersisted] = useState<boolean>();
  useEffect(() => {
    void freeBytes().then(setFree);
    void navigator.storage?.persisted?.().then(setPersisted);
  }, [packages?.length]);
  if (!packages?.length) return null;
  return (
    <section class="card storage" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('storage')}</h2>
      <ul>
        {packages.map((p) => (
          <li key={p.courseId}>
            {p.pkg.title}: <strong>{formatBytes(p.bytes, lang)}</strong>
          </li>
        ))}
      </ul>
      {free !== undefined && <p>{t('storageFree', { size: formatBytes(free, lang) })}</p>}
      {persisted !== undefined && <p class="muted">{persisted ? t('storagePersisted') : t('storageNotPersisted')}</p>}
    </section>
  );
}
