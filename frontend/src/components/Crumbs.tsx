import { Link as RouterLink } from 'react-router-dom';
import { useI18n } from '../i18n';

export type Crumb = { label: string; to: string };

/**
 * Where the page sits in the caller's own way through the app (Oppfølging › Tjeneste › Samleskjema
 * for an advisor). The last crumb is the page itself. Drawn with Designsystemet's breadcrumbs
 * styles (on a narrow screen only a link back to the level above), in a plain <nav>: the
 * <ds-breadcrumbs> element drops its name after the window has been narrow once.
 */
export function Crumbs({ items }: { items: readonly Crumb[] }) {
  const { t } = useI18n();
  const parent = items.length > 1 ? items[items.length - 2] : undefined;
  return (
    <nav className="ds-breadcrumbs egk-noprint" aria-label={t('leader.crumbsLabel')}>
      {parent && <RouterLink className="ds-link" to={parent.to}>{parent.label}</RouterLink>}
      <ol>
        {items.map((c, i) => (
          <li key={i}>
            <RouterLink className="ds-link" to={c.to} aria-current={i === items.length - 1 ? 'page' : undefined}>{c.label}</RouterLink>
          </li>
        ))}
      </ol>
    </nav>
  );
}
