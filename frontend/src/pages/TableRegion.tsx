import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * A table that scrolls sideways inside its own region on a narrow screen, so the page never does.
 * The region is focusable and named, so keyboard users can scroll it and screen readers announce it.
 */
export function TableRegion({ label, busy, children }: { label?: string; busy?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="egk-table-wrap" role="region" tabIndex={0} aria-label={label ? `${label}. ${t('tableRegion')}` : t('tableRegion')} aria-busy={busy}>
      {children}
    </div>
  );
}
