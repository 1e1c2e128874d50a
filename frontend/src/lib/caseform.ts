/** A question as the case form needs it to count what is missing. */
export type FormQuestion = { id: string; required: boolean };

/** Answers by question id: the chosen option, if any. */
export type ChosenOptions = ReadonlyMap<string, string | null | undefined>;

/** The required questions of a section that have no option chosen yet. */
export function missingInSection(questions: readonly FormQuestion[], chosen: ChosenOptions): FormQuestion[] {
  return questions.filter((q) => q.required && !chosen.get(q.id));
}

/** The first section with a required question left open, or -1 when every section is complete. */
export function firstIncompleteSection(sections: readonly { questions: readonly FormQuestion[] }[], chosen: ChosenOptions): number {
  return sections.findIndex((s) => missingInSection(s.questions, chosen).length > 0);
}

/**
 * Whether the service may still change its forms: only while the summary form is open for editing.
 * A submitted form must be re-opened by the leader first. A request for correction (RETURNED) leaves
 * the form open: the county office never locks it.
 */
export function formIsOpen(status: string | null | undefined): boolean {
  return !status || status === 'NOT_STARTED' || status === 'IN_PROGRESS' || status === 'RETURNED';
}

/** The facts of a case the completeness rule requires (the server's domain.MissingInCase, in the same order). */
export type CaseFactsState = { outcome?: string | null; closedMonth?: string | null; daysToFirstActivity?: number | null };

/** Which required facts of a case are missing: the outcome, the closing month, and the days where collected. */
export function missingFacts(c: CaseFactsState, collectsDays: boolean): ('outcome' | 'closedMonth' | 'daysToFirstActivity')[] {
  const out: ('outcome' | 'closedMonth' | 'daysToFirstActivity')[] = [];
  if (!c.outcome) out.push('outcome');
  if (!c.closedMonth) out.push('closedMonth');
  if (collectsDays && c.daysToFirstActivity == null) out.push('daysToFirstActivity');
  return out;
}
