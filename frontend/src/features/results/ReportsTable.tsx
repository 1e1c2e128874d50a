import { Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import type { DashboardOverviewQuery } from '../../gql/graphql';
import { formatDate, localized, useI18n } from '../../i18n';
import { TableRegion } from '../../components/TableRegion';

type Report = DashboardOverviewQuery['countyReports'][number];

const stateColor = { NOT_STARTED: 'neutral', DRAFT: 'info', SUBMITTED: 'success' } as const;

/** Every office's report to Helsetilsynet for the round, the missing ones (past due, not sent) first. */
export function ReportsTable({ reports }: { reports: Report[] }) {
  const { t, lang } = useI18n();
  const missing = reports.filter((r) => r.missing);
  const rows = [...missing, ...reports.filter((r) => !r.missing)];
  return (
    <>
      <Paragraph>{t('results.reportsSummary', { missing: missing.length, total: reports.length })}</Paragraph>
      <TableRegion>
        <Table>
          <caption className="ds-sr-only">{t('common.county.reports')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('common.office')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.deadline')}</Table.HeaderCell>
              <Table.HeaderCell>{t('results.sentOn')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.office.id}>
                <Table.Cell>{localized(r.office.name, lang)}</Table.Cell>
                <Table.Cell>
                  <span className="results-change">
                    <Tag data-color={stateColor[r.state]} data-size="sm">{t(`results.report.state.${r.state}`)}</Tag>
                    {r.missing && <Tag data-color="danger" data-size="sm">{t('common.report.missing')}</Tag>}
                  </span>
                </Table.Cell>
                <Table.Cell className="egk-num">{formatDate(r.reportDeadline)}</Table.Cell>
                <Table.Cell className="egk-num">{r.submittedAt ? formatDate(r.submittedAt) : '–'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </TableRegion>
    </>
  );
}
