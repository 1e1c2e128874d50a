import { AppLink as RouterLink } from '../../components/AppLink';
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
 * One line per case for its unanswered questions ("Sak 3: 22 spørsmål er ikke besvart (1.1, 1.2, …)"),
 * so a new case does not fill the summary with twenty lines; every other part as the server says it.
 */
export function groupMissing(parts: readonly MissingPart[], manyAnswers: (n: number, codes: string) => string): MissingPart[] {
  const out: MissingPart[] = [];
  const answers = new Map<number, MissingPart[]>();
  for (const p of parts) {
    if (p.field === 'answer' && p.caseNumber != null) {
      const list = answers.get(p.caseNumber);
      if (list) {
        list.push(p);
        continue;
      }
      answers.set(p.caseNumber, [p]);
    }
    out.push(p);
  }
  return out.map((p) => {
    const list = p.field === 'answer' && p.caseNumber != null ? answers.get(p.caseNumber) : undefined;
    if (!list || list.length < 2) return p;
    const codes = list.map((x) => x.questionCode ?? '');
    const shown = codes.length > 5 ? `${codes.slice(0, 5).join(', ')}, …` : codes.join(', ');
    return { ...p, message: `${p.message.split(':')[0]}: ${manyAnswers(list.length, shown)}` };
  });
}

/**
 * Designsystemet's ErrorSummary with a link to each part that must be filled in before the form
 * can be sent (Submission.missingParts: the rule the server applies on submit).
 */
export function MissingSummary({ parts, base, caseIds }: { parts: readonly MissingPart[]; base: string; caseIds: ReadonlyMap<number, string> }) {
  const { t } = useI18n();
  if (parts.length === 0) return <Paragraph role="status">{t('leader.review.complete')}</Paragraph>;
  return (
    <ErrorSummary id="missing-parts">
      <ErrorSummary.Heading>{t('leader.review.missingTitle')}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {groupMissing(parts, (n, codes) => t('leader.missingAnswersInCase', { n, codes })).map((p, i) => (
          <ErrorSummary.Item key={i}>
            <ErrorSummary.Link asChild><RouterLink to={missingPartLink(p, base, caseIds)}>{p.message}</RouterLink></ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}
