// The figures of the summary form: the service's answers per question, the change since the last
// round, and the published county and national figures beside them.
import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import type { SummaryQuery } from '../../gql/graphql';
import { formatNumber, useI18n } from '../../i18n';
import { BenchmarkTable } from '../../components/BenchmarkTable';
import { ComparisonPanel } from './FollowUpPanels';
import { SummaryTable } from './SummaryTable';
import type { Submission } from './draft';

interface Props {
  sub: Submission;
  service: NonNullable<SummaryQuery['service']>;
  roundComparison: SummaryQuery['roundComparison'];
  publishedFigures: SummaryQuery['publishedFigures'];
}

export function SummaryResults({ sub, service, roundComparison, publishedFigures }: Props) {
  const { t, lang } = useI18n();
  const compared = !!roundComparison.previousRound;
  const days = sub.summary.daysToFirstActivity;
  const changes = sub.comparison && !sub.comparison.suppressed ? sub.comparison.questions : roundComparison.questions;
  return (
    <>
      <Heading level={2} data-size="md">{t('forms.summary.results')}</Heading>
      {sub.summary.suppressed && <Alert data-color="info">{t('forms.summary.suppressed')}</Alert>}
      <Paragraph>
        {t('common.cases')}: {sub.summary.caseCount} · {t('common.complete')}: {sub.summary.completeCaseCount}
        {days && days.count > 0 &&
          ` · ${t('forms.daysSummary', { median: formatNumber(days.median, lang), min: formatNumber(days.min, lang), max: formatNumber(days.max, lang) })}`}
      </Paragraph>
      <SummaryTable rows={sub.summary.questions} overall={sub.summary.overall} compared={compared}
        provisional={!!sub.comparison?.provisional} changes={new Map(changes.map((q) => [q.question.id, q]))} />
      {compared && !sub.comparison && <Paragraph data-size="sm">{t('common.twoMeasurements')}</Paragraph>}
      {sub.comparison && <ComparisonPanel comparison={sub.comparison} />}
      {publishedFigures && !sub.summary.suppressed && (
        <BenchmarkTable publishedAt={publishedFigures.publishedAt}
          own={{ label: service.name, questions: sub.summary.questions.map((q) => ({ code: q.question.code, ...q.distribution })) }}
          columns={[
            { label: service.county.name, ...publishedFigures.counties.find((c) => c.county?.id === service.county.id)! },
            { label: t('roundtwo.national'), ...publishedFigures.national },
          ].filter((c) => c.questions)} />
      )}
    </>
  );
}
