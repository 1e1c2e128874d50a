import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { emptyGoal, type GoalDraft } from '../../lib/plan';
import { PlanEditor } from './PlanEditor';

const questions = [{ id: '7', code: '3.2', text: { nb: 'Snakket med barnet?', nn: 'Snakka med barnet?', en: 'Talked with the child?' } }];
const goal: GoalDraft = {
  questionId: '7', description: 'Samtale med barnet i alle undersøkelser', target: '80 % Ja innen neste runde', measure: 'Spørsmål 3.2 neste runde',
  actions: [{ description: 'Sjekkliste i fagmøtet', owner: 'Fagleder', startDate: '', dueDate: '2026-05-01', status: 'IN_PROGRESS' }],
};

function renderEditor(goals: GoalDraft[], editable: boolean, fieldError = (_: string): string | undefined => undefined) {
  const onChange = vi.fn();
  render(<I18nProvider><PlanEditor goals={goals} onChange={onChange} editable={editable} questions={questions} fieldError={fieldError} /></I18nProvider>);
  return onChange;
}

describe('PlanEditor', () => {
  it('shows a submitted plan as text and a table of actions, with no inputs', () => {
    renderEditor([goal], false);
    expect(screen.getByRole('heading', { name: /Mål 1: Samtale med barnet/ })).toBeTruthy();
    const table = screen.getByRole('table');
    expect(within(table).getByText('Fagleder')).toBeTruthy();
    expect(within(table).getByText('01.05.2026')).toBeTruthy();
    expect(within(table).getByText('Pågår')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('adds a second action to a goal', () => {
    const onChange = renderEditor([goal], true);
    fireEvent.click(screen.getByRole('button', { name: 'Legg til tiltak' }));
    const next = onChange.mock.calls[0]![0] as GoalDraft[];
    expect(next[0]!.actions).toHaveLength(2);
    expect(next[0]!.actions[1]!.status).toBe('PLANNED');
  });

  it('shows the server\'s error next to the action it concerns', () => {
    renderEditor([emptyGoal()], true, (path) => (path === 'improvementPlan.goals[0].actions[0].owner' ? 'Skriv ikke navn.' : undefined));
    expect(screen.getByText('Skriv ikke navn.')).toBeTruthy();
    expect(screen.getByLabelText('Ansvarlig (rolle, ikke navn)').getAttribute('aria-invalid')).toBe('true');
  });
});
