import { Table, Tag } from '@digdir/designsystemet-react';
import type { DashboardOverviewQuery, DashboardScopeQuery } from '../../gql/graphql';
import { formatNumber, useI18n, type MessageKey } from '../../i18n';
import { isSent, shareWithInterval, sortRows } from '../../lib/dashboard';
import { Withheld } from './Withheld';
import { TableRegion } from '../../components/TableRegion';

type Entry = DashboardOverviewQuery['funnel']['entries'][number];
type Stats = NonNullable<DashboardScopeQuery['services']>[number];

/**
 * The third level of the drill-down: every service of the chosen office or county with its form's
 * status, and, for those that sent in, cases, Ja share and median days; figures on too few cases
 * are withheld with the reason.
 */
export function ServicesTable({ entries, stats, busy }: { entries: Entry[]; stats: Stats[]; busy: boolean }) {
  const { t, lang } = useI18n();
  const byService = new Map(stats.map((s) => [s.service?.id, s]));
  const rows = sortRows(entries, (e) => e.service.name, 'ascending');
  return (
    <TableRegion busy={busy}>
      <Table>
        <caption className="ds-sr-only">{t('common.services')}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('common.service')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.cases')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.yesShare')}</Table.HeaderCell>
            <Table.HeaderCell>{t('results.medianDays')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.length === 0 && (
            <Table.Row><Table.Cell colSpan={5}>{t('results.noServices')}</Table.Cell></Table.Row>
          )}
          {rows.map((e) => {
            const s = byService.get(e.service.id);
            return (
              <Table.Row key={e.service.id}>
                <Table.Cell>{e.service.name}</Table.Cell>
                <Table.Cell>
                  <Tag data-color={isSent(e.status) ? 'success' : 'neutral'} data-size="sm">{t(`common.status.${e.status}` as MessageKey)}</Tag>
                </Table.Cell>
                <Table.Cell className="egk-num">{s ? s.caseCount : '–'}</Table.Cell>
                {s?.suppressed ? (
                  <Table.Cell colSpan={2}><Withheld reason={s.suppressedReason} /></Table.Cell>
                ) : (
                  <>
                    <Table.Cell className="egk-num">{s ? shareWithInterval(s.overall.yes) : '–'}</Table.Cell>
                    <Table.Cell className="egk-num">{formatNumber(s?.daysToFirstActivity.median, lang)}</Table.Cell>
                  </>
                )}
              </Table.Row>
            );
          })}
        </Table.Body>
      </Table>
    </TableRegion>
  );
}
