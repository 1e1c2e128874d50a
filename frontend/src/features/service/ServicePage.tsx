import { useNavigate, useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Link, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDate, formatMonth, localized, useI18n, type MessageKey } from '../../i18n';
import { samplingWarnings } from '../../lib/stats';
import { formIsOpen } from '../../lib/caseform';
import { statusColor } from '../../lib/status';
import { PageSkeleton } from '../../components/PageSkeleton';
import { InvitePanel } from '../../components/InvitePanel';
import { ParticipationPanel } from '../../components/ParticipationPanel';
import { SupportPanel } from '../../components/SupportPanel';
import { TableRegion } from '../../components/TableRegion';
import { TaskList, roundTasks } from './TaskList';
import { usePageTitle } from '../../components/usePageTitle';
import { DeadlineNotice } from '../../components/DeadlineNotice';
import { OfficeDeadlineNotice } from './OfficeDeadlineNotice';
import tabs from '../../components/RoundTabs.module.css';

const ServiceRound = graphql(`
  query ServiceRound($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name office { name { nb nn en } webUrl } }
    round(id: $roundId) { id number title { nb nn en } deadline originalDeadline samplingGuidance { nb nn en } previousRound { title { nb nn en } }
      supportResources { kind title { nb nn en } description { nb nn en } url } }
    rounds { id number title { nb nn en } }
    submission(serviceId: $serviceId, roundId: $roundId) {
      id status late deadline revision submittedAt assessment improvementPlan { goals { description } }
      missingParts { field }
    }
    cases(serviceId: $serviceId, roundId: $roundId) { id number outcome startedMonth closedMonth missingCount daysToFirstActivity }
    caseSelection(serviceId: $serviceId, roundId: $roundId) { caseCount previousCaseCount measuresStartedOn measuresStartSource
      casesStartedBefore casesWithoutStartMonth fewerThanPrevious belowSmallNumberFloor }
    viewer { canEditForms canSubmitForms invitesRole }
  }
`);

const CreateCase = graphql(`
  mutation CreateCase($serviceId: ID!, $roundId: ID!) { createCase(input: { serviceId: $serviceId, roundId: $roundId }) { id number } }
`);

export default function ServicePage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: ServiceRound, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  usePageTitle(data?.service && data.round ? `${data.service.name}: ${localized(data.round.title, lang)}` : null);
  const [created, createCase] = useMutation(CreateCase);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton />;
  if (!data.service || !data.round) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const sub = data.submission;
  const status = sub?.status ?? 'NOT_STARTED';
  const open = formIsOpen(status);
  const sel = data.caseSelection;
  const before = new Set(sel.casesStartedBefore);
  const warnings = samplingWarnings(data.cases.map((c) => c.outcome));
  const incomplete = data.cases.filter((c) => c.missingCount > 0);
  const deadline = sub?.deadline ?? data.round.deadline;
  // The deadline is the end of its day in Norway; a late form is accepted, only flagged.
  const passed = open && !!deadline && new Date() > new Date(`${deadline}T23:59:59+01:00`);
  const inside = data.viewer.canEditForms;
  const tasks = roundTasks({
    base: `/tjenester/${serviceId}/runder/${roundId}`, status, cases: data.cases.length, complete: data.cases.length - incomplete.length,
    assessment: !!sub?.assessment.trim(), goals: sub?.improvementPlan.goals.length ?? 0, missing: sub?.missingParts?.length ?? 1,
  });
  const add = async () => {
    const res = await createCase({ serviceId, roundId });
    if (res.data) void navigate(`/tjenester/${serviceId}/runder/${roundId}/saker/${res.data.createCase.id}`);
  };
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{data.service.name}</Heading>
      <nav className={tabs.roundTabs} data-part="round-tabs" aria-label={t('common.rounds')}>
        {data.rounds.map((r) => (
          <RouterLink key={r.id} to={`/tjenester/${serviceId}/runder/${r.id}`} aria-current={r.id === roundId ? 'page' : undefined}>
            {localized(r.title, lang)}
          </RouterLink>
        ))}
      </nav>
      <Heading level={2} data-size="md">{localized(data.round.title, lang)}</Heading>
      <DeadlineNotice roundId={roundId} kinds={['SERVICES']} />
      <dl className="egk-facts-list">
        <div><dt>{t('common.status.label')}</dt><dd>
          <Tag data-color={statusColor(status)}>{t(`common.status.${status}` as MessageKey)}</Tag>
          {sub?.late && <> <Tag data-color="warning">{t('common.late')}</Tag></>}
        </dd></div>
        <div><dt>{t('common.deadline')}</dt><dd>
          {formatDate(sub?.deadline ?? data.round.deadline)}
          {data.round.originalDeadline && ` (${t('common.movedFrom', { date: formatDate(data.round.originalDeadline) })})`}
        </dd></div>
        <div><dt>{t('forms.casesReviewed')}</dt><dd>{t('forms.casesDone', { n: data.cases.length, done: data.cases.length - incomplete.length })}</dd></div>
        {sub?.submittedAt && <div><dt>{t('forms.submittedAt')}</dt><dd>{formatDate(sub.submittedAt)} ({t('forms.revisionNo', { n: sub.revision })})</dd></div>}
      </dl>
      {passed && (
        <Alert data-color="warning">
          <Heading level={3} data-size="xs">{t('leader.deadline.passedTitle', { date: formatDate(deadline) })}</Heading>
          <Paragraph>
            {t('leader.deadline.passedText', { office: localized(data.service.office.name, lang) })}{' '}
            <Link href={data.service.office.webUrl}>{t('leader.deadline.passedContact')}</Link>
          </Paragraph>
        </Alert>
      )}
      <OfficeDeadlineNotice serviceId={serviceId} roundId={roundId} />
      {inside && <TaskList tasks={tasks} />}
      <details className="egk-panel" open={data.cases.length === 0}>
        <summary>{t('leader.samplingFolded')}</summary>
        <Paragraph>{data.round.samplingGuidance ? localized(data.round.samplingGuidance, lang) : t('common.sampling.text')}</Paragraph>
      </details>
      {data.round.previousRound && (
        <section className="egk-stack" aria-labelledby="selection">
          <Heading level={3} data-size="sm" id="selection">{t('roundtwo.selection.label')}</Heading>
          <Paragraph>
            {sel.previousCaseCount != null
              ? t('roundtwo.selection.counts', { round: localized(data.round.previousRound.title, lang), previous: sel.previousCaseCount, current: sel.caseCount })
              : t('roundtwo.selection.noPrevious')}
            {sel.measuresStartedOn && sel.measuresStartSource && ` ${t(`plan.r2.measuresStarted.${sel.measuresStartSource}`, { date: formatDate(sel.measuresStartedOn) })}`}
          </Paragraph>
          {sel.casesStartedBefore.length > 0 && <Alert data-color="warning">{t('roundtwo.startedBefore', { cases: sel.casesStartedBefore.join(', ') })}</Alert>}
          {sel.casesWithoutStartMonth.length > 0 && <Alert data-color="warning">{t('roundtwo.withoutStartMonth', { cases: sel.casesWithoutStartMonth.join(', ') })}</Alert>}
          {sel.fewerThanPrevious && <Alert data-color="info">{t('roundtwo.fewerThanPrevious')}</Alert>}
          {sel.belowSmallNumberFloor && <Alert data-color="info">{t('roundtwo.belowFloor')}</Alert>}
        </section>
      )}
      {warnings.map((w) => <Alert key={w} data-color="warning">{t(w)}</Alert>)}
      <SupportPanel resources={data.round.supportResources} office={data.service.office} />
      <Heading level={2} data-size="md" id="cases" tabIndex={-1}>{t('common.cases')} ({data.cases.length})</Heading>
      <TableRegion>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('common.cases')}</Table.HeaderCell><Table.HeaderCell>{t('forms.outcome.label')}</Table.HeaderCell>
              <Table.HeaderCell>{t('roundtwo.startedCol')}</Table.HeaderCell>
              <Table.HeaderCell>{t('forms.closedMonth')}</Table.HeaderCell><Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.cases.map((c) => (
              <Table.Row key={c.id}>
                <Table.Cell><RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/saker/${c.id}`}>{t('common.caseNo', { n: c.number })}</RouterLink></Table.Cell>
                <Table.Cell>{c.outcome ? t(`forms.outcome.${c.outcome}` as MessageKey) : '–'}</Table.Cell>
                <Table.Cell>{c.startedMonth ? formatMonth(c.startedMonth, lang) : '–'}{before.has(c.number) && <> <Tag data-color="warning">{t('roundtwo.beforeMeasures')}</Tag></>}</Table.Cell>
                <Table.Cell>{c.closedMonth ? formatMonth(c.closedMonth, lang) : '–'}</Table.Cell>
                <Table.Cell>
                  {c.missingCount === 0 ? <Tag data-color="success">{t('common.complete')}</Tag> : <Tag data-color="warning">{t('common.missing', { n: c.missingCount })}</Tag>}
                </Table.Cell>
              </Table.Row>
            ))}
            {data.cases.length === 0 && (
              <Table.Row><Table.Cell colSpan={5}>{t('forms.noCasesYet')}</Table.Cell></Table.Row>
            )}
          </Table.Body>
        </Table>
      </TableRegion>
      {created.error && <Alert data-color="danger">{errorMessage(created.error) ?? t('common.errorGeneric')}</Alert>}
      <div className="egk-row">
        {data.viewer.canEditForms && open && <Button onClick={add} disabled={created.fetching}>{t('common.addCase')}</Button>}
        <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/samleskjema`}>{t('common.summaryForm')}</RouterLink>
        {data.viewer.canEditForms && <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/totaler`}>{t('totals.link')}</RouterLink>}
        {sub?.submittedAt && <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/forbedringsplan`}>{t('plan.link')}</RouterLink>}
        <RouterLink to={`/oppsummeringer/${roundId}`}>{t('between.summaries')}</RouterLink>
      </div>
      {data.viewer.canSubmitForms && <ParticipationPanel serviceId={serviceId} roundId={roundId} />}
      {data.viewer.invitesRole === 'SERVICE_STAFF' && <InvitePanel serviceId={serviceId} invitesRole="SERVICE_STAFF" />}
    </div>
  );
}
