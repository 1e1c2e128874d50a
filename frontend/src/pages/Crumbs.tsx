import { Link as RouterLink } from 'react-router-dom';
import { Breadcrumbs } from '@digdir/designsystemet-react';
import { useI18n } from '../i18n';

export type Crumb = { label: string; to?: string };

/** Where the page sits in the caller's own way through the app (Oppfølging › Tjeneste › Samleskjema for an advisor). */
export function Crumbs({ items }: { items: readonly Crumb[] }) {
  const { t } = useI18n();
  const parent = [...items].reverse().find((c) => c.to);
  return (
    <Breadcrumbs aria-label={t('crumbsLabel')} className="egk-noprint">
      {parent?.to && (
        <Breadcrumbs.Link asChild><RouterLink to={parent.to}>{parent.label}</RouterLink></Breadcrumbs.Link>
      )}
      <Breadcrumbs.List>
        {items.map((c, i) => (
          <Breadcrumbs.Item key={i}>
            {c.to ? (
              <Breadcrumbs.Link asChild><RouterLink to={c.to}>{c.label}</RouterLink></Breadcrumbs.Link>
            ) : (
              <span aria-current="page">{c.label}</span>
            )}
          </Breadcrumbs.Item>
        ))}
      </Breadcrumbs.List>
    </Breadcrumbs>
  );
}
