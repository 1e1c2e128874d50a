import { useState } from 'react';
import { AppLink as RouterLink } from '../../components/AppLink';
import { Table } from '@digdir/designsystemet-react';
import type { DashboardOverviewQuery } from '../../gql/graphql';
import { useI18n, type MessageKey } from '../../i18n';
import { drillSearch, shareWithInterval, sortRows, type Level, type SortDir } from '../../lib/dashboard';
import { Withheld } from './Withheld';
import { TableRegion } from '../../components/TableRegion';

/** One office or county: its services' completeness (from the funnel) and its figures, if any were sent in. */
export type Group = { id: string; name: string; sent: number; total: number; stats: DashboardOverviewQuery['groups'][number] | null };

type SortKey = 'name' | 'sent' | 'cases' | 'yes';
const columns: { key: SortKey; label: (by: Level) => MessageKey }[] = [
  { key: 'name', label: (by) => (by === 'OFFICE' ? 'common.office' : 'common.county.label') },
  { key: 'sent', label: () => 'common.completeness' },
  { key: 'cases', label: () => 'common.cases' },
  { key: 'yes', label: () => 'common.yesShare' },
];
const sortValue: Record<SortKey, (g: Group) => string | number | null | undefined> = {
  name: (g) => g.name,
  sent: (g) => (g.total ? g.sent / g.total : null),
  cases: (g) => g.stats?.caseCount,
  yes: (g) => (g.stats?.suppressed ? null : g.stats?.overall.yes.share),
};

/**
 * Every office (or county) with how many of its services have sent in, shown as a bar, and its
 * cases and Ja share. The names drill down; the headers sort, as analysts are used to from Excel.
 */
export function GroupTable({ by, groups, chosenId, busy }: { by: Level; groups: Group[]; chosenId: string | null; busy: boolean }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'name', dir: 'ascending' });
  const rows = sortRows(groups, sortValue[sort.key], sort.dir);
  // A new column sorts names A–Å and figures largest first; the same column again turns the order.
  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: key === 'name' ? 'ascending' : 'descending' }));
  return (
    <TableRegion busy={busy}>
      <Table hover>
        <caption className="ds-sr-only">{t(`results.groups.${by}`)}</caption>
        <Table.Head>
          <Table.Row>
            {columns.map((c) => (
              <Table.HeaderCell key={c.key} sort={sort.key === c.key ? sort.dir : 'none'} onClick={() => toggle(c.key)}>
                {t(c.label(by))}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((g) => (
            <Table.Row key={g.id} className={g.id === chosenId ? 'results-chosen' : undefined}>
              <Table.Cell>
                <RouterLink to={drillSearch({ by, id: g.id })} aria-current={g.id === chosenId ? 'true' : undefined}>{g.name}</RouterLink>
              </Table.Cell>
              <Table.Cell className="egk-num">
                <span className="results-progress" aria-hidden="true">
                  <span style={{ width: `${g.total ? (100 * g.sent) / g.total : 0}%` }} />
                </span>
                {t('results.sentOf', { sent: g.sent, total: g.total })}
              </Table.Cell>
              <Table.Cell className="egk-num">{g.stats?.caseCount ?? 0}</Table.Cell>
              <Table.Cell className="egk-num">
                {g.stats?.suppressed ? <Withheld reason={g.stats.suppressedReason} /> : shareWithInterval(g.stats?.overall.yes ?? {})}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </TableRegion>
  );
}
