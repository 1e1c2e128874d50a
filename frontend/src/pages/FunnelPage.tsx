import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Alert, Button, Field, Heading, Label, Paragraph, Select, Table, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { graphql } from '../gql';
import type { FunnelSort, FunnelStage } from '../gql/graphql';
import { errorMessage } from '../api';
import { formatDate, useI18n, type MessageKey } from '../i18n';
import { statusColor } from './ServicePage';
import { FollowUpForms } from './FollowUpForms';

const FunnelQuery = graphql(`
  query FunnelPage($roundId: ID!, $officeId: ID, $stages: [FunnelStage!], $sort: FunnelSort) {
    funnel(roundId: $roundId, filter: { officeId: $officeId, stages: $stages }, sort: $sort) {
      counts { stage count } overdueCount
      entries { service { id name } stage status deadline overdue late reminderCount }
    }
  }
`);

const Remind = graphql(`
  mutation Remind($officeId: ID!, $roundId: ID!, $serviceId: ID!, $message: String!) {
    recordFollowUp(input: { officeId: $officeId, roundId: $roundId, kind: REMINDER, serviceIds: [$serviceId], note: $message, message: $message }) { id }
  }
`);

const StatusChanged = graphql(`
  subscription FunnelStatus($roundId: ID!, $officeId: ID) { submissionStatusChanged(roundId: $roundId, officeId: $officeId) { status } }
`);

export default function FunnelPage({ officeId }: { officeId?: string }) {
  const { roundId = '' } = useParams();
  const { t } = useI18n();
  const [stage, setStage] = useState<FunnelStage | ''>('');
  const [sort, setSort] = useState<FunnelSort>('STAGE');
  const [{ data, error }, refetch] = useQuery({
    query: FunnelQuery, variables: { roundId, officeId, stages: stage ? [stage] : null, sort }, requestPolicy: 'cache-and-network',
  });
  const [reminded, remind] = useMutation(Remind);
  // Counts change for everyone watching when a service submits.
  useSubscription({ query: StatusChanged, variables: { roundId, officeId } }, (_, event) => {
    refetch({ requestPolicy: 'network-only' });
    return event;
  });
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data) return null;
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('funnel')}</Heading>
      <Paragraph data-size="sm">{t('live')}</Paragraph>
      <div className="egk-row" aria-label={t('stage')}>
        {data.funnel.counts.map((c) => (
          <Tag key={c.stage}>{t(`stage_${c.stage}` as MessageKey)}: {c.count}</Tag>
        ))}
        <Tag data-color="danger">{t('overdue')}: {data.funnel.overdueCount}</Tag>
      </div>
      <div className="egk-row">
        <Field>
          <Label htmlFor="stage-filter">{t('filterStage')}</Label>
          <Select id="stage-filter" value={stage} onChange={(e) => setStage(e.target.value as FunnelStage | '')}>
            <Select.Option value="">{t('allStages')}</Select.Option>
            {data.funnel.counts.map((c) => <Select.Option key={c.stage} value={c.stage}>{t(`stage_${c.stage}` as MessageKey)}</Select.Option>)}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="sort">{t('sortBy')}</Label>
          <Select id="sort" value={sort} onChange={(e) => setSort(e.target.value as FunnelSort)}>
            {(['NAME', 'STAGE', 'DEADLINE'] as const).map((s) => <Select.Option key={s} value={s}>{t(`sort_${s}`)}</Select.Option>)}
          </Select>
        </Field>
        {officeId && <RouterLink to={`/oppfolging/${roundId}/rapport`}>{t('countyReport')}</RouterLink>}
      </div>
      {officeId && (
        <FollowUpForms officeId={officeId} roundId={roundId} onDone={() => refetch({ requestPolicy: 'network-only' })}
          services={data.funnel.entries.map((e) => ({ id: e.service.id, name: e.service.name, stage: e.stage }))} />
      )}
      {reminded.data && <Alert data-color="success" role="status">{t('reminderSent')}</Alert>}
      {reminded.error && <Alert data-color="danger">{errorMessage(reminded.error) ?? t('errorGeneric')}</Alert>}
      <div className="egk-table-wrap" role="region" tabIndex={0} aria-label={t('tableRegion')}>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('service')}</Table.HeaderCell><Table.HeaderCell>{t('stage')}</Table.HeaderCell>
              <Table.HeaderCell>{t('status')}</Table.HeaderCell><Table.HeaderCell>{t('deadline')}</Table.HeaderCell>
              <Table.HeaderCell><span className="ds-sr-only">{t('sendReminder')}</span></Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.funnel.entries.map((e) => (
              <Table.Row key={e.service.id}>
                <Table.Cell>
                  <RouterLink to={`/tjenester/${e.service.id}/runder/${roundId}/samleskjema`}>{e.service.name}</RouterLink>
                </Table.Cell>
                <Table.Cell>{t(`stage_${e.stage}` as MessageKey)}</Table.Cell>
                <Table.Cell>
                  <Tag data-color={statusColor(e.status)}>{t(`status_${e.status}`)}</Tag> {e.late && <Tag data-color="warning">{t('late')}</Tag>}
                  {e.overdue && <Tag data-color="danger">{t('overdue')}</Tag>}
                </Table.Cell>
                <Table.Cell>{formatDate(e.deadline)}</Table.Cell>
                <Table.Cell>
                  {officeId && e.overdue && (
                    <Button variant="tertiary" data-size="sm" disabled={reminded.fetching}
                      onClick={() => remind({ officeId, roundId, serviceId: e.service.id, message: t('reminderText', { date: formatDate(e.deadline) }) }).then(() => refetch({ requestPolicy: 'network-only' }))}>
                      {t('sendReminder')}{e.reminderCount > 0 ? ` (${e.reminderCount})` : ''}
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    </div>
  );
}
