import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { formatDate, localized, useI18n } from '../i18n';
import { samplingWarnings } from '../lib/stats';

const ServiceRound = graphql(`
  query ServiceRound($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name }
    round(id: $roundId) { id number title { nb nn en } deadline originalDeadline }
    rounds { id number title { nb nn en } }
    submission(serviceId: $serviceId, roundId: $roundId) { id status late deadline revision }
    cases(serviceId: $serviceId, roundId: $roundId) { id number outcome missingCount daysToFirstActivity }
    viewer { canEditForms }
  }
`);

const CreateCase = graphql(`
  mutation CreateCase($serviceId: ID!, $roundId: ID!) { createCase(input: { serviceId: $serviceId, roundId: $roundId }) { id number } }
`);

export const statusColor = (s: string) =>
  (({ ACCEPTED: 'success', SUBMITTED: 'info', RETURNED: 'warning', IN_PROGRESS: 'neutral', NOT_STARTED: 'neutral' }) as const)[s] ?? 'neutral';

export default function ServicePage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: ServiceRound, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  const [created, createCase] = useMutation(CreateCase);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data?.service || !data.round) return null;
  const status = data.submission?.status ?? 'NOT_STARTED';
  const warnings = samplingWarnings(data.cases.map((c) => c.outcome));
  const add = async () => {
    const res = await createCase({ serviceId, roundId });
    if (res.data) navigate(`/tjenester/${serviceId}/runder/${roundId}/saker/${res.data.createCase.id}`);
  };
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{data.service.name}</Heading>
      <nav className="egk-row" aria-label={t('rounds')}>
        {data.rounds.map((r) => (
          <RouterLink key={r.id} to={`/tjenester/${serviceId}/runder/${r.id}`} aria-current={r.id === roundId ? 'page' : undefined}>
            {localized(r.title, lang)}
          </RouterLink>
        ))}
      </nav>
      <Heading level={2} data-size="md">{localized(data.round.title, lang)}</Heading>
      <div className="egk-row">
        <Tag data-color={statusColor(status)}>{t(`status_${status}` as const)}</Tag>
        {data.submission?.late && <Tag data-color="warning">{t('late')}</Tag>}
        <Paragraph>
          {t('deadline')}: {formatDate(data.submission?.deadline ?? data.round.deadline)}
          {data.round.originalDeadline && ` (${t('movedFrom', { date: formatDate(data.round.originalDeadline) })})`}
        </Paragraph>
      </div>
      <Alert data-color="info">
        <Heading level={3} data-size="xs">{t('samplingTitle')}</Heading>
        <Paragraph>{t('samplingText')}</Paragraph>
      </Alert>
      {warnings.map((w) => <Alert key={w} data-color="warning">{t(w)}</Alert>)}
      <Heading level={2} data-size="md">{t('cases')} ({data.cases.length})</Heading>
      <div className="egk-table-wrap" role="region" tabIndex={0} aria-label={t('tableRegion')}>
        <Table>
          <Table.Head>
            <Table.Row><Table.HeaderCell>{t('cases')}</Table.HeaderCell><Table.HeaderCell>{t('status')}</Table.HeaderCell><Table.HeaderCell /></Table.Row>
          </Table.Head>
          <Table.Body>
            {data.cases.map((c) => (
              <Table.Row key={c.id}>
                <Table.Cell>{t('caseNo', { n: c.number })}</Table.Cell>
                <Table.Cell>{c.missingCount === 0 ? t('complete') : t('missing', { n: c.missingCount })}</Table.Cell>
                <Table.Cell><RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/saker/${c.id}`}>{t('openCase')}</RouterLink></Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      {created.error && <Alert data-color="danger">{errorMessage(created.error) ?? t('errorGeneric')}</Alert>}
      <div className="egk-row">
        {data.viewer.canEditForms && <Button onClick={add} disabled={created.fetching}>{t('addCase')}</Button>}
        <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/samleskjema`}>{t('summaryForm')}</RouterLink>
      </div>
    </div>
  );
}
