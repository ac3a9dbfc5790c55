// New passwords, shown once for the operator to hand out: after a staff import and after a reset.
import { useAdminTranslate } from './use-admin-translate.js';

export interface IssuedPassword {
  nip: string;
  name: string;
  unit?: string;
  password: string;
}

export function PasswordTable({ passwords }: { passwords: IssuedPassword[] }) {
  const t = useAdminTranslate();
  const withUnit = passwords.some((p) => p.unit !== undefined);
  return (
    // Words are never broken inside a table, so on a phone it scrolls: focusable, for the keyboard.
    // biome-ignore lint/a11y/useSemanticElements: a scroll container, not a page section
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t('passwordsLabel')}>
      <table class="passwords">
        <thead>
          <tr>
            <th scope="col">{t('passwordsNip')}</th>
            <th scope="col">{t('passwordsName')}</th>
            {withUnit && <th scope="col">{t('passwordsUnit')}</th>}
            <th scope="col">{t('passwordsPassword')}</th>
          </tr>
        </thead>
        <tbody>
          {passwords.map((p) => (
            <tr key={p.nip}>
              <td class="nip">{p.nip}</td>
              <td class="text">{p.name}</td>
              {withUnit && <td class="text">{p.unit}</td>}
              <td>
                <code>{p.password}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
