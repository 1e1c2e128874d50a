import { Suspense, lazy, useEffect, useRef } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Alert, Button, Field, Heading, Label, Link, Paragraph, Select } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDate, localized, useI18n } from '../../i18n';
import { completeness, drillSearch, isSent, readDrill, type DaysFigures, type Level } from '../../lib/dashboard';
import { useKept } from './useKept';
import { Reserve } from './Reserve';
import { GroupTable, type Group } from './GroupTable';
import { ServicesTable } from './ServicesTable';
import { QuestionSection } from './QuestionSection';
import { ComparisonSection } from './ComparisonSection';
import { DaysSection, type DaysScope } from './DaysSection';
import { ReportsTable } from './ReportsTable';
import './results.css';

// The map and its boundaries load only when the page shows it, so the first page stays small.
const CountyMap = lazy(() => import('./CountyMap'));
import { usePageTitle } from '../../components/usePageTitle';
import { useRefreshOnReconnect } from '../../lib/useRefreshOnReconnect';

const PublishFigures = graphql(`mutation PublishFigures($roundId: ID!) { publishRoundFigures(roundId: $roundId) { id figuresPublishedAt } }`);

const StatusChanged = graphql(`
  subscription DashboardStatus($roundId: ID!) { submissionStatusChanged(roundId: $roundId) { status } }
`);

// What does not depend on the drill-down: the groups of the breakdown, completeness from the
// funnel, the national figures to hold a narrowed scope against, and the county reports.
const OverviewQuery = graphql(`
  query DashboardOverview($roundId: ID!, $by: BreakdownLevel!) {
    rounds { id number title { nb nn en } }
    offices { id name { nb nn en } }
    counties { id name number office { id } }
    funnel(roundId: $roundId) { entries { service { id name office { id } county { id } } status } }
    groups: statisticsBreakdown(roundId: $roundId, by: $by) {
      office { id } county { id } caseCount suppressed suppressedReason
      overall { yes { share low high } }
      daysToFirstActivity { count q1 median q3 max above { days count share } }
    }
    national: statistics(roundId: $roundId) {
      caseCount
      questions { question { id } suppressed options { yes { share } } }
      daysToFirstActivity { count q1 median q3 max above { days count share } }
    }
    countyReports(roundId: $roundId) { office { id name { nb nn en } } state submittedAt reportDeadline missing }
    viewer { role }
    round(id: $roundId) { number figuresPublishedAt questionnaire { feedbackQuestions { id } } }
    wayForwardCounts(roundId: $roundId) { submitted continue adjust makePermanent notGiven }
  }
`);

// The figures of the chosen scope: national, one office or one county (then also its services).
const ScopeQuery = graphql(`
  query DashboardScope($roundId: ID!, $officeId: ID, $countyId: ID, $drilled: Boolean!) {
    statistics(roundId: $roundId, scope: { officeId: $officeId, countyId: $countyId }) {
      caseCount suppressed suppressedReason
      questions {
        question { id code text { nb nn en } } suppressed suppressedReason
        options { yes { share low high } partly { share } no { share } denominator notPossible notApplicable }
      }
      daysToFirstActivity { count q1 median q3 max above { days count share } }
    }
    services: statisticsBreakdown(roundId: $roundId, by: SERVICE, scope: { officeId: $officeId, countyId: $countyId }) @include(if: $drilled) {
      service { id } caseCount suppressed suppressedReason
      overall { yes { share low high } }
      daysToFirstActivity { count q1 median q3 max above { days count share } }
    }
    roundComparison(roundId: $roundId, scope: { officeId: $officeId, countyId: $countyId }) {
      round { title { nb nn en } }
      previousRound { id title { nb nn en } }
      questions {
        question { id code text { nb nn en } } comparability predecessors { code } suppressed suppressedReason
        current { yes { share low high } } previous { yes { share low high } }
        yesChange { difference } withinRandomVariation tooFewToTell
      }
    }
  }
`);

/** The national analyst's results: completeness per office, results per question, round comparison, days, county reports. */
export default function DashboardPage() {
  const { roundId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t, lang } = useI18n();
  usePageTitle(t('common.dashboard'));
  const drill = readDrill(params);
  // After a drill-down (or back), the reader lands on the new heading, not at the link they chose
  // far up the page: focus moves there and it scrolls into view.
  const drillKey = `${drill.by}:${drill.id ?? ''}`;
  const lastDrill = useRef(drillKey);
  useEffect(() => {
    if (lastDrill.current === drillKey) return;
    lastDrill.current = drillKey;
    const target = document.getElementById(drill.id ? 'services' : 'groups');
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: 'start' });
  }, [drillKey, drill.id]);
  const officeId = drill.by === 'OFFICE' ? drill.id : null;
  const countyId = drill.by === 'COUNTY' ? drill.id : null;

  const overviewVariables = { roundId, by: drill.by };
  const scopeVariables = { roundId, officeId, countyId, drilled: !!drill.id };
  const [overviewResult, refetchOverview] = useQuery({ query: OverviewQuery, variables: overviewVariables });
  const [published, publish] = useMutation(PublishFigures);
  const [scopeResult, refetchScope] = useQuery({ query: ScopeQuery, variables: scopeVariables });
  const refresh = () => {
    refetchOverview({ requestPolicy: 'network-only' });
    refetchScope({ requestPolicy: 'network-only' });
  };
  // Completeness changes live as forms are submitted anywhere in the country.
  useSubscription({ query: StatusChanged, variables: { roundId } }, (_, event) => {
    refresh();
    return event;
  });
  useRefreshOnReconnect(refresh);
  // While another round, level or scope loads, the figures already shown stay (marked busy)
  // instead of the page collapsing to skeletons and back.
  const overview = useKept(overviewResult, overviewVariables);
  const scope = useKept(scopeResult, scopeVariables);
  const error = overviewResult.error ?? scopeResult.error;

  const data = overview.data;
  // Office and county ids overlap, so groups of the other level must never be shown under these names.
  const groupsReady = !!data && overview.variables?.by === drill.by;
  const groups: Group[] = [];
  if (data && groupsReady) {
    const counts = completeness(data.funnel.entries, drill.by);
    const stats = new Map(data.groups.map((g) => [(drill.by === 'OFFICE' ? g.office?.id : g.county?.id) ?? '', g]));
    const names = drill.by === 'OFFICE' ? data.offices.map((o) => ({ id: o.id, name: localized(o.name, lang) })) : data.counties;
    for (const { id, name } of names) {
      const c = counts.get(id);
      if (c) groups.push({ id, name, sent: c.sent, total: c.total, stats: stats.get(id) ?? null });
    }
  }
  const chosen = drill.id ? groups.find((g) => g.id === drill.id) : undefined;
  // A shared link may name an office or county that does not exist; say so instead of showing zeros.
  const unknown = groupsReady && !!drill.id && !chosen;
  const scopeName = chosen?.name ?? (drill.id ? '…' : t('results.national'));
  const setLevel = (by: Level) => setParams(drillSearch({ by, id: null }));
  const back = drillSearch({ by: drill.by, id: null });
  const sentTotal = data ? data.funnel.entries.filter((e) => isSent(e.status)).length : 0;
  // The fact table of exactly what is shown, for those who want to go on in Excel.
  const exportQuery = new URLSearchParams({ roundId, ...(officeId ? { officeId } : {}), ...(countyId ? { countyId } : {}) }).toString();

  return (
    <div className="egk-stack results-page">
      <Heading level={1} data-size="lg">{t('common.dashboard')}</Heading>
      <nav className="egk-row results-rounds" aria-label={t('common.rounds')}>
        {data
          ? data.rounds.map((r) => (
              <RouterLink key={r.id} to={`/resultater/${r.id}${drillSearch(drill)}`} aria-current={r.id === roundId ? 'page' : undefined}>
                {localized(r.title, lang)}
              </RouterLink>
            ))
          : <Reserve height="1.5rem" />}
      </nav>
      {error && (
        <Alert data-color="danger">
          <Paragraph>{t('results.loadError')} {errorMessage(error) ?? t('common.errorGeneric')}</Paragraph>
          <Button variant="secondary" data-size="sm" onClick={refresh}>{t('results.tryAgain')}</Button>
        </Alert>
      )}
      {unknown && (
        <Alert data-color="warning">
          <Paragraph>{t('results.unknownScope')}</Paragraph>
          <RouterLink to={back}>{t('results.backToNational')}</RouterLink>
        </Alert>
      )}
      <Paragraph className="results-lead">
        {data ? `${t('results.lead', { sent: sentTotal, total: data.funnel.entries.length, cases: data.national.caseCount })} ${t('common.live')}.` : ' '}
      </Paragraph>
      {data?.viewer.role === 'NATIONAL_ANALYST' && (
        data.round?.figuresPublishedAt
          ? <Paragraph data-size="sm">{t('roundtwo.publishedOn', { date: formatDate(data.round.figuresPublishedAt) })}</Paragraph>
          : (
            <div className="egk-stack egk-noprint">
              <Paragraph data-size="sm">{t('roundtwo.publishHelp')}</Paragraph>
              <div><Button variant="secondary" data-size="sm" disabled={published.fetching} onClick={() => publish({ roundId }).then(refresh)}>{t('roundtwo.publish')}</Button></div>
              {published.error && <Alert data-color="danger">{errorMessage(published.error) ?? t('common.errorGeneric')}</Alert>}
            </div>
          )
      )}
      <nav aria-label={t('results.onThisPage')} className="results-toc egk-noprint">
        <ul>
          <li><Link href="#groups">{t(`results.groups.${drill.by}`)}</Link></li>
          <li><Link href="#map">{t('map.heading')}</Link></li>
          {drill.id && <li><Link href="#services">{t('common.services')}</Link></li>}
          <li><Link href="#questions">{t('results.questions')}</Link></li>
          <li><Link href="#comparison">{t('common.comparedWith')}</Link></li>
          <li><Link href="#days">{t('common.days')}</Link></li>
          <li><Link href="#reports">{t('common.county.reports')}</Link></li>
        </ul>
      </nav>

      <section aria-labelledby="groups" className="egk-stack">
        <Heading level={2} data-size="md" id="groups" tabIndex={-1}>{t(`results.groups.${drill.by}`)}</Heading>
        <Field className="results-level">
          <Label htmlFor="breakdown">{t('common.breakdown')}</Label>
          <Select id="breakdown" value={drill.by} onChange={(e) => setLevel(e.target.value as Level)}>
            <Select.Option value="OFFICE">{t('common.office')}</Select.Option>
            <Select.Option value="COUNTY">{t('common.county.label')}</Select.Option>
          </Select>
        </Field>
        <Paragraph data-size="sm">{t('results.groups.hint')}</Paragraph>
        {groupsReady ? <GroupTable by={drill.by} groups={groups} chosenId={drill.id} busy={overview.stale} /> : <Reserve height="36rem" />}
      </section>

      <section aria-labelledby="map" className="egk-stack">
        <Heading level={2} data-size="md" id="map">{t('map.heading')}</Heading>
        {data && groupsReady ? (
          <Suspense fallback={<Reserve height="30rem" />}>
            <CountyMap level={drill.by} chosenId={drill.id}
              areas={groups.map((g) => ({
                id: g.id, name: g.name, sent: g.sent, total: g.total, yesShare: g.stats?.overall.yes.share ?? null,
                withheld: g.stats?.suppressed ? g.stats.suppressedReason || '–' : g.stats ? null : t('map.noFigures'),
              }))}
              areaOf={(n) => { const c = data.counties.find((x) => x.number === n); return drill.by === 'OFFICE' ? c?.office.id : c?.id; }} />
          </Suspense>
        ) : <Reserve height="30rem" />}
      </section>

      <div className="results-scope">
        <span aria-live="polite">{t('results.showing')}: <strong>{scopeName}</strong></span>
        {drill.id && (
          <Button asChild variant="secondary" data-size="sm">
            <RouterLink to={back}>← {t('results.backToNational')}</RouterLink>
          </Button>
        )}
        <Link href={`/exports/answer-facts.xlsx?${exportQuery}`}>{t('results.downloadExcel')}</Link>
        <Link href={`/exports/answer-facts.csv?${exportQuery}`}>{t('results.downloadCsv')}</Link>
        {data?.viewer.role === 'NATIONAL_ANALYST' && !!data.round?.questionnaire.feedbackQuestions.length && (
          <RouterLink to={`/resultater/${roundId}/tilbakemeldinger`}>{t('roundtwo.feedback.link')}</RouterLink>
        )}
        {data?.viewer.role === 'NATIONAL_ANALYST' && <RouterLink to={`/resultater/${roundId}/invitasjon`}>{t('between.draft.title')}</RouterLink>}
        <RouterLink to={`/oppsummeringer/${roundId}`}>{t('between.summaries')}</RouterLink>
      </div>

      {drill.id && (
        <section aria-labelledby="services" className="egk-stack">
          <Heading level={2} data-size="md" id="services" tabIndex={-1}>{t('results.servicesIn', { name: scopeName })}</Heading>
          <Paragraph data-size="sm">{t('results.servicesHint')}</Paragraph>
          {data && scope.data?.services ? (
            <ServicesTable
              entries={data.funnel.entries.filter((e) => (drill.by === 'OFFICE' ? e.service.office.id : e.service.county.id) === drill.id)}
              stats={scope.data.services} busy={scope.stale} />
          ) : <Reserve height="16rem" />}
        </section>
      )}

      <QuestionSection scopeName={scopeName} statistics={scope.data?.statistics}
        national={drill.id ? data?.national.questions : undefined} busy={scope.stale} />
      <ComparisonSection scopeName={scopeName} comparison={scope.data?.roundComparison} busy={scope.stale} />
      <DaysSection scopeName={scopeName} busy={scope.stale || overview.stale}
        scopes={data && scope.data ? daysScopes(
          { key: 'national', label: t('results.national'), days: data.national.daysToFirstActivity, emphasis: true },
          chosen && { group: chosen, days: scope.data.statistics.daysToFirstActivity, services: scope.data.services ?? [], entries: data.funnel.entries },
          groups,
        ) : undefined} />

      <section aria-labelledby="reports" className="egk-stack">
        <Heading level={2} data-size="md" id="reports">{t('common.county.reports')}</Heading>
        {data && (data.round?.number ?? 1) > 1 && (
          <Paragraph>{t('roundtwo.way.forwardCounts', { continue: data.wayForwardCounts.continue, adjust: data.wayForwardCounts.adjust, permanent: data.wayForwardCounts.makePermanent, none: data.wayForwardCounts.notGiven, submitted: data.wayForwardCounts.submitted })}</Paragraph>
        )}
        {data ? <ReportsTable reports={data.countyReports} /> : <Reserve height="30rem" />}
        {data?.viewer.role === 'NATIONAL_ANALYST' && <RouterLink to={`/resultater/${roundId}/fylkesrapporter`}>{t('roundtwo.reportsSideBySide')}</RouterLink>}
        {data?.viewer.role === 'NATIONAL_ANALYST' && <RouterLink to={`/resultater/${roundId}/grunnlag`}>{t('totals.baseline.link')}</RouterLink>}
      </section>
    </div>
  );
}

type Stats = { caseCount: number; suppressed: boolean; suppressedReason?: string | null; daysToFirstActivity: DaysFigures };

/**
 * The scopes of the days section: the nation first, then either the chosen office or county and
 * its services, or every office or county.
 */
function daysScopes(
  national: DaysScope,
  chosen: { group: Group; days: DaysFigures; services: (Stats & { service?: { id: string } | null })[]; entries: { service: { id: string; name: string } }[] } | undefined,
  groups: Group[],
): DaysScope[] {
  const withheld = (s: Stats) => (s.suppressed ? s.suppressedReason || '–' : null);
  if (chosen) {
    const names = new Map(chosen.entries.map((e) => [e.service.id, e.service.name]));
    return [
      national,
      { key: `scope-${chosen.group.id}`, label: chosen.group.name, days: chosen.days, emphasis: true },
      ...chosen.services.map((s) => ({ key: s.service?.id ?? '', label: names.get(s.service?.id ?? '') ?? '', days: s.daysToFirstActivity, withheld: withheld(s) })),
    ];
  }
  return [national, ...groups.flatMap((g) => (g.stats ? [{ key: g.id, label: g.name, days: g.stats.daysToFirstActivity, withheld: withheld(g.stats) }] : []))];
}
