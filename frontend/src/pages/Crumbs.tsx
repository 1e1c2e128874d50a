import { Link as RouterLink } from 'react-router-dom';
import { Breadcrumbs } from '@digdir/designsystemet-react';
import { useI18n } from '../i18n';

export type Crumb = { label: string; to: string };

/**
 * Where the page sits in the caller's own way through the app (Oppfølging › Tjeneste › Samleskjema
 * for an advisor). The last crumb is the page itself: Designsystemet's breadcrumbs mark the last
 * link as the current page, and on a narrow screen show only a link back to the one before it.
 */
export function Crumbs({ items }: { items: readonly Crumb[] }) {
  const { t } = useI18n();
  const parent = items.length > 1 ? items[items.length - 2] : undefined;
  return (
    <Breadcrumbs aria-label={t('crumbsLabel')} className="egk-noprint">
      {parent && (
        <Breadcrumbs.Link asChild><RouterLink to={parent.to}>{parent.label}</RouterLink></Breadcrumbs.Link>
      )}
      <Breadcrumbs.List>
        {items.map((c, i) => (
          <Breadcrumbs.Item key={i}>
            <Breadcrumbs.Link asChild><RouterLink to={c.to}>{c.label}</RouterLink></Breadcrumbs.Link>
          </Breadcrumbs.Item>
        ))}
      </Breadcrumbs.List>
    </Breadcrumbs>
  );
}
