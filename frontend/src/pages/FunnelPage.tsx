import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from './AppLink';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Alert, Button, Checkbox, Field, Heading, Label, Paragraph, Select, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import type { FunnelSort, FunnelStage } from '../gql/graphql';
import { errorMessage } from '../api';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../i18n';
import { statusColor } from '../lib/status';
import { FollowUpForms } from './FollowUpForms';
import { PageSkeleton } from './PageSkeleton';
import { TableRegion } from './TableRegion';
import { usePageTitle } from './usePageTitle';
import { useRefreshOnReconnect } from '../lib/useRefreshOnReconnect';

const FunnelQuery = graphql(`
  query FunnelPage($roundId: ID!, $officeId: ID, $filter: FunnelFilter, $sort: FunnelSort, $descending: Boolean) {
    funnel(roundId: $roundId, filter: $filter, sort: $sort, descending: $descending) {
      counts { stage count } overdueCount
      entries {
        service { id name county { id name } } stage status deadline extensionUntil overdue late reminderCount lastReminderOn
        reply replyDue replyLate submittedAt caseCount reviewed { by at outdated }
      }
    }
    all: funnel(roundId: $roundId, filter: { officeId: $officeId }) { entries { service { id name } stage } }
    counties { id name office { id } }
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

const SORTS: FunnelSort[] = ['NAME', 'STAGE', 'DEADLINE', 'SUBMITTED_AT', 'COUNTY'];

export default function FunnelPage({ officeId }: { officeId?: string }) {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('funnel'));
  const [stage, setStage] = useState<FunnelStage | ''>('');
  const [sort, setSort] = useState<FunnelSort>('STAGE');
  const [descending, setDescending] = useState(false);
  const [name, setName] = useState('');
  const [countyId, setCountyId] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [lateOnly, setLateOnly] = useState(false);
  const filter = {
    officeId, stages: stage ? [stage] : null, nameContains: name.trim() || null, countyId: countyId || null,
    overdue: overdueOnly ? true : null, late: lateOnly ? true : null,
  };
  const [{ data, error }, refetch] = useQuery({
    query: FunnelQuery, variables: { roundId, officeId, filter, sort, descending }, requestPolicy: 'cache-and-network',
  });
  const [reminded, remind] = useMutation(Remind);
  // Counts change for everyone watching when a service submits.
  useSubscription({ query: StatusChanged, variables: { roundId, officeId } }, (_, event) => {
    refetch({ requestPolicy: 'network-only' });
    return event;
  });
  useRefreshOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={2} />;
  const counties = data.counties.filter((c) => !officeId || c.office.id === officeId);
  const total = data.funnel.counts.reduce((n, c) => n + c.count, 0);
  const reset = () => {
    setStage('');
    setName('');
    setCountyId('');
    setOverdueOnly(false);
    setLateOnly(false);
  };
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('funnel')}</Heading>
      <div className="egk-row">
        <Paragraph data-size="sm">{t('live')}</Paragraph>
        {officeId && <RouterLink to={`/oppfolging/${roundId}/rapport`}>{t('countyReport')}</RouterLink>}
      </div>
      <ul className="egk-stage-counts" aria-label={t('stageCounts')}>
        {data.funnel.counts.map((c) => (
          <li key={c.stage}>
            <Button variant={stage === c.stage ? 'primary' : 'secondary'} data-size="sm" aria-pressed={stage === c.stage}
              onClick={() => setStage(stage === c.stage ? '' : c.stage)}>
              <span className="egk-count">{c.count}</span> {t(`stage_${c.stage}` as MessageKey)}
            </Button>
          </li>
        ))}
        <li>
          <Button variant={overdueOnly ? 'primary' : 'secondary'} data-color="danger" data-size="sm" aria-pressed={overdueOnly}
            onClick={() => setOverdueOnly(!overdueOnly)}>
            <span className="egk-count">{data.funnel.overdueCount}</span> {t('overdue')}
          </Button>
        </li>
      </ul>
      <div role="search" className="egk-filters" aria-label={t('filters')}>
        <Textfield label={t('filterName')} type="search" value={name} onChange={(e) => setName(e.target.value)} />
        <Field>
          <Label htmlFor="stage-filter">{t('filterStage')}</Label>
          <Select id="stage-filter" value={stage} onChange={(e) => setStage(e.target.value as FunnelStage | '')}>
            <Select.Option value="">{t('allStages')}</Select.Option>
            {data.funnel.counts.map((c) => <Select.Option key={c.stage} value={c.stage}>{t(`stage_${c.stage}` as MessageKey)}</Select.Option>)}
          </Select>
        </Field>
        {counties.length > 1 && (
          <Field>
            <Label htmlFor="county-filter">{t('county')}</Label>
            <Select id="county-filter" value={countyId} onChange={(e) => setCountyId(e.target.value)}>
              <Select.Option value="">{t('allCounties')}</Select.Option>
              {counties.map((c) => <Select.Option key={c.id} value={c.id}>{c.name}</Select.Option>)}
            </Select>
          </Field>
        )}
        <Field>
          <Label htmlFor="sort">{t('sortBy')}</Label>
          <Select id="sort" value={sort} onChange={(e) => setSort(e.target.value as FunnelSort)}>
            {SORTS.map((s) => <Select.Option key={s} value={s}>{t(`sort_${s}` as MessageKey)}</Select.Option>)}
          </Select>
        </Field>
        <div className="egk-checks">
          <Checkbox label={t('descending')} checked={descending} onChange={(e) => setDescending(e.target.checked)} />
          <Checkbox label={t('onlyLate')} checked={lateOnly} onChange={(e) => setLateOnly(e.target.checked)} />
        </div>
      </div>
      <div className="egk-row">
        <Paragraph data-size="sm" role="status">{t('showing', { n: data.funnel.entries.length, total })}</Paragraph>
        <Button variant="tertiary" data-size="sm" onClick={reset}>{t('resetFilters')}</Button>
      </div>
      {reminded.data && !reminded.error && <Alert data-color="success" role="status">{t('reminderSent')}</Alert>}
      {reminded.error && <Alert data-color="danger">{errorMessage(reminded.error) ?? t('errorGeneric')}</Alert>}
      <TableRegion>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('service')}</Table.HeaderCell><Table.HeaderCell>{t('county')}</Table.HeaderCell>
              <Table.HeaderCell>{t('stageAndStatus')}</Table.HeaderCell>
              <Table.HeaderCell>{t('replyCol')}</Table.HeaderCell><Table.HeaderCell>{t('deadline')}</Table.HeaderCell>
              <Table.HeaderCell>{t('submittedCol')}</Table.HeaderCell><Table.HeaderCell>{t('cases')}</Table.HeaderCell>
              <Table.HeaderCell>{t('reminders')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.funnel.entries.map((e) => (
              <Table.Row key={e.service.id}>
                <Table.Cell>
                  <RouterLink to={`/oppfolging/${roundId}/tjenester/${e.service.id}`}>{e.service.name}</RouterLink>
                </Table.Cell>
                <Table.Cell>{e.service.county.name}</Table.Cell>
                <Table.Cell>
                  {t(`stage_${e.stage}` as MessageKey)}
                  <span className="egk-tags">
                    <Tag data-color={statusColor(e.status)}>{t(`status_${e.status}` as MessageKey)}</Tag>
                    {e.reviewed && !e.reviewed.outdated && <Tag data-color="success">{t('reviewed')}</Tag>}
                    {e.late && <Tag data-color="warning">{t('late')}</Tag>}
                    {e.overdue && <Tag data-color="danger">{t('overdue')}</Tag>}
                  </span>
                </Table.Cell>
                <Table.Cell>
                  {e.reply ? (e.reply === 'YES' ? t('replyYes') : t('replyNo')) : e.replyDue ? t('replyDueOn', { date: formatDate(e.replyDue) }) : '–'}
                  {e.replyLate && <> <Tag data-color="warning">{e.reply ? t('replyLate') : t('replyMissing')}</Tag></>}
                </Table.Cell>
                <Table.Cell>
                  {formatDate(e.deadline)}
                  {e.extensionUntil && <> <Tag data-color="info">{t('extended')}</Tag></>}
                </Table.Cell>
                <Table.Cell>{e.submittedAt ? formatDateTime(e.submittedAt, lang) : '–'}</Table.Cell>
                <Table.Cell>{e.caseCount}</Table.Cell>
                <Table.Cell>
                  {e.reminderCount > 0 ? t('remindedTimes', { n: e.reminderCount, date: formatDate(e.lastReminderOn) }) : ''}
                  {officeId && e.overdue && (
                    <Button variant="tertiary" data-size="sm" disabled={reminded.fetching}
                      onClick={() => remind({ officeId, roundId, serviceId: e.service.id, message: t('reminderText', { date: formatDate(e.deadline) }) }).then(() => refetch({ requestPolicy: 'network-only' }))}>
                      {t('sendReminder')}<span className="ds-sr-only"> – {e.service.name}</span>
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
            {data.funnel.entries.length === 0 && (
              <Table.Row><Table.Cell colSpan={8}>{t('noMatches')}</Table.Cell></Table.Row>
            )}
          </Table.Body>
        </Table>
      </TableRegion>
      {officeId && (
        <FollowUpForms officeId={officeId} roundId={roundId} onDone={() => refetch({ requestPolicy: 'network-only' })}
          services={data.all.entries.map((e) => ({ id: e.service.id, name: e.service.name, stage: e.stage }))} />
      )}
    </div>
  );
}
