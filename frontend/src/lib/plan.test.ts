import { describe, expect, it } from 'vitest';
import { emptyAction, emptyGoal, goalDrafts, planInput } from './plan';

describe('improvement plan drafts', () => {
  it('leave out goals and actions that were added but not filled in', () => {
    const goal = { ...emptyGoal(), description: 'Samtale med barnet', actions: [{ ...emptyAction(), description: 'Sjekkliste', owner: 'Fagleder' }, emptyAction()] };
    expect(planInput([goal, emptyGoal()])).toEqual({
      goals: [{
        questionId: null, description: 'Samtale med barnet', target: '', measure: '',
        actions: [{ description: 'Sjekkliste', owner: 'Fagleder', startDate: null, dueDate: null, status: 'PLANNED' }],
      }],
    });
  });

  it('round-trip a stored plan unchanged', () => {
    const stored = [{
      question: { id: '7' }, description: 'Bedre praksis', target: '80 % Ja', measure: 'Samme spørsmål neste runde',
      actions: [{ description: 'Fagdag', owner: 'Leder', startDate: '2025-02-01', dueDate: '2026-05-01', status: 'IN_PROGRESS' as const }],
    }];
    expect(planInput(goalDrafts(stored)).goals[0]).toEqual({
      questionId: '7', description: 'Bedre praksis', target: '80 % Ja', measure: 'Samme spørsmål neste runde',
      actions: [{ description: 'Fagdag', owner: 'Leder', startDate: '2025-02-01', dueDate: '2026-05-01', status: 'IN_PROGRESS' }],
    });
  });
});
