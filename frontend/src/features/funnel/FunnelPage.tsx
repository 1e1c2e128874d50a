import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useQuery, useSubscription } from 'urql';
import { Alert, Button, Card, Checkbox, Field, Heading, Label, Paragraph, Select, Table, Tabs, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { FunnelSort, FunnelStage } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { formatDate, localized, osloDate, useI18n, type MessageKey } from '../../i18n';
import { canRemind, needsFollowUp, stageTag } from '../../lib/funnel';
import { StageBar } from './StageBar';
import { RemindDialog } from './RemindDialog';
import { DeadlineNotice } from '../../components/DeadlineNotice';
import { FollowUpForms } from './FollowUpForms';
import { PlanProgressPanel } from '../../components/PlanPanels';
import { FunnelReplyDetails } from './FunnelReplyDetails';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TableRegion } from '../../components/TableRegion';
import { usePageTitle } from '../../components/usePageTitle';
import { useRefreshOnReconnect } from '../../lib/useRefreshOnReconnect';
import styles from './FunnelPage.module.css';
import tabs from '../../components/RoundTabs.module.css';

const FunnelQuery = graphql(`
  query FunnelPage($roundId: ID!, $officeId: ID, $filter: FunnelFilter, $sort: FunnelSort, $descending: Boolean) {
    funnel(roundId: $roundId, filter: $filter, sort: $sort, descending: $descending) {
      counts { stage count } overdueCount
      entries {
        service { id name county { id name } } stage status deadline extensionUntil overdue late reminderCount lastReminderOn
        reply replyDue replyLate leadRole participantRoles letterSentAt submittedAt caseCount reviewed { by at outdated }
      }
    }
    all: funnel(roundId: $roundId, filter: { officeId: $officeId }) { entries { service { id name } stage } }
    counties { id name office { id } }
    round(id: $roundId) { id title { nb nn en } }
    rounds { id number title { nb nn en } }
  }
`);

const ReportCardQuery = graphql(`
  query FunnelReportCard($officeId: ID!, $roundId: ID!) {
    countyReport(officeId: $officeId, roundId: $roundId) { reportDeadline state submittedAt }
  }
`);

/** Whole days from today in Oslo to a date (negative when it has passed). */
function daysUntil(date: string): number {
  const today = osloDate(new Date());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The county office's report to Helsetilsynet as a card: its state and its deadline. */
function ReportCard({ officeId, roundId }: { officeId: string; roundId: string }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: ReportCardQuery, variables: { officeId, roundId } });
  const r = data?.countyReport;
  const left = r ? daysUntil(r.reportDeadline) : 0;
  const sent = r?.state === 'SUBMITTED';
  return (
    <Card data-color={sent ? 'success' : left < 0 ? 'danger' : 'accent'} variant="tinted" className="egk-stack">
      <Heading level={2} data-size="xs"><RouterLink to={`/oppfolging/${roundId}/rapport`}>{t('common.county.report')}</RouterLink></Heading>
      {r && (
        <>
          <Paragraph>
            <Tag data-color={sent ? 'success' : r.state === 'DRAFT' ? 'warning' : 'neutral'}>{t(`county.report.state.${r.state}` as MessageKey)}</Tag>
          </Paragraph>
          <Paragraph data-size="sm">
            <strong>{t('funnel.report.cardDue', { date: formatDate(r.reportDeadline) })}</strong>
            {!sent && <> · {left < 0 ? t('funnel.report.cardOverdue') : t('funnel.report.cardDaysLeft', { n: left })}</>}
          </Paragraph>
          {sent && r.submittedAt && <Paragraph data-size="sm">{t('common.report.sent', { date: formatDate(r.submittedAt) })}</Paragraph>}
        </>
      )}
    </Card>
  );
}

const StatusChanged = graphql(`
  subscription FunnelStatus($roundId: ID!, $officeId: ID) { submissionStatusChanged(roundId: $roundId, officeId: $officeId) { status } }
`);

const SORTS: FunnelSort[] = ['NAME', 'STAGE', 'DEADLINE', 'SUBMITTED_AT', 'COUNTY'];

export default function FunnelPage({ officeId }: { officeId?: string }) {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('common.funnel'));
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
  const [view, setView] = useState<'follow' | 'all'>('follow');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reminding, setReminding] = useState<{ id: string; name: string }[] | null>(null);
  // Counts change for everyone watching when a service submits.
  useSubscription({ query: StatusChanged, variables: { roundId, officeId } }, (_, event) => {
    refetch({ requestPolicy: 'network-only' });
    return event;
  });
  useRefreshOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
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
  const following = data.funnel.entries.filter(needsFollowUp);
  const shown = view === 'follow' ? following : data.funnel.entries;
  const remindable = shown.filter(canRemind);
  const chosen = data.funnel.entries.filter((e) => selected.has(e.service.id));
  const toggle = (id: string, on: boolean) => setSelected((prev) => {
    const next = new Set(prev);
    if (on) next.add(id); else next.delete(id);
    return next;
  });
  const allChosen = remindable.length > 0 && remindable.every((e) => selected.has(e.service.id));
  const defaultText = t('common.reminderText', { date: formatDate(data.funnel.entries[0]?.deadline) });
  const table = (
    <TableRegion label={view === 'follow' ? t('funnel.view.needsFollowUp', { n: following.length }) : t('funnel.view.all', { n: data.funnel.entries.length })}>
      <Table className={styles.table} data-part="funnel-table">
        <Table.Head>
          <Table.Row>
            {officeId && (
              <Table.HeaderCell>
                <Checkbox aria-label={t('funnel.selectAllShown')} checked={allChosen} disabled={remindable.length === 0}
                  onChange={(e) => setSelected(e.target.checked ? new Set(remindable.map((x) => x.service.id)) : new Set())} />
              </Table.HeaderCell>
            )}
            <Table.HeaderCell>{t('common.service')}</Table.HeaderCell>
            <Table.HeaderCell>{t('county.stageAndStatus')}</Table.HeaderCell>
            <Table.HeaderCell>{t('county.reply.col')}</Table.HeaderCell><Table.HeaderCell>{t('common.deadline')}</Table.HeaderCell>
            <Table.HeaderCell>{t('county.submittedCol')}</Table.HeaderCell><Table.HeaderCell className="egk-num">{t('common.cases')}</Table.HeaderCell>
            <Table.HeaderCell>{t('county.reminders')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {shown.map((e) => {
            const tag = stageTag(e);
            const stageName = t(`common.stage.${e.stage}` as MessageKey);
            return (
              <Table.Row key={e.service.id}>
                {officeId && (
                  <Table.Cell>
                    {canRemind(e) && (
                      <Checkbox aria-label={t('funnel.selectService', { name: e.service.name })} checked={selected.has(e.service.id)}
                        onChange={(ev) => toggle(e.service.id, ev.target.checked)} />
                    )}
                  </Table.Cell>
                )}
                <Table.Cell>
                  <RouterLink to={`/oppfolging/${roundId}/tjenester/${e.service.id}`}>{e.service.name}</RouterLink>
                  <span className={styles.sub}>{e.service.county.name}</span>
                </Table.Cell>
                <Table.Cell>
                  <Tag data-color={tag.color}>{tag.suffix ? t(tag.suffix, { stage: stageName }) : stageName}</Tag>
                </Table.Cell>
                <Table.Cell>
                  {e.reply ? (e.reply === 'YES' ? t('common.replyYes') : t('common.replyNo')) : e.replyDue ? t('county.reply.dueOn', { date: formatDate(e.replyDue) }) : '–'}
                  {e.replyLate && e.reply && <span className={styles.sub}>{t('county.reply.late')}</span>}
                  <FunnelReplyDetails entry={e} />
                </Table.Cell>
                <Table.Cell>
                  {formatDate(e.deadline)}
                  {e.extensionUntil && <span className={styles.sub}>{t('county.extended')}</span>}
                </Table.Cell>
                <Table.Cell>{e.submittedAt ? formatDate(e.submittedAt) : '–'}</Table.Cell>
                <Table.Cell className="egk-num">{e.caseCount}</Table.Cell>
                <Table.Cell>
                  {e.reminderCount > 0 ? t('county.remindedTimes', { n: e.reminderCount, date: formatDate(e.lastReminderOn) }) : ''}
                  {officeId && canRemind(e) && e.overdue && (
                    <Button variant="tertiary" data-size="sm" onClick={() => setReminding([{ id: e.service.id, name: e.service.name }])}>
                      {t('common.sendReminder')}<span className="ds-sr-only"> – {e.service.name}</span>
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            );
          })}
          {shown.length === 0 && (
            <Table.Row><Table.Cell colSpan={officeId ? 8 : 7}>{t('county.no.matches')}</Table.Cell></Table.Row>
          )}
        </Table.Body>
      </Table>
    </TableRegion>
  );
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('common.funnel')}</Heading>
      {/* Every round the office follows up, the new campaigns' too: the office picks the round here. */}
      <nav className={tabs.roundTabs} data-part="round-tabs" aria-label={t('common.rounds')}>
        {data.rounds.map((r) => (
          <RouterLink key={r.id} to={`/oppfolging/${r.id}`} aria-current={r.id === roundId ? 'page' : undefined}>
            {localized(r.title, lang)}
          </RouterLink>
        ))}
      </nav>
      {data.round && <Heading level={2} data-size="md">{localized(data.round.title, lang)}</Heading>}
      <DeadlineNotice roundId={roundId} />
      <div className="egk-row">
        {officeId && <RouterLink to={`/oppfolging/${roundId}/invitasjon`}>{t('between.letter.title')}</RouterLink>}
        <RouterLink to={`/oppsummeringer/${roundId}`}>{t('between.summaries')}</RouterLink>
      </div>
      <Paragraph data-size="sm">{t('common.live')}</Paragraph>
      <div className={styles.top} data-part="funnel-top">
        <StageBar counts={data.funnel.counts} selected={stage} onSelect={setStage} />
        {officeId && <ReportCard officeId={officeId} roundId={roundId} />}
      </div>
      <div role="search" className="egk-filters" aria-label={t('county.filters')}>
        <Textfield label={t('county.filterName')} type="search" value={name} onChange={(e) => setName(e.target.value)} />
        <Field>
          <Label htmlFor="stage-filter">{t('common.filterStage')}</Label>
          <Select id="stage-filter" value={stage} onChange={(e) => setStage(e.target.value as FunnelStage | '')}>
            <Select.Option value="">{t('common.allStages')}</Select.Option>
            {data.funnel.counts.map((c) => <Select.Option key={c.stage} value={c.stage}>{t(`common.stage.${c.stage}` as MessageKey)}</Select.Option>)}
          </Select>
        </Field>
        {counties.length > 1 && (
          <Field>
            <Label htmlFor="county-filter">{t('common.county.label')}</Label>
            <Select id="county-filter" value={countyId} onChange={(e) => setCountyId(e.target.value)}>
              <Select.Option value="">{t('county.allCounties')}</Select.Option>
              {counties.map((c) => <Select.Option key={c.id} value={c.id}>{c.name}</Select.Option>)}
            </Select>
          </Field>
        )}
        <Field>
          <Label htmlFor="sort">{t('common.sort.by')}</Label>
          <Select id="sort" value={sort} onChange={(e) => setSort(e.target.value as FunnelSort)}>
            {SORTS.map((s) => <Select.Option key={s} value={s}>{t(`common.sort.${s}` as MessageKey)}</Select.Option>)}
          </Select>
        </Field>
        <div className="egk-checks">
          <Checkbox label={t('county.descending')} checked={descending} onChange={(e) => setDescending(e.target.checked)} />
          <Checkbox label={t('county.onlyLate')} checked={lateOnly} onChange={(e) => setLateOnly(e.target.checked)} />
          <Checkbox label={`${t('common.overdue')} (${data.funnel.overdueCount})`} checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
        </div>
      </div>
      <div className="egk-row">
        <Paragraph data-size="sm" role="status">{t('county.showing', { n: shown.length, total })}</Paragraph>
        <Button variant="tertiary" data-size="sm" onClick={reset}>{t('county.resetFilters')}</Button>
      </div>
      <Tabs value={view} onChange={(v) => setView(v as 'follow' | 'all')} data-size="sm">
        <Tabs.List>
          <Tabs.Tab value="follow">{t('funnel.view.needsFollowUp', { n: following.length })}</Tabs.Tab>
          <Tabs.Tab value="all">{t('funnel.view.all', { n: data.funnel.entries.length })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="follow">
          {view === 'follow' && <><Paragraph data-size="sm">{t('funnel.needsFollowUpHelp')}</Paragraph>{table}</>}
        </Tabs.Panel>
        <Tabs.Panel value="all">{view === 'all' && table}</Tabs.Panel>
      </Tabs>
      {officeId && chosen.length > 0 && (
        <div className={`egk-row ${styles.selectBar}`}>
          <Paragraph data-size="sm" role="status">{t('funnel.selectedCount', { n: chosen.length })}</Paragraph>
          <Button data-size="sm" onClick={() => setReminding(chosen.map((e) => ({ id: e.service.id, name: e.service.name })))}>
            {t('funnel.remind.selected', { n: chosen.length })}
          </Button>
        </div>
      )}
      {officeId && (
        <RemindDialog open={!!reminding} officeId={officeId} roundId={roundId} services={reminding ?? []} defaultText={defaultText}
          onClose={() => setReminding(null)}
          onDone={() => { setSelected(new Set()); refetch({ requestPolicy: 'network-only' }); }} />
      )}
      <PlanProgressPanel roundId={roundId} officeId={officeId} />
      {officeId && (
        <FollowUpForms wholeOffice officeId={officeId} roundId={roundId} onDone={() => refetch({ requestPolicy: 'network-only' })}
          services={data.all.entries.map((e) => ({ id: e.service.id, name: e.service.name, stage: e.stage }))} />
      )}
    </div>
  );
}
