import { lazy } from 'react';
import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import type { DashboardScopeQuery } from '../../gql/graphql';
import { shortTitle } from '../../lib/charts';
import { localized, useI18n } from '../../i18n';
import { ROW_HEIGHT, chartHeight, shareWithInterval, signedPoints } from '../../lib/dashboard';
import type { ComparisonRow } from './ComparisonChart';
import { ChartSlot, Reserve } from './Reserve';
import { Legend } from './Legend';
import { Withheld } from './Withheld';
import { TableRegion } from '../../components/TableRegion';

const ComparisonChart = lazy(() => import('./ComparisonChart'));

type Comparison = DashboardScopeQuery['roundComparison'];
type Question = Comparison['questions'][number];
type Share = Question['current']['yes'];

const point = (s: Share) => (s.share != null && s.low != null && s.high != null ? { share: s.share, low: s.low, high: s.high } : null);
const codes = (q: Question) => q.predecessors.map((p) => p.code).join(', ');

/**
 * This round against the previous one, question by question through the lineage: split questions
 * are each compared with the whole question they came from, new questions with nothing. The notes
 * say what two measurements can and cannot show.
 */
export function ComparisonSection({ scopeName, comparison, busy }: { scopeName: string; comparison?: Comparison; busy: boolean }) {
  const { t, lang } = useI18n();
  const previous = comparison?.previousRound;
  const title = comparison && previous
    ? t('results.comparison', { previous: localized(previous.title, lang), current: localized(comparison.round.title, lang) })
    : t('common.comparedWith');
  const shown = comparison?.questions.filter((q) => !q.suppressed) ?? [];
  const rows: ComparisonRow[] = shown.map((q) => ({
    label: q.comparability === 'SPLIT' || q.comparability === 'MERGED'
      ? shortTitle(`${q.question.code} (${codes(q)})`, localized(q.question.text, lang))
      : shortTitle(q.question.code, localized(q.question.text, lang)),
    previous: q.comparability === 'NEW' ? null : point(q.previous.yes),
    current: point(q.current.yes),
  }));
  const split = comparison?.questions.filter((q) => q.comparability === 'SPLIT') ?? [];
  const added = comparison?.questions.filter((q) => q.comparability === 'NEW') ?? [];
  return (
    <section aria-labelledby="comparison" className="egk-stack" aria-busy={busy}>
      <Heading level={2} data-size="md" id="comparison">{title} – {scopeName}</Heading>
      {!comparison ? (
        <Reserve height="40rem" />
      ) : !previous ? (
        <Paragraph>{t('results.noPrevious')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('results.comparisonLead')}</Paragraph>
          <ul className="results-notes">
            <li>{t('common.twoMeasurements')}</li>
            <li>{t('results.variationNote')}</li>
            <li>{t('results.clusterNote')}</li>
            {split.length > 0 && <li>{t('results.splitNote', { codes: split.map((q) => `${codes(q)} → ${q.question.code}`).join(', ') })}</li>}
            {added.length > 0 && <li>{t('results.newNote', { codes: added.map((q) => q.question.code).join(', ') })}</li>}
          </ul>
          <Legend keys={[
            { label: localized(previous.title, lang), shape: 'circle', color: 'previous' },
            { label: localized(comparison.round.title, lang), shape: 'square', color: 'current' },
          ]} />
          <ChartSlot height={chartHeight(rows.length, ROW_HEIGHT.comparison)}>
            <ComparisonChart rows={rows} axisLabel={t('common.yesShare')} />
          </ChartSlot>
          <TableRegion>
            <Table>
              <caption className="ds-sr-only">{title} – {scopeName}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.question')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('results.comparedTo')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('results.yesIn', { round: localized(previous.title, lang) })}</Table.HeaderCell>
                  <Table.HeaderCell>{t('results.yesIn', { round: localized(comparison.round.title, lang) })}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.change')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {comparison.questions.map((q) => (
                  <Table.Row key={q.question.id}>
                    <Table.Cell><strong>{q.question.code}</strong> {localized(q.question.text, lang)}</Table.Cell>
                    <Table.Cell><Lineage q={q} /></Table.Cell>
                    {q.suppressed ? (
                      <Table.Cell colSpan={3}><Withheld reason={q.suppressedReason} /></Table.Cell>
                    ) : (
                      <>
                        <Table.Cell className="egk-num">{q.comparability === 'NEW' ? '–' : shareWithInterval(q.previous.yes)}</Table.Cell>
                        <Table.Cell className="egk-num">{shareWithInterval(q.current.yes)}</Table.Cell>
                        <Table.Cell><Change q={q} /></Table.Cell>
                      </>
                    )}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        </>
      )}
    </section>
  );
}

/** Which earlier question a question is compared with; split and new questions stand out. */
function Lineage({ q }: { q: Question }) {
  const { t } = useI18n();
  if (q.comparability === 'SAME') return <>{codes(q)}</>;
  const text = t(`results.lineage.${q.comparability}`, { codes: codes(q) });
  return <Tag data-color={q.comparability === 'NEW' ? 'info' : 'warning'} data-size="sm">{text}</Tag>;
}

/** The change in percentage points and whether it is larger than random variation, or rests on too few answers to tell. */
function Change({ q }: { q: Question }) {
  const { t } = useI18n();
  if (!q.yesChange) return <>–</>;
  return (
    <span className="results-change">
      <span className="egk-num">{t('results.points', { n: signedPoints(q.yesChange.difference) })}</span>
      {q.tooFewToTell ? (
        <Tag data-color="neutral" data-size="sm">{t('common.tooFewToTell')}</Tag>
      ) : q.withinRandomVariation ? (
        <span>{t('common.withinVariation')}</span>
      ) : (
        <Tag data-color={q.yesChange.difference > 0 ? 'success' : 'danger'} data-size="sm">{t('common.beyondVariation')}</Tag>
      )}
    </span>
  );
}
