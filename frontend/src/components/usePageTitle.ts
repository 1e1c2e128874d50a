import { useEffect } from 'react';
import { useI18n } from '../i18n';

/**
 * Names the browser tab after the page (WCAG 2.4.2): a person with many tabs, or a screen reader
 * announcing a navigation, hears where they are. The app's name comes last.
 */
export function usePageTitle(title: string | null | undefined) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = title ? `${title} – ${t('common.appName')}` : t('common.appName');
  }, [title, t]);
}
