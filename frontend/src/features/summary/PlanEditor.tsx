import type { ReactNode } from 'react';
import { Button, Field, Fieldset, Heading, Label, Paragraph, Select, Table, Textfield } from '@digdir/designsystemet-react';
import type { ActionStatus } from '../../gql/graphql';
import { formatDate, localized, useI18n, type MessageKey } from '../../i18n';
import { emptyAction, emptyGoal, type ActionDraft, type GoalDraft } from '../../lib/plan';
import { TableRegion } from '../../components/TableRegion';

const STATUSES: ActionStatus[] = ['PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'];

type Question = { id: string; code: string; text: { nb: string; nn: string; en: string } };

/**
 * The improvement plan as the Norwegian improvement model asks for it: per weak question a goal
 * (how much, by when), the measure that shows it (the same question re-scored next round) and the
 * actions with an owner (a role, not a name), due date and status.
 */
export function PlanEditor({ goals, onChange, editable, questions, fieldError, fieldWarning = () => null }: {
  goals: GoalDraft[];
  onChange: (goals: GoalDraft[]) => void;
  editable: boolean;
  questions: readonly Question[];
  fieldError: (path: string) => string | undefined;
  /** What to show under a text field when the server warns about its text (see TextWarning). */
  fieldWarning?: (path: string) => ReactNode;
}) {
  const { t, lang } = useI18n();
  const byId = new Map(questions.map((q) => [q.id, q]));
  const setGoal = (i: number, patch: Partial<GoalDraft>) => onChange(goals.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const setAction = (i: number, k: number, patch: Partial<ActionDraft>) =>
    setGoal(i, { actions: goals[i]!.actions.map((a, j) => (j === k ? { ...a, ...patch } : a)) });

  if (!editable) {
    if (goals.length === 0) return <Paragraph>{t('forms.planEmpty')}</Paragraph>;
    return (
      <>
        {goals.map((g, i) => {
          const q = byId.get(g.questionId);
          return (
            <article key={i} className="egk-stack egk-goal">
              <Heading level={3} data-size="xs">{t('common.goal')} {i + 1}: {g.description}</Heading>
              <dl className="egk-facts-list">
                <div><dt>{t('common.targetQuestion')}</dt><dd>{q ? `${q.code} ${localized(q.text, lang)}` : t('common.none')}</dd></div>
                <div><dt>{t('common.target')}</dt><dd>{g.target || '–'}</dd></div>
                <div><dt>{t('common.measure')}</dt><dd>{g.measure || '–'}</dd></div>
              </dl>
              {g.actions.length > 0 && (
                <TableRegion>
                  <Table data-size="sm">
                    <caption className="ds-sr-only">{t('forms.actionsOfGoal', { n: i + 1 })}</caption>
                    <Table.Head>
                      <Table.Row>
                        <Table.HeaderCell>{t('common.action')}</Table.HeaderCell><Table.HeaderCell>{t('common.owner')}</Table.HeaderCell>
                        <Table.HeaderCell>{t('roundtwo.startDate')}</Table.HeaderCell><Table.HeaderCell>{t('common.dueDate')}</Table.HeaderCell><Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
                      </Table.Row>
                    </Table.Head>
                    <Table.Body>
                      {g.actions.map((a, k) => (
                        <Table.Row key={k}>
                          <Table.Cell>{a.description}</Table.Cell><Table.Cell>{a.owner || '–'}</Table.Cell>
                          <Table.Cell>{a.startDate ? formatDate(a.startDate) : '–'}</Table.Cell>
                          <Table.Cell>{a.dueDate ? formatDate(a.dueDate) : '–'}</Table.Cell>
                          <Table.Cell>{t(`forms.action.status.${a.status}` as MessageKey)}</Table.Cell>
                        </Table.Row>
                      ))}
                    </Table.Body>
                  </Table>
                </TableRegion>
              )}
            </article>
          );
        })}
      </>
    );
  }

  return (
    <>
      <Paragraph data-size="sm">{t('forms.planHelp')}</Paragraph>
      {goals.map((g, i) => {
        const path = `improvementPlan.goals[${i}]`;
        return (
          <Fieldset key={i} className="egk-goal">
            <Fieldset.Legend>{t('common.goal')} {i + 1}</Fieldset.Legend>
            <Field>
              <Label htmlFor={`goal-q-${i}`}>{t('common.targetQuestion')}</Label>
              <Select id={`goal-q-${i}`} value={g.questionId} onChange={(e) => setGoal(i, { questionId: e.target.value })}>
                <Select.Option value="">{t('common.none')}</Select.Option>
                {questions.map((q) => <Select.Option key={q.id} value={q.id}>{q.code} {localized(q.text, lang)}</Select.Option>)}
              </Select>
            </Field>
            <Textfield label={t('common.goal')} value={g.description} error={fieldError(`${path}.description`)} onChange={(e) => setGoal(i, { description: e.target.value })} />
            {fieldWarning(`${path}.description`)}
            <div className="egk-grid">
              <Textfield label={t('common.target')} value={g.target} error={fieldError(`${path}.target`)} onChange={(e) => setGoal(i, { target: e.target.value })} />
              <Textfield label={t('common.measure')} value={g.measure} error={fieldError(`${path}.measure`)} onChange={(e) => setGoal(i, { measure: e.target.value })} />
            </div>
            {fieldWarning(`${path}.target`)}
            {fieldWarning(`${path}.measure`)}
            {g.actions.map((a, k) => (
              <Fieldset key={k} className="egk-action">
                <Fieldset.Legend>{t('forms.action.no', { n: k + 1 })}</Fieldset.Legend>
                <Textfield label={t('common.action')} value={a.description} error={fieldError(`${path}.actions[${k}].description`)}
                  onChange={(e) => setAction(i, k, { description: e.target.value })} />
                {fieldWarning(`${path}.actions[${k}].description`)}
                <div className="egk-grid">
                  <Textfield label={t('common.owner')} value={a.owner} error={fieldError(`${path}.actions[${k}].owner`)}
                    onChange={(e) => setAction(i, k, { owner: e.target.value })} />
                  <Textfield label={t('roundtwo.startDate')} type="date" value={a.startDate} error={fieldError(`${path}.actions[${k}].startDate`)}
                    onChange={(e) => setAction(i, k, { startDate: e.target.value })} />
                  <Textfield label={t('common.dueDate')} type="date" value={a.dueDate} error={fieldError(`${path}.actions[${k}].dueDate`)}
                    onChange={(e) => setAction(i, k, { dueDate: e.target.value })} />
                  <Field>
                    <Label htmlFor={`action-status-${i}-${k}`}>{t('common.status.label')}</Label>
                    <Select id={`action-status-${i}-${k}`} value={a.status} onChange={(e) => setAction(i, k, { status: e.target.value as ActionStatus })}>
                      {STATUSES.map((s) => <Select.Option key={s} value={s}>{t(`forms.action.status.${s}` as MessageKey)}</Select.Option>)}
                    </Select>
                  </Field>
                </div>
                {fieldWarning(`${path}.actions[${k}].owner`)}
                <Button variant="tertiary" data-size="sm" onClick={() => setGoal(i, { actions: g.actions.filter((_, j) => j !== k) })}>
                  {t('forms.removeAction', { n: k + 1 })}
                </Button>
              </Fieldset>
            ))}
            <div className="egk-row">
              <Button variant="secondary" data-size="sm" onClick={() => setGoal(i, { actions: [...g.actions, emptyAction()] })}>{t('forms.addAction')}</Button>
              <Button variant="tertiary" data-size="sm" onClick={() => onChange(goals.filter((_, j) => j !== i))}>{t('common.removeGoal')}</Button>
            </div>
          </Fieldset>
        );
      })}
      <Button variant="secondary" onClick={() => onChange([...goals, emptyGoal()])}>{t('common.addGoal')}</Button>
    </>
  );
}
