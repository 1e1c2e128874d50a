import { Link as RouterLink, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { Alert, Heading, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { localized, useI18n } from '../i18n';
import { percent } from '../lib/stats';

const DashboardQuery = graphql(`
  query Dashboard($roundId: ID!) {
    rounds { id title { nb nn en } }
    statisticsBreakdown(roundId: $roundId, by: OFFICE) {
      office { id name { nb nn en } } serviceCount caseCount suppressed
      overall { yes { share low high } denominator }
    }
    countyReports(roundId: $roundId) { office { id name { nb nn en } } state missing }
  }
`);

export default function DashboardPage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }] = useQuery({ query: DashboardQuery, variables: { roundId } });
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data) return null;
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('dashboard')}</Heading>
      <nav className="egk-row" aria-label={t('rounds')}>
        {data.rounds.map((r) => (
          <RouterLink key={r.id} to={`/resultater/${r.id}`} aria-current={r.id === roundId ? 'page' : undefined}>{localized(r.title, lang)}</RouterLink>
        ))}
      </nav>
      <div className="egk-table-wrap">
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('office')}</Table.HeaderCell><Table.HeaderCell>{t('services')}</Table.HeaderCell>
              <Table.HeaderCell>{t('cases')}</Table.HeaderCell><Table.HeaderCell>{t('yesShare')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.statisticsBreakdown.map((s) => (
              <Table.Row key={s.office?.id}>
                <Table.Cell>{localized(s.office?.name, lang)}</Table.Cell>
                <Table.Cell>{s.serviceCount}</Table.Cell>
                <Table.Cell>{s.caseCount}</Table.Cell>
                <Table.Cell>{percent(s.overall.yes.share)} ({percent(s.overall.yes.low)}–{percent(s.overall.yes.high)})</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <Heading level={2} data-size="md">{t('countyReports')}</Heading>
      <div className="egk-row">
        {data.countyReports.map((r) => (
          <Tag key={r.office.id} data-color={r.state === 'SUBMITTED' ? 'success' : r.missing ? 'danger' : 'neutral'}>
            {localized(r.office.name, lang)}: {r.state === 'SUBMITTED' ? t('status_SUBMITTED') : r.missing ? t('reportMissing') : t('status_IN_PROGRESS')}
          </Tag>
        ))}
      </div>
    </div>
  );
}
