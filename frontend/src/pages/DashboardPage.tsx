import { Suspense, lazy, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { Alert, Button, Field, Heading, Label, Paragraph, Select, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { localized, useI18n } from '../i18n';
import { percent } from '../lib/stats';

const SharesChart = lazy(() => import('./SharesChart'));

const StatusChanged = graphql(`
  subscription DashboardStatus($roundId: ID!) { submissionStatusChanged(roundId: $roundId) { status } }
`);

const DashboardQuery = graphql(`
  query Dashboard($roundId: ID!, $by: BreakdownLevel!, $officeId: ID, $countyId: ID) {
    rounds { id title { nb nn en } }
    funnel(roundId: $roundId) { entries { service { id office { id } county { id } } status } }
    statisticsBreakdown(roundId: $roundId, by: $by) {
      office { id name { nb nn en } } county { id name } serviceCount caseCount suppressed
      overall { yes { share low high } denominator }
    }
    statistics(roundId: $roundId, scope: { officeId: $officeId, countyId: $countyId }) {
      serviceCount caseCount suppressed suppressedReason
      questions { question { id code text { nb nn en } } suppressed options { yes { share low high } partly { share } no { share } denominator notPossible } }
      daysToFirstActivity { count q1 median q3 max above { days count share } }
    }
    roundComparison(roundId: $roundId, scope: { officeId: $officeId, countyId: $countyId }) {
      previousRound { id title { nb nn en } }
      questions { question { id } comparability withinRandomVariation yesChange { difference } predecessors { code } }
    }
    countyReports(roundId: $roundId) { office { id name { nb nn en } } state missing }
  }
`);

export default function DashboardPage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [by, setBy] = useState<'OFFICE' | 'COUNTY'>('OFFICE');
  const [groupId, setGroupId] = useState<string | null>(null);
  const officeId = by === 'OFFICE' ? groupId : null;
  const countyId = by === 'COUNTY' ? groupId : null;
  const [{ data, error }, refetch] = useQuery({ query: DashboardQuery, variables: { roundId, by, officeId, countyId } });
  // Completeness changes live as forms are submitted anywhere in the country.
  useSubscription({ query: StatusChanged, variables: { roundId } }, (_, event) => {
    refetch({ requestPolicy: 'network-only' });
    return event;
  });
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data) return <div className="egk-skeleton" />;
  const groupOf = (s: (typeof data.statisticsBreakdown)[number]) =>
    by === 'OFFICE' ? { id: s.office?.id ?? '', name: localized(s.office?.name, lang) } : { id: s.county?.id ?? '', name: s.county?.name ?? '' };
  const chosen = data.statisticsBreakdown.map(groupOf).find((g) => g.id === groupId);
  // Services sent in / services in all, per group, counted from the funnel.
  const done = new Map<string, [number, number]>();
  for (const e of data.funnel.entries) {
    const key = by === 'OFFICE' ? e.service.office.id : e.service.county.id;
    const [sent, all] = done.get(key) ?? [0, 0];
    done.set(key, [sent + (e.status === 'SUBMITTED' || e.status === 'ACCEPTED' ? 1 : 0), all + 1]);
  }
  const comparison = new Map(data.roundComparison.questions.map((q) => [q.question.id, q]));
  const st = data.statistics;
  const days = st.daysToFirstActivity;
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('dashboard')}</Heading>
      <nav className="egk-row" aria-label={t('rounds')}>
        {data.rounds.map((r) => (
          <RouterLink key={r.id} to={`/resultater/${r.id}`} aria-current={r.id === roundId ? 'page' : undefined}>{localized(r.title, lang)}</RouterLink>
        ))}
      </nav>
      <Field style={{ maxWidth: '20rem' }}>
        <Label htmlFor="breakdown">{t('breakdown')}</Label>
        <Select id="breakdown" value={by} onChange={(e) => { setBy(e.target.value as 'OFFICE' | 'COUNTY'); setGroupId(null); }}>
          <Select.Option value="OFFICE">{t('office')}</Select.Option>
          <Select.Option value="COUNTY">{t('county')}</Select.Option>
        </Select>
      </Field>
      <div className="egk-table-wrap" role="region" tabIndex={0} aria-label={t('tableRegion')}>
        <Table>
          <caption>{by === 'OFFICE' ? t('office') : t('county')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{by === 'OFFICE' ? t('office') : t('county')}</Table.HeaderCell><Table.HeaderCell>{t('completeness')}</Table.HeaderCell>
              <Table.HeaderCell>{t('cases')}</Table.HeaderCell><Table.HeaderCell>{t('yesShare')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.statisticsBreakdown.filter((s) => (by === 'OFFICE' ? s.office : s.county)).map((s) => {
              const g = groupOf(s);
              const [sent, all] = done.get(g.id) ?? [0, 0];
              return (
              <Table.Row key={g.id}>
                <Table.Cell>
                  <Button variant="tertiary" data-size="sm" aria-pressed={g.id === groupId} onClick={() => setGroupId(g.id === groupId ? null : g.id)}>
                    {g.name}
                  </Button>
                </Table.Cell>
                <Table.Cell>{sent} / {all}</Table.Cell>
                <Table.Cell>{s.caseCount}</Table.Cell>
                <Table.Cell>{percent(s.overall.yes.share)} ({percent(s.overall.yes.low)}–{percent(s.overall.yes.high)})</Table.Cell>
              </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </div>
      <Heading level={2} data-size="md">
        {chosen ? chosen.name : t('dashboard')}: {t('question')}
      </Heading>
      <Paragraph>{t('services')}: {st.serviceCount} · {t('cases')}: {st.caseCount}{st.suppressedReason ? ` · ${st.suppressedReason}` : ''}</Paragraph>
      <Suspense fallback={<div className="egk-skeleton" />}>
        <SharesChart title={t('yesShare')} rows={st.questions.map((q) => ({
          label: q.question.code, share: q.options.yes.share ?? null, low: q.options.yes.low ?? null, high: q.options.yes.high ?? null,
        }))} />
      </Suspense>
      <div className="egk-table-wrap" role="region" tabIndex={0} aria-label={t('tableRegion')}>
        <Table>
          <caption>{data.roundComparison.previousRound ? `${t('comparedWith')}: ${localized(data.roundComparison.previousRound.title, lang)}` : t('question')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('question')}</Table.HeaderCell><Table.HeaderCell>{t('yesShare')}</Table.HeaderCell>
              <Table.HeaderCell>{t('option_PARTLY')}</Table.HeaderCell><Table.HeaderCell>{t('option_NO')}</Table.HeaderCell>
              {data.roundComparison.previousRound && <Table.HeaderCell>{t('change')}</Table.HeaderCell>}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {st.questions.map((q) => {
              const c = comparison.get(q.question.id);
              return (
                <Table.Row key={q.question.id}>
                  <Table.Cell>{q.question.code} {localized(q.question.text, lang)}</Table.Cell>
                  <Table.Cell>{q.suppressed ? '–' : `${percent(q.options.yes.share)} (${percent(q.options.yes.low)}–${percent(q.options.yes.high)})`}</Table.Cell>
                  <Table.Cell>{percent(q.options.partly.share)}</Table.Cell>
                  <Table.Cell>{percent(q.options.no.share)}</Table.Cell>
                  {data.roundComparison.previousRound && (
                    <Table.Cell>
                      {c?.yesChange
                        ? `${c.yesChange.difference > 0 ? '+' : ''}${Math.round(c.yesChange.difference * 100)} pp, ${c.withinRandomVariation ? t('withinVariation') : t('beyondVariation')}${c.comparability === 'SPLIT' ? ` (${c.predecessors.map((p) => p.code).join(', ')})` : ''}`
                        : '–'}
                    </Table.Cell>
                  )}
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </div>
      {data.roundComparison.previousRound && <Paragraph data-size="sm">{t('twoMeasurements')}</Paragraph>}
      {days.count > 0 && (
        <section aria-labelledby="days">
          <Heading level={2} data-size="sm" id="days">{t('days')}</Heading>
          <Paragraph>
            {t('cases')}: {days.count} · median {days.median} · {days.q1}–{days.q3} · max {days.max}
            {days.above.map((a) => ` · > ${a.days}: ${a.count} (${percent(a.share)})`).join('')}
          </Paragraph>
        </section>
      )}
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
