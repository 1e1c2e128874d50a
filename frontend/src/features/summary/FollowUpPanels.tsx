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
      <Heading level={2} data-size="md" id="previous-goals">{t('r2GoalsTitle')}</Heading>
      <Paragraph data-size="sm">{t('r2GoalsHelp')}</Paragraph>
      {goals.map((g) => {
        const value = values[g.index] ?? null;
        return (
          <div key={g.index} className="egk-stack egk-panel">
            <Heading level={3} data-size="xs">{t('r2GoalNo', { n: g.index + 1 })}: {g.goal.description}</Heading>
            {g.goal.target && <Paragraph data-size="sm">{t('r2GoalTarget')}: {g.goal.target}</Paragraph>}
            {g.results.length > 0 ? (
              <TableRegion>
                <Table data-size="sm">
                  <caption className="ds-sr-only">{t('r2GoalResultsCaption', { n: g.index + 1 })}</caption>
                  <Table.Head>
                    <Table.Row>
                      <Table.HeaderCell>{t('question')}</Table.HeaderCell>
                      <Table.HeaderCell>{t('r2PreviousRound')}</Table.HeaderCell>
                      <Table.HeaderCell>{t('r2ThisRound')}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Head>
                  <Table.Body>
                    {g.results.map((r) => (
                      <Table.Row key={r.question.code}>
                        <Table.Cell>{r.question.code}{g.goal.question && g.goal.question.code !== r.question.code ? ` (${g.goal.question.code})` : ''}</Table.Cell>
                        <Table.Cell>{r.previousSuppressed ? t('resWithheld') : shares(r.previous)}</Table.Cell>
                        <Table.Cell>{r.currentSuppressed ? t('resWithheld') : shares(r.current)}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </TableRegion>
            ) : <Paragraph data-size="sm">{t('r2GoalNoQuestion')}</Paragraph>}
            {editable ? (
              <Fieldset>
                <Fieldset.Legend>{t('r2GoalReachedQuestion')}</Fieldset.Legend>
                {GOAL_RESULTS.map((r) => (
                  <Radio key={r} name={`goal-${g.index}`} value={r} label={t(`r2Goal_${r}`)} checked={value === r} onChange={() => onChange(g.index, r)} />
                ))}
              </Fieldset>
            ) : (
              <Paragraph>{t('r2GoalReachedQuestion')} <strong>{g.judgement ? t(`r2Goal_${g.judgement}`) : t('r2GoalNotJudged')}</strong></Paragraph>
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
  const change = (x: Change) => (x == null ? '–' : t('pointsChange', { n: signedPoints(x.difference) }));
  const c = comparison;
  const split = c.questions.filter((q) => q.comparability === 'SPLIT' || q.comparability === 'MERGED').map((q) => q.question.code);
  const focus = c.questions.filter((q) => q.focus).map((q) => q.question.code);
  const row = (label: string, tot: Total) => (
    ['yes', 'partly', 'no'] as const
  ).map((o, i) => (
    <Table.Row key={`${label}-${o}`}>
      {i === 0 && <Table.HeaderCell rowSpan={3} scope="rowgroup">{label} ({t('r2QuestionCount', { n: tot.questions.length })})</Table.HeaderCell>}
      <Table.Cell>{t(`option_${o === 'yes' ? 'YES' : o === 'partly' ? 'PARTLY' : 'NO'}`)}</Table.Cell>
      <Table.Cell>{percent(tot.previous[o].share)} ({tot.previous[o].count})</Table.Cell>
      <Table.Cell>{percent(tot.current[o].share)} ({tot.current[o].count})</Table.Cell>
      <Table.Cell>{change(o === 'yes' ? tot.yesChange : o === 'partly' ? tot.partlyChange : tot.noChange)}</Table.Cell>
    </Table.Row>
  ));
  return (
    <section className="egk-stack" aria-labelledby="full-comparison">
      <div className="egk-row">
        <Heading level={2} data-size="md" id="full-comparison">{t('r2ComparisonTitle', { round: localized(c.previousRound.title, lang) })}</Heading>
        {c.provisional && <Tag data-color="warning">{t('r2Provisional')}</Tag>}
      </div>
      {c.provisional && <Paragraph data-size="sm">{t('r2ProvisionalHelp')}</Paragraph>}
      <Paragraph data-size="sm">{t('changeExplained')}</Paragraph>
      {c.suppressed ? <Paragraph>{c.suppressedReason || t('resWithheld')}</Paragraph> : (
        <TableRegion>
          <Table data-size="sm">
            <caption>{t('r2ComparisonCaption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('r2Questions')}</Table.HeaderCell>
                <Table.HeaderCell>{t('r2Answer')}</Table.HeaderCell>
                <Table.HeaderCell>{t('r2PreviousRound')}</Table.HeaderCell>
                <Table.HeaderCell>{t('r2ThisRound')}</Table.HeaderCell>
                <Table.HeaderCell className="egk-change-cell">{t('change')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {row(t('r2AllQuestions'), c.total)}
              {c.focus.questions.length > 0 && row(t('r2FocusQuestions'), c.focus)}
            </Table.Body>
          </Table>
        </TableRegion>
      )}
      <Paragraph data-size="sm">
        {focus.length > 0 ? t('r2FocusList', { codes: focus.join(', ') }) : t('r2NoFocus')}
        {split.length > 0 && ` ${t('r2SplitNote', { codes: split.join(', ') })}`}
      </Paragraph>
      <Paragraph data-size="sm">{t('twoMeasurements')}</Paragraph>
    </section>
  );
}
