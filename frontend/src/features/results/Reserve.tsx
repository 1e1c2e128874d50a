import { Suspense, type ReactNode } from 'react';
import { Skeleton } from '@digdir/designsystemet-react';
import { useI18n } from '../../i18n';

/** Reserve holds the place of something still loading, so the page does not jump when it arrives. */
export function Reserve({ height }: { height: number | string }) {
  const { t } = useI18n();
  return (
    <div role="status" className="results-reserve">
      <span className="ds-sr-only">{t('common.loading')}</span>
      <Skeleton variant="rectangle" height={height} />
    </div>
  );
}

/** ChartSlot waits for a lazily loaded chart in a box of the chart's own height. */
export function ChartSlot({ height, children }: { height: number; children: ReactNode }) {
  return <Suspense fallback={<Reserve height={height} />}>{children}</Suspense>;
}
