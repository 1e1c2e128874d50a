import { Fieldset, Heading, Paragraph, Radio, Table, Tag } from '@digdir/designsystemet-react';
import type { GoalResult } from '../../gql/graphql';
import { localized, useI18n } from '../../i18n';
import { percent } from '../../lib/stats';
import { TableRegion } from '../../components/TableRegion';
import { signedPoints } from './SummaryTable';

type Dist = { yes: number; partly: number; no: number; denominator: number };
type Share = { count: number; share?: number | null };
type Stats = { yes: Share; partly: Share; no: Share; denominator: number };
type Change = { difference: number; significant: boolean } | null | undefined;
type Total = { questions: readonly { code: string }[]; current: Stats; previous: Stats; yesChange?: Change; partlyChange?: Change; noChange?: Change };

export type GoalRow = {
  index: number;
  goal: { description: string; target: string; question?: { code: string } | null };
  judgement?: GoalResult | null;
  results: readonly { question: { code: string }; previous: Dist; current: Dist; previousSuppressed: boolean; currentSuppressed: boolean }[];
};

export type Comparison = {
  provisional: boolean;
  suppressed: boolean;
  suppressedReason?: string | null;
  previousRound: { title: { nb: string; nn: string; en: string } };
  total: Total;
  focus: Total;
  questions: readonly { question: { code: string }; focus: boolean; comparability: string }[];
};

const GOAL_RESULTS: GoalResult[] = ['REACHED', 'PARTLY_REACHED', 'NOT_REACHED'];

const shares = (d: Dist) =>
  d.denominator ? `${percent(d.yes / d.denominator)} / ${percent(d.partly / d.denominator)} / ${percent(d.no / d.denominator)} (n = ${d.denominator})` : '–';

/** Each goal of the previous round's plan beside this round's result on its question, and the service's own judgement. */
export function PreviousGoalsPanel({ goals, editable, values, onChange }: {
  goals: readonly GoalRow[];
  editable: boolean;
  values: Record<number, GoalResult | null>;
  onChange: (index: number, result: GoalResult) => void;
}) {
  const { t } = useI18n();
  if (goals.length === 0) return null;
  return (
    <section className="egk-stack" aria-labelledby="previous-goals">
      <Heading level={2} data-size="md" id="previous-goals">{t('roundtwo.goalsTitle')}</Heading>
      <Paragraph data-size="sm">{t('roundtwo.goalsHelp')}</Paragraph>
      {goals.map((g) => {
        const value = values[g.index] ?? null;
        return (
          <div key={g.index} className="egk-stack egk-panel">
            <Heading level={3} data-size="xs">{t('roundtwo.goal.no', { n: g.index + 1 })}: {g.goal.description}</Heading>
            {g.goal.target && <Paragraph data-size="sm">{t('roundtwo.goal.target')}: {g.goal.target}</Paragraph>}
            {g.results.length > 0 ? (
              <TableRegion>
                <Table data-size="sm">
                  <caption className="ds-sr-only">{t('roundtwo.goal.resultsCaption', { n: g.index + 1 })}</caption>
                  <Table.Head>
                    <Table.Row>
                      <Table.HeaderCell>{t('common.question')}</Table.HeaderCell>
                      <Table.HeaderCell>{t('roundtwo.previousRound')}</Table.HeaderCell>
                      <Table.HeaderCell>{t('roundtwo.thisRound')}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Head>
                  <Table.Body>
                    {g.results.map((r) => (
                      <Table.Row key={r.question.code}>
                        <Table.Cell>{r.question.code}{g.goal.question && g.goal.question.code !== r.question.code ? ` (${g.goal.question.code})` : ''}</Table.Cell>
                        <Table.Cell>{r.previousSuppressed ? t('results.withheld') : shares(r.previous)}</Table.Cell>
                        <Table.Cell>{r.currentSuppressed ? t('results.withheld') : shares(r.current)}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </TableRegion>
            ) : <Paragraph data-size="sm">{t('roundtwo.goal.noQuestion')}</Paragraph>}
            {editable ? (
              <Fieldset>
                <Fieldset.Legend>{t('roundtwo.goal.reachedQuestion')}</Fieldset.Legend>
                {GOAL_RESULTS.map((r) => (
                  <Radio key={r} name={`goal-${g.index}`} value={r} label={t(`roundtwo.goal.${r}`)} checked={value === r} onChange={() => onChange(g.index, r)} />
                ))}
              </Fieldset>
            ) : (
              <Paragraph>{t('roundtwo.goal.reachedQuestion')} <strong>{g.judgement ? t(`roundtwo.goal.${g.judgement}`) : t('roundtwo.goal.notJudged')}</strong></Paragraph>
            )}
          </div>
        );
      })}
    </section>
  );
}


/** The full comparison with the previous round: Ja, Delvis and Nei in total and on the focus questions; "foreløpig" while a draft. */
export function ComparisonPanel({ comparison }: { comparison: Comparison }) {
  const { t, lang } = useI18n();
  const change = (x: Change) => (x == null ? '–' : t('leader.pointsChange', { n: signedPoints(x.difference) }));
  const c = comparison;
  const split = c.questions.filter((q) => q.comparability === 'SPLIT' || q.comparability === 'MERGED').map((q) => q.question.code);
  const focus = c.questions.filter((q) => q.focus).map((q) => q.question.code);
  const row = (label: string, tot: Total) => (
    ['yes', 'partly', 'no'] as const
  ).map((o, i) => (
    <Table.Row key={`${label}-${o}`}>
      {i === 0 && <Table.HeaderCell rowSpan={3} scope="rowgroup">{label} ({t('roundtwo.questionCount', { n: tot.questions.length })})</Table.HeaderCell>}
      <Table.Cell>{t(`common.option.${o === 'yes' ? 'YES' : o === 'partly' ? 'PARTLY' : 'NO'}`)}</Table.Cell>
      <Table.Cell>{percent(tot.previous[o].share)} ({tot.previous[o].count})</Table.Cell>
      <Table.Cell>{percent(tot.current[o].share)} ({tot.current[o].count})</Table.Cell>
      <Table.Cell>{change(o === 'yes' ? tot.yesChange : o === 'partly' ? tot.partlyChange : tot.noChange)}</Table.Cell>
    </Table.Row>
  ));
  return (
    <section className="egk-stack" aria-labelledby="full-comparison">
      <div className="egk-row">
        <Heading level={2} data-size="md" id="full-comparison">{t('roundtwo.comparisonTitle', { round: localized(c.previousRound.title, lang) })}</Heading>
        {c.provisional && <Tag data-color="warning">{t('roundtwo.provisional')}</Tag>}
      </div>
      {c.provisional && <Paragraph data-size="sm">{t('roundtwo.provisionalHelp')}</Paragraph>}
      <Paragraph data-size="sm">{t('leader.changeExplained')}</Paragraph>
      {c.suppressed ? <Paragraph>{c.suppressedReason || t('results.withheld')}</Paragraph> : (
        <TableRegion>
          <Table data-size="sm">
            <caption>{t('roundtwo.comparisonCaption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('roundtwo.questions')}</Table.HeaderCell>
                <Table.HeaderCell>{t('roundtwo.answer')}</Table.HeaderCell>
                <Table.HeaderCell>{t('roundtwo.previousRound')}</Table.HeaderCell>
                <Table.HeaderCell>{t('roundtwo.thisRound')}</Table.HeaderCell>
                <Table.HeaderCell className="egk-change-cell">{t('common.change')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {row(t('roundtwo.allQuestions'), c.total)}
              {c.focus.questions.length > 0 && row(t('roundtwo.focus.questions'), c.focus)}
            </Table.Body>
          </Table>
        </TableRegion>
      )}
      <Paragraph data-size="sm">
        {focus.length > 0 ? t('roundtwo.focus.list', { codes: focus.join(', ') }) : t('roundtwo.noFocus')}
        {split.length > 0 && ` ${t('roundtwo.splitNote', { codes: split.join(', ') })}`}
      </Paragraph>
      <Paragraph data-size="sm">{t('common.twoMeasurements')}</Paragraph>
    </section>
  );
}
