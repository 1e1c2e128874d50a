import { useI18n } from '../../i18n';

/** A figure withheld because it rests on too few cases, with the server's reason in plain words. */
export function Withheld({ reason }: { reason?: string | null }) {
  const { t } = useI18n();
  return (
    <span className="results-withheld">
      {t('results.withheld')}
      {reason && <span className="results-reason">{reason}</span>}
    </span>
  );
}
