import type { ActionStatus } from '../gql/graphql';

export type ActionDraft = { description: string; owner: string; startDate: string; dueDate: string; status: ActionStatus };
export type GoalDraft = { questionId: string; description: string; target: string; measure: string; actions: ActionDraft[] };

type StoredGoal = {
  question?: { id: string } | null; description: string; target: string; measure: string;
  actions: { description: string; owner: string; startDate?: string | null; dueDate?: string | null; status: ActionStatus }[];
};

export const emptyAction = (): ActionDraft => ({ description: '', owner: '', startDate: '', dueDate: '', status: 'PLANNED' });
export const emptyGoal = (): GoalDraft => ({ questionId: '', description: '', target: '', measure: '', actions: [emptyAction()] });

/** The stored plan as editable drafts. */
export function goalDrafts(goals: readonly StoredGoal[]): GoalDraft[] {
  return goals.map((g) => ({
    questionId: g.question?.id ?? '', description: g.description, target: g.target, measure: g.measure,
    actions: g.actions.map((a) => ({ description: a.description, owner: a.owner, startDate: a.startDate ?? '', dueDate: a.dueDate ?? '', status: a.status })),
  }));
}

/**
 * The drafts as the server's ImprovementPlanInput. Goals without a description and actions without
 * a description are left out: they are the empty rows a person added and did not fill in.
 */
export function planInput(goals: readonly GoalDraft[]) {
  return {
    goals: goals.filter((g) => g.description.trim() !== '').map((g) => ({
      questionId: g.questionId || null, description: g.description, target: g.target, measure: g.measure,
      actions: g.actions.filter((a) => a.description.trim() !== '').map((a) => ({
        description: a.description, owner: a.owner, startDate: a.startDate || null, dueDate: a.dueDate || null, status: a.status,
      })),
    })),
  };
}
