import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useQuery } from 'urql';
import { Alert, Heading, Link, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDate, localized, useI18n, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TableRegion } from '../../components/TableRegion';
import { usePageTitle } from '../../components/usePageTitle';

const ReportsQuery = graphql(`
  query CountyReportsSideBySide($roundId: ID!) {
    round(id: $roundId) { id number title { nb nn en } }
    countyReportDetails(roundId: $roundId) {
      office { id name { nb nn en } } state submittedAt reportDeadline downloadPath
      serviceCount invitedCount submitted { service { id } } notSubmitted { service { id } }
      wayForward { submitted continue adjust makePermanent notGiven }
      comments { part text }
    }
  }
`);

const PARTS = ['INVITATIONS', 'PARTICIPATION', 'SUBMISSIONS', 'RESULTS', 'NOT_DONE', 'OWN_ACTIVITY', 'GENERAL'] as const;

/** Helsetilsynet's view of every office's county report side by side, comments included. */
export default function CountyReportsPage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('roundtwo.reportsSideBySide'));
  const [{ data, error }] = useQuery({ query: ReportsQuery, variables: { roundId } });
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={3} />;
  if (!data.round) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const reports = data.countyReportDetails;
  const later = data.round.number > 1;
  return (
    <div className="egk-stack">
      <RouterLink to={`/resultater/${roundId}`}>← {t('common.dashboard')}</RouterLink>
      <Heading level={1} data-size="lg">{t('roundtwo.reportsSideBySide')}</Heading>
      <Paragraph>{localized(data.round.title, lang)}. {t('roundtwo.reportsLead')}</Paragraph>
      <TableRegion>
        <Table data-size="sm">
          <caption className="ds-sr-only">{t('roundtwo.reportsSideBySide')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('common.office')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
              <Table.HeaderCell>{t('roundtwo.submittedOf')}</Table.HeaderCell>
              {later && <Table.HeaderCell>{t('roundtwo.way.forward.label')}</Table.HeaderCell>}
              <Table.HeaderCell>{t('common.download')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {reports.map((r) => (
              <Table.Row key={r.office.id}>
                <Table.HeaderCell>{localized(r.office.name, lang)}</Table.HeaderCell>
                <Table.Cell>
                  <Tag data-color={r.state === 'SUBMITTED' ? 'success' : 'neutral'}>{t(`county.report.state.${r.state}` as MessageKey)}</Tag>
                  {r.submittedAt && ` ${formatDate(r.submittedAt)}`}
                </Table.Cell>
                <Table.Cell>{r.submitted.length} / {r.serviceCount}</Table.Cell>
                {later && (
                  <Table.Cell>
                    {t('roundtwo.way.forwardShort', { continue: r.wayForward.continue, adjust: r.wayForward.adjust, permanent: r.wayForward.makePermanent })}
                  </Table.Cell>
                )}
                <Table.Cell><Link href={`${r.downloadPath}.xlsx`}>XLSX</Link> · <Link href={`${r.downloadPath}.html`}>HTML</Link></Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </TableRegion>
      <Heading level={2} data-size="md">{t('roundtwo.reportComments')}</Heading>
      {PARTS.map((p) => {
        const withComment = reports.filter((r) => r.comments.some((c) => c.part === p));
        if (withComment.length === 0) return null;
        return (
          <section key={p} className="egk-stack" aria-labelledby={`comments-${p}`}>
            <Heading level={3} data-size="xs" id={`comments-${p}`}>{t(`common.part.${p}` as MessageKey)}</Heading>
            <TableRegion>
              <Table data-size="sm">
                <Table.Body>
                  {withComment.map((r) => (
                    <Table.Row key={r.office.id}>
                      <Table.HeaderCell>{localized(r.office.name, lang)}</Table.HeaderCell>
                      <Table.Cell className="egk-prose">{r.comments.find((c) => c.part === p)?.text}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </TableRegion>
          </section>
        );
      })}
      {reports.every((r) => r.comments.length === 0) && <Paragraph>{t('roundtwo.noComments')}</Paragraph>}
    </div>
  );
}
