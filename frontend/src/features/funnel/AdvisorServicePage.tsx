import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useQuery } from 'urql';
import { Alert, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDate, formatDateTime, formatMonth, useI18n, type MessageKey } from '../../i18n';
import { statusColor } from '../../lib/status';
import { FollowUpForms } from './FollowUpForms';
import { InvitePanel } from '../../components/InvitePanel';
import { MailStatusTag } from '../../components/MailStatusTag';
import { PageSkeleton } from '../../components/PageSkeleton';
import { ParticipationPanel } from '../../components/ParticipationPanel';
import { ServicePlanPanel } from '../../components/PlanPanels';
import { TableRegion } from '../../components/TableRegion';
import { Crumbs } from '../../components/Crumbs';
import { ExtensionForm } from '../../components/AdvisorPanel';
import { usePageTitle } from '../../components/usePageTitle';

const AdvisorService = graphql(`
  query AdvisorService($serviceId: ID!, $roundId: ID!, $officeId: ID!) {
    service(id: $serviceId) { id name kind county { name } municipalities { number name } }
    funnel(roundId: $roundId, filter: { officeId: $officeId }) {
      entries {
        service { id } stage status deadline extensionUntil extensionReason overdue late returned reply repliedOn replyDue replyLate
        plannedFrom plannedTo declineReason nextAssessment submittedAt firstSubmittedAt caseCount planSubmitted reminderCount lastReminderOn
        reviewed { by at outdated }
      }
    }
    followUpActivities(officeId: $officeId, roundId: $roundId, serviceId: $serviceId) { id kind occurredOn note mail { status attempts error service { id } } }
    viewer { canManageRegister invitesRole }
  }
`);

/** One service as the county advisor follows it in a round: where it stands, what it replied, and the office's own activity. */
export default function AdvisorServicePage({ officeId }: { officeId?: string }) {
  const { roundId = '', serviceId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({
    query: AdvisorService, variables: { serviceId, roundId, officeId: officeId ?? '' }, pause: !officeId, requestPolicy: 'cache-and-network',
  });
  usePageTitle(data?.service?.name);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton />;
  const s = data.service;
  const e = data.funnel.entries.find((x) => x.service.id === serviceId);
  if (!s || !e) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  return (
    <div className="egk-stack">
      <Crumbs items={[{ label: t('leader.crumbsFollowUp'), to: `/oppfolging/${roundId}` }, { label: s.name, to: `/oppfolging/${roundId}/tjenester/${serviceId}` }]} />
      <Heading level={1} data-size="lg">{s.name}</Heading>
      <Paragraph>
        {t(`county.service.kind.${s.kind}` as MessageKey)} · {s.county.name}
        {s.municipalities.length > 1 && ` · ${s.municipalities.map((m) => m.name).join(', ')}`}
      </Paragraph>
      <dl className="egk-facts-list">
        <div><dt>{t('common.stage.label')}</dt><dd>{t(`common.stage.${e.stage}` as MessageKey)}</dd></div>
        <div><dt>{t('common.status.label')}</dt><dd>
          <span className="egk-tags">
            <Tag data-color={statusColor(e.status)}>{t(`common.status.${e.status}` as MessageKey)}</Tag>
            {e.late && <Tag data-color="warning">{t('common.late')}</Tag>}
            {e.overdue && <Tag data-color="danger">{t('common.overdue')}</Tag>}
          </span>
        </dd></div>
        {e.reviewed && (
          <div><dt>{t('common.reviewed.label')}</dt><dd>
            {t('common.reviewed.by', { by: e.reviewed.by, date: formatDateTime(e.reviewed.at, lang) })}
            {e.reviewed.outdated && ` ${t('common.reviewed.outdated')}`}
          </dd></div>
        )}
        <div><dt>{t('common.deadline')}</dt><dd>
          {formatDate(e.deadline)}
          {e.extensionUntil && ` (${t('county.extendedBecause', { reason: e.extensionReason ?? '' })})`}
        </dd></div>
        <div><dt>{t('county.reply.col')}</dt><dd>
          {e.reply === 'YES' && `${t('common.replyYes')} ${formatDate(e.repliedOn)}${e.plannedFrom ? ` · ${t('county.plannedPeriod', { from: formatMonth(e.plannedFrom, lang), to: formatMonth(e.plannedTo, lang) })}` : ''}`}
          {e.reply === 'NO' && `${t('common.replyNo')} ${formatDate(e.repliedOn)}: ${e.declineReason ?? ''}`}
          {!e.reply && (e.replyDue ? t('county.reply.dueOn', { date: formatDate(e.replyDue) }) : '–')}
          {e.replyLate && <> <Tag data-color="warning">{e.reply ? t('county.reply.late') : t('county.reply.missing')}</Tag></>}
        </dd></div>
        <div><dt>{t('county.submittedCol')}</dt><dd>
          {e.submittedAt ? formatDateTime(e.submittedAt, lang) : '–'}
          {e.firstSubmittedAt && e.firstSubmittedAt !== e.submittedAt && ` (${t('county.firstSubmitted', { date: formatDate(e.firstSubmittedAt) })})`}
        </dd></div>
        <div><dt>{t('common.cases')}</dt><dd>{e.caseCount}</dd></div>
        <div><dt>{t('common.plan')}</dt><dd>{e.planSubmitted ? t('county.planSent') : t('county.planNotSent')}</dd></div>
        {e.nextAssessment && <div><dt>{t('county.next.assessment')}</dt><dd>{e.nextAssessment}</dd></div>}
        <div><dt>{t('county.reminders')}</dt><dd>{e.reminderCount > 0 ? t('county.remindedTimes', { n: e.reminderCount, date: formatDate(e.lastReminderOn) }) : '–'}</dd></div>
      </dl>
      <div className="egk-row">
        {/* Only a form that has been sent has anything to read from outside the service. */}
        {e.submittedAt && <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}/samleskjema`}>{t('county.openSummary')}</RouterLink>}
        {data.viewer.canManageRegister && <RouterLink to={`/register/${serviceId}`}>{t('register.open')}</RouterLink>}
      </div>
      {!e.submittedAt && <ExtensionForm serviceId={serviceId} roundId={roundId} deadline={e.deadline} onDone={refresh} warningLevel={2} />}
      <ParticipationPanel serviceId={serviceId} roundId={roundId} />
      <ServicePlanPanel serviceId={serviceId} roundId={roundId} />
      {data.viewer.invitesRole === 'SERVICE_LEADER' && <InvitePanel serviceId={serviceId} invitesRole="SERVICE_LEADER" />}
      <section className="egk-stack" aria-labelledby="activity">
        <Heading level={2} data-size="sm" id="activity">{t('county.activityForService')}</Heading>
        {data.followUpActivities.length === 0 ? (
          <Paragraph>{t('county.no.activities')}</Paragraph>
        ) : (
          <TableRegion>
            <Table data-size="sm">
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.meeting.date')}</Table.HeaderCell><Table.HeaderCell>{t('common.activityKind')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.activityNote')}</Table.HeaderCell><Table.HeaderCell>{t('register.invitation.mail')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {data.followUpActivities.map((a) => (
                  <Table.Row key={a.id}>
                    <Table.Cell>{formatDate(a.occurredOn)}</Table.Cell>
                    <Table.Cell>{t(`common.kind.${a.kind}` as MessageKey)}</Table.Cell>
                    <Table.Cell>{a.note || '–'}</Table.Cell>
                    <Table.Cell>{a.kind === 'REMINDER' ? <MailStatusTag mail={a.mail.find((m) => m.service.id === serviceId)} /> : '–'}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        )}
        {officeId && <FollowUpForms officeId={officeId} roundId={roundId} onDone={refresh} services={[{ id: s.id, name: s.name, stage: e.stage }]} />}
      </section>
    </div>
  );
}
