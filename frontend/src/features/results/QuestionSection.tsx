import { lazy, useId, useState } from 'react';
import { Field, Heading, Label, Paragraph, Select, Table } from '@digdir/designsystemet-react';
import type { DashboardOverviewQuery, DashboardScopeQuery } from '../../gql/graphql';
import { localized, useI18n } from '../../i18n';
import { ROW_HEIGHT, chartHeight, shareWithInterval } from '../../lib/dashboard';
import { percent } from '../../lib/stats';
import { shortTitle, sortChartRows, type ChartOrder } from '../../lib/charts';
import type { QuestionRow } from './QuestionChart';
import { ChartSlot, Reserve } from './Reserve';
import { Legend } from './Legend';
import { Withheld } from './Withheld';
import { TableRegion } from '../../components/TableRegion';

const QuestionChart = lazy(() => import('./QuestionChart'));

type Statistics = DashboardScopeQuery['statistics'];
type National = DashboardOverviewQuery['national']['questions'];

/**
 * Ja, Delvis and Nei per question in the chosen scope, with intervals; when narrowed to an office
 * or county, the national Ja share beside it.
 */
export function QuestionSection({ scopeName, statistics, national, busy }: {
  scopeName: string; statistics?: Statistics; national?: National; busy: boolean;
}) {
  const { t, lang } = useI18n();
  const nationalShare = new Map(national?.map((q) => [q.question.id, q.suppressed ? null : (q.options.yes.share ?? null)]));
  const [order, setOrder] = useState<ChartOrder>('questionnaire');
  const orderId = useId();
  // Every question has a row, with a short title; a withheld one is greyed with its reason.
  const rows: QuestionRow[] = sortChartRows((statistics?.questions ?? []).map((q) => {
    const { share, low, high } = q.options.yes;
    const label = shortTitle(q.question.code, localized(q.question.text, lang));
    const withheld = q.suppressed || share == null || low == null || high == null;
    return withheld
      ? { label, share: null, low: null, high: null, national: null, withheld: `${t('results.withheld')}${q.suppressedReason ? `: ${q.suppressedReason}` : ''}` }
      : { label, share, low, high, national: nationalShare.get(q.question.id) ?? null, withheld: null };
  }), order);
  return (
    <section aria-labelledby="questions" className="egk-stack" aria-busy={busy}>
      <Heading level={2} data-size="md" id="questions">{t('results.questions')} – {scopeName}</Heading>
      {!statistics ? (
        <Reserve height="40rem" />
      ) : (
        <>
          <Paragraph data-size="sm">
            {t('common.cases')}: {statistics.caseCount}
            {statistics.suppressed && statistics.suppressedReason ? ` · ${statistics.suppressedReason}` : ''}
          </Paragraph>
          {rows.some((r) => r.withheld == null) && (
            <>
              {national && (
                <Legend keys={[
                  { label: `${t('common.yesShare')}: ${scopeName}`, shape: 'bar', color: 'current' },
                  { label: t('results.nationalYes'), shape: 'tick', color: 'reference' },
                ]} />
              )}
              <Field className="results-level">
                <Label htmlFor={orderId}>{t('map.chart.order.label')}</Label>
                <Select id={orderId} value={order} onChange={(e) => setOrder(e.target.value as ChartOrder)}>
                  <Select.Option value="questionnaire">{t('map.chart.order.questionnaire')}</Select.Option>
                  <Select.Option value="highest">{t('map.chart.order.highest')}</Select.Option>
                  <Select.Option value="lowest">{t('map.chart.order.lowest')}</Select.Option>
                </Select>
              </Field>
              <ChartSlot height={chartHeight(rows.length, ROW_HEIGHT.shares)}>
                <QuestionChart rows={rows} axisLabel={t('common.yesShare')} />
              </ChartSlot>
            </>
          )}
          <TableRegion>
            <Table>
              <caption className="ds-sr-only">{t('results.questions')} – {scopeName}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.question')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.yesShare')}</Table.HeaderCell>
                  {national && <Table.HeaderCell>{t('results.nationalYes')}</Table.HeaderCell>}
                  <Table.HeaderCell>{t('common.option.PARTLY')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.option.NO')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('results.answers')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {statistics.questions.map((q) => (
                  <Table.Row key={q.question.id}>
                    <Table.Cell><strong>{q.question.code}</strong> {localized(q.question.text, lang)}</Table.Cell>
                    {q.suppressed ? (
                      <Table.Cell colSpan={national ? 5 : 4}><Withheld reason={q.suppressedReason} /></Table.Cell>
                    ) : (
                      <>
                        <Table.Cell className="egk-num">{shareWithInterval(q.options.yes)}</Table.Cell>
                        {national && <Table.Cell className="egk-num">{percent(nationalShare.get(q.question.id))}</Table.Cell>}
                        <Table.Cell className="egk-num">{percent(q.options.partly.share)}</Table.Cell>
                        <Table.Cell className="egk-num">{percent(q.options.no.share)}</Table.Cell>
                        <Table.Cell className="egk-num">{q.options.denominator}</Table.Cell>
                      </>
                    )}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        </>
      )}
    </section>
  );
}
