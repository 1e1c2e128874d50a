import { Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { formatDate, useI18n } from '../i18n';
import { percent } from '../lib/stats';
import { TableRegion } from './TableRegion';

type Share = { share?: number | null };
type Question = { question: { code: string }; suppressed: boolean; options: { yes: Share; partly: Share; no: Share; denominator: number } };
export type Column = { label: string; suppressed: boolean; questions: readonly Question[] } | null | undefined;

/**
 * Published figures as benchmarks beside one's own (document 002: Helsetilsynet shares statistics at
 * national and county level): Ja / Delvis / Nei per question in each column; withheld figures say so.
 */
export function BenchmarkTable({ own, columns, publishedAt }: {
  own: { label: string; questions: readonly { code: string; yesShare?: number | null; partlyShare?: number | null; noShare?: number | null }[] };
  columns: readonly Column[];
  publishedAt: string;
}) {
  const { t } = useI18n();
  const shown = columns.filter((c): c is NonNullable<Column> => !!c);
  const cell = (c: NonNullable<Column>, code: string) => {
    if (c.suppressed) return t('results.withheld');
    const q = c.questions.find((x) => x.question.code === code);
    if (!q || q.suppressed) return t('results.withheld');
    if (!q.options.denominator) return '–';
    return `${percent(q.options.yes.share)} / ${percent(q.options.partly.share)} / ${percent(q.options.no.share)}`;
  };
  return (
    <section className="egk-stack" aria-labelledby="benchmarks">
      <Heading level={2} data-size="md" id="benchmarks">{t('roundtwo.benchmarks')}</Heading>
      <Paragraph data-size="sm">{t('roundtwo.benchmarksHelp', { date: formatDate(publishedAt) })}</Paragraph>
      <TableRegion>
        <Table data-size="sm">
          <caption className="ds-sr-only">{t('roundtwo.benchmarks')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('common.question')}</Table.HeaderCell>
              <Table.HeaderCell>{own.label}</Table.HeaderCell>
              {shown.map((c) => <Table.HeaderCell key={c.label}>{c.label}</Table.HeaderCell>)}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {own.questions.map((q) => (
              <Table.Row key={q.code}>
                <Table.Cell>{q.code}</Table.Cell>
                <Table.Cell>{q.yesShare == null ? '–' : `${percent(q.yesShare)} / ${percent(q.partlyShare)} / ${percent(q.noShare)}`}</Table.Cell>
                {shown.map((c) => <Table.Cell key={c.label}>{cell(c, q.code)}</Table.Cell>)}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </TableRegion>
    </section>
  );
}
