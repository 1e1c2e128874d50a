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
      <Paragraph>{t('resReportsSummary', { missing: missing.length, total: reports.length })}</Paragraph>
      <TableRegion>
        <Table>
          <caption className="ds-sr-only">{t('countyReports')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('office')}</Table.HeaderCell>
              <Table.HeaderCell>{t('status')}</Table.HeaderCell>
              <Table.HeaderCell>{t('deadline')}</Table.HeaderCell>
              <Table.HeaderCell>{t('resSentOn')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.office.id}>
                <Table.Cell>{localized(r.office.name, lang)}</Table.Cell>
                <Table.Cell>
                  <span className="results-change">
                    <Tag data-color={stateColor[r.state]} data-size="sm">{t(`resReportState_${r.state}`)}</Tag>
                    {r.missing && <Tag data-color="danger" data-size="sm">{t('reportMissing')}</Tag>}
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
