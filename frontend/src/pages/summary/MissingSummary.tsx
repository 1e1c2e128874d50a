import { Link as RouterLink } from 'react-router-dom';
import { ErrorSummary, Paragraph } from '@digdir/designsystemet-react';
import { useI18n } from '../../i18n';

export type MissingPart = { field: string; caseNumber?: number | null; questionCode?: string | null; message: string };

/** Where each missing part is filled in: a case's own page, or a field of the summary form. */
export function missingPartLink(p: MissingPart, base: string, caseIds: ReadonlyMap<number, string>): string {
  if (p.caseNumber != null) {
    const id = caseIds.get(p.caseNumber);
    return id ? `${base}/saker/${id}` : base;
  }
  if (p.field === 'cases') return base;
  return `${base}/samleskjema#summary-${p.field}`;
}

/**
 * Designsystemet's ErrorSummary with a link to each part that must be filled in before the form
 * can be sent (Submission.missingParts: the rule the server applies on submit).
 */
export function MissingSummary({ parts, base, caseIds }: { parts: readonly MissingPart[]; base: string; caseIds: ReadonlyMap<number, string> }) {
  const { t } = useI18n();
  if (parts.length === 0) return <Paragraph role="status">{t('reviewComplete')}</Paragraph>;
  return (
    <ErrorSummary id="missing-parts">
      <ErrorSummary.Heading>{t('reviewMissingTitle')}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {parts.map((p, i) => (
          <ErrorSummary.Item key={i}>
            <ErrorSummary.Link asChild><RouterLink to={missingPartLink(p, base, caseIds)}>{p.message}</RouterLink></ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
