import { AppLink as RouterLink } from './AppLink';
import { useQuery } from 'urql';
import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { formatDate, formatDateTime, localized, useI18n } from '../i18n';
import { TableRegion } from './TableRegion';

// The plan between the rounds beside other pages: the county office's overview of its services'
// progress (funnel), and one service's plan (the advisor's service page, and round 2's summary
// form beside round 1's plan). In a round after the first, the plan followed is the previous
// round's.

const RoundOf = graphql(`
  query PlanRound($roundId: ID!) { round(id: $roundId) { id title { nb nn en } previousRound { id title { nb nn en } } } }
`);

const Progress = graphql(`
  query PlanProgress($roundId: ID!, $officeId: ID) {
    planProgress(roundId: $roundId, officeId: $officeId) {
      service { id name } actions started done dropped overdue ownMethod lastChangedAt untouched
    }
  }
`);

const OnePlan = graphql(`
  query ServicePlan($serviceId: ID!, $roundId: ID!) {
    planFollowUp(serviceId: $serviceId, roundId: $roundId) {
      version lastChangedAt ownMethod ownPlanSummary measuresBeganOn
      goals { position description status actions { position description status endedOn note overdue } }
      progress { actions started done dropped overdue }
    }
  }
`);

/** The round whose plans are followed in roundId: the previous round when there is one. */
function usePlanRound(roundId: string) {
  const [{ data }] = useQuery({ query: RoundOf, variables: { roundId } });
  const round = data?.round;
  if (!round) return null;
  return round.previousRound ?? round;
}

/** The county office's overview: per service, how many actions are started, done and dropped, and who has not touched the plan. */
export function PlanProgressPanel({ roundId, officeId }: { roundId: string; officeId?: string }) {
  const { t, lang } = useI18n();
  const planRound = usePlanRound(roundId);
  const [{ data }] = useQuery({ query: Progress, variables: { roundId: planRound?.id ?? '', officeId }, pause: !planRound, requestPolicy: 'cache-and-network' });
  if (!planRound || !data) return null;
  const rows = data.planProgress;
  const untouched = rows.filter((r) => r.untouched).length;
  return (
    <section className="egk-stack" aria-labelledby="plan-progress">
      <Heading level={2} data-size="md" id="plan-progress">{t('plan.progress.title')}</Heading>
      <Paragraph data-size="sm">
        {t('plan.progress.lead', { round: localized(planRound.title, lang) })}{' '}
        {rows.length > 0 && t('plan.untouchedCount', { n: untouched, total: rows.length })}
      </Paragraph>
      {rows.length === 0 ? (
        <Paragraph data-size="sm">{t('plan.noneSubmitted')}</Paragraph>
      ) : (
        <TableRegion>
          <Table data-size="sm">
            <caption className="ds-sr-only">{t('plan.progress.caption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('plan.col.service')}</Table.HeaderCell>
                <Table.HeaderCell>{t('plan.col.actions')}</Table.HeaderCell>
                <Table.HeaderCell>{t('plan.col.started')}</Table.HeaderCell>
                <Table.HeaderCell>{t('plan.col.done')}</Table.HeaderCell>
                <Table.HeaderCell>{t('plan.col.dropped')}</Table.HeaderCell>
                <Table.HeaderCell>{t('plan.col.overdue')}</Table.HeaderCell>
                <Table.HeaderCell>{t('plan.col.lastChange')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rows.map((r) => (
                <Table.Row key={r.service.id}>
                  <Table.Cell>
                    <RouterLink to={`/tjenester/${r.service.id}/runder/${planRound.id}/forbedringsplan`}>{r.service.name}</RouterLink>
                    {r.ownMethod && ` (${t('plan.own.methodShort')})`}
                  </Table.Cell>
                  <Table.Cell>{r.actions}</Table.Cell>
                  <Table.Cell>{r.started}</Table.Cell>
                  <Table.Cell>{r.done}</Table.Cell>
                  <Table.Cell>{r.dropped}</Table.Cell>
                  <Table.Cell>{r.overdue}</Table.Cell>
                  <Table.Cell>{r.lastChangedAt ? formatDateTime(r.lastChangedAt, lang) : <Tag data-color="warning">{t('plan.untouched')}</Tag>}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </TableRegion>
      )}
    </section>
  );
}

/** One service's plan in short, with a link to the plan page: beside round 2's form, and on the advisor's service page. */
export function ServicePlanPanel({ serviceId, roundId }: { serviceId: string; roundId: string }) {
  const { t, lang } = useI18n();
  const planRound = usePlanRound(roundId);
  const [{ data }] = useQuery({ query: OnePlan, variables: { serviceId, roundId: planRound?.id ?? '' }, pause: !planRound, requestPolicy: 'cache-and-network' });
  const plan = data?.planFollowUp;
  if (!planRound || !plan) return null;
  const p = plan.progress;
  return (
    <section className="egk-stack egk-panel" aria-labelledby="service-plan">
      <Heading level={2} data-size="sm" id="service-plan">{t('plan.previousTitle', { round: localized(planRound.title, lang) })}</Heading>
      <Paragraph data-size="sm">
        {planRound.id !== roundId && `${t('plan.previousLead')} `}
        {t('plan.counts', { actions: p.actions, started: p.started, done: p.done, dropped: p.dropped, overdue: p.overdue })}{' '}
        {plan.lastChangedAt ? t('plan.lastChanged', { date: formatDateTime(plan.lastChangedAt, lang) }) : `${t('plan.untouched')}.`}{' '}
        {plan.measuresBeganOn && t('plan.measures.now', { date: formatDate(plan.measuresBeganOn) })}
      </Paragraph>
      {plan.ownMethod && <Paragraph data-size="sm" style={{ whiteSpace: 'pre-wrap' }}>{t('plan.own.methodShort')}: {plan.ownPlanSummary}</Paragraph>}
      <ul>
        {plan.goals.map((g) => (
          <li key={g.position}>
            {g.description} — {t(`plan.status.${g.status}`)}
            {g.actions.length > 0 && (
              <ul>
                {g.actions.map((a) => (
                  <li key={a.position}>
                    {a.description}: {t(`plan.status.${a.status}`)}{a.endedOn ? ` ${formatDate(a.endedOn)}` : ''}{a.overdue ? ` (${t('plan.overdue')})` : ''}
                    {a.note ? ` — ${a.note}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <RouterLink to={`/tjenester/${serviceId}/runder/${planRound.id}/forbedringsplan`}>{t('plan.open')}</RouterLink>
    </section>
  );
}
