// The summary form's draft: what the service has typed over the stored form, and the variables a
// save sends. Pure functions, so that the page and its autosave build the same draft.
import type { GoalResult, SummaryQuery, WayForward } from '../../gql/graphql';
import { goalDrafts, planInput, type GoalDraft } from '../../lib/plan';

export type Submission = NonNullable<SummaryQuery['submission']>;
export type Round = NonNullable<SummaryQuery['round']>;

/** DraftValues are every field of the form a service fills in. */
export interface DraftValues {
  assessment: string;
  reflections: Record<string, string>;
  feedback: Record<string, string>;
  wayForward: { decision: WayForward | null; comment: string };
  judgements: Record<number, GoalResult | null>;
  comments: Record<string, string>;
  goals: GoalDraft[];
}

/** storedValues are the form's fields as last saved. */
export function storedValues(sub: Submission | null | undefined): DraftValues {
  return {
    assessment: sub?.assessment ?? '',
    reflections: Object.fromEntries((sub?.reflections ?? []).map((r) => [r.question.id, r.answer])),
    feedback: Object.fromEntries((sub?.feedback ?? []).map((r) => [r.question.id, r.answer])),
    wayForward: { decision: sub?.wayForward?.decision ?? null, comment: sub?.wayForward?.comment ?? '' },
    judgements: Object.fromEntries((sub?.previousGoals ?? []).map((g) => [g.index, g.judgement ?? null])),
    comments: Object.fromEntries((sub?.questionComments ?? []).map((c) => [c.question.id, c.comment])),
    goals: goalDrafts(sub?.improvementPlan.goals ?? []),
  };
}

/**
 * draftInput is everything a draft save sends: one entry per question of the questionnaire, and
 * the goal results and way forward only from the second round on.
 */
export function draftInput(serviceId: string, roundId: string, round: Round, sub: Submission | null | undefined, v: DraftValues) {
  const laterRound = round.number > 1;
  return {
    serviceId, roundId, assessment: v.assessment,
    questionComments: round.questionnaire.questions.map((q) => ({ questionId: q.id, comment: v.comments[q.id] ?? '' })),
    reflections: round.questionnaire.reflectionQuestions.map((q) => ({ questionId: q.id, answer: v.reflections[q.id] ?? '' })),
    feedback: round.questionnaire.feedbackQuestions.map((q) => ({ questionId: q.id, answer: v.feedback[q.id] ?? '' })),
    ...(laterRound && (sub?.previousGoals.length ?? 0) > 0
      ? { goalResults: (sub?.previousGoals ?? []).map((g) => ({ goal: g.index, result: v.judgements[g.index] ?? null })) } : {}),
    ...(laterRound ? { wayForward: { decision: v.wayForward.decision, comment: v.wayForward.decision ? v.wayForward.comment : '' } } : {}),
    plan: planInput(v.goals),
  };
}
