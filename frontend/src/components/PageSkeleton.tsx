import { Heading, Skeleton } from '@digdir/designsystemet-react';
import { useI18n } from '../i18n';

/**
 * The shape of a page while its data loads: a heading, a line and a few blocks. It keeps the
 * layout from jumping when the data arrives, and tells screen readers that something is loading.
 * It stands for a whole page, so it has the page's one level-one heading (hidden, "Laster …").
 */
export function PageSkeleton({ blocks = 3 }: { blocks?: number }) {
  const { t } = useI18n();
  return (
    <div className="egk-stack" role="status" aria-label={t('common.loading')}>
      <Heading level={1} className="ds-sr-only">{t('common.loading')}</Heading>
      <Skeleton variant="text" width="40%" height="2.5rem" />
      <Skeleton variant="text" width="60%" />
      {Array.from({ length: blocks }, (_, i) => <Skeleton key={i} variant="rectangle" height="8rem" />)}
    </div>
  );
}
