import { lazy } from 'react';
import { Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { formatNumber, useI18n } from '../../i18n';
import { ROW_HEIGHT, boxRows, chartHeight, shortOfficeName, thresholds, type DaysFigures } from '../../lib/dashboard';
import { percent } from '../../lib/stats';
import { ChartSlot, Reserve } from './Reserve';
import { Withheld } from './Withheld';
import { TableRegion } from '../../components/TableRegion';

const DaysChart = lazy(() => import('./DaysChart'));

/** One scope of the days section; `withheld` carries the reason when its figures rest on too few cases. */
export type DaysScope = { key: string; label: string; days: DaysFigures; emphasis?: boolean; withheld?: string | null };

/**
 * Days from report to first investigation activity as a distribution per scope (no legal line: no
 * law sets a deadline for it), with the shares above the analyst's thresholds in a table that
 * carries every figure.
 */
export function DaysSection({ scopeName, scopes, busy }: { scopeName: string; scopes?: DaysScope[]; busy: boolean }) {
  const { t, lang } = useI18n();
  const collected = scopes?.[0] && scopes[0].days.count > 0;
  const shown = scopes?.filter((s) => !s.withheld) ?? [];
  const boxes = boxRows(shown.map((s) => ({ ...s, label: shortOfficeName(s.label) })));
  const limits = thresholds(shown.map((s) => s.days));
  const withheld = (scopes ?? []).filter((s) => s.withheld).map((s) => ({ key: s.key, label: `${shortOfficeName(s.label)} – ${t('results.withheld')}: ${s.withheld}` }));
  return (
    <section aria-labelledby="days" className="egk-stack" aria-busy={busy}>
      <Heading level={2} data-size="md" id="days">{t('common.days')} – {scopeName}</Heading>
      {!scopes ? (
        <Reserve height="36rem" />
      ) : !collected ? (
        <Paragraph>{t('results.days.none')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('results.days.lead')}</Paragraph>
          <Paragraph data-size="sm">{t('results.days.howTo')}</Paragraph>
          <div className="egk-stack">
            <ChartSlot height={chartHeight(boxes.length + withheld.length, ROW_HEIGHT.days)}>
              <DaysChart rows={boxes} withheld={withheld} axisLabel={t('results.days.axis')} />
            </ChartSlot>
            <TableRegion>
              <Table className="results-rows">
                <caption className="ds-sr-only">{t('common.days')} – {scopeName}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('results.area')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('common.cases')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('results.median')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('results.quartiles')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('results.longest')}</Table.HeaderCell>
                    {limits.map((n) => <Table.HeaderCell key={n}>{t('results.above', { n })}</Table.HeaderCell>)}
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {scopes.map((s) => (
                    <Table.Row key={s.key} className={s.emphasis ? 'results-total' : undefined}>
                      <Table.HeaderCell scope="row">{s.label}</Table.HeaderCell>
                      {s.withheld ? (
                        <Table.Cell colSpan={4 + limits.length}><Withheld reason={s.withheld} /></Table.Cell>
                      ) : (
                        <>
                          <Table.Cell className="egk-num">{s.days.count}</Table.Cell>
                          <Table.Cell className="egk-num">{formatNumber(s.days.median, lang)}</Table.Cell>
                          <Table.Cell className="egk-num">{formatNumber(s.days.q1, lang)}–{formatNumber(s.days.q3, lang)}</Table.Cell>
                          <Table.Cell className="egk-num">{formatNumber(s.days.max, lang)}</Table.Cell>
                          {limits.map((n) => {
                            const a = s.days.above.find((x) => x.days === n);
                            return <Table.Cell key={n} className="egk-num">{a ? `${a.count} (${percent(a.share)})` : '–'}</Table.Cell>;
                          })}
                        </>
                      )}
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </TableRegion>
          </div>
        </>
      )}
    </section>
  );
}
