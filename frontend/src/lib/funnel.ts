// The funnel's arithmetic, kept apart from the page so it can be tested: shares per stage that add
// up to 100, which services need the advisor's follow-up, and the one tag that says a service's
// stage and status.

export interface StageCount<S extends string = string> { stage: S; count: number }

/** stageShares gives each stage its whole-number share of the total, adding up to exactly 100 (largest remainder). */
export function stageShares<S extends string>(counts: StageCount<S>[]): { stage: S; count: number; share: number }[] {
  const total = counts.reduce((n, c) => n + c.count, 0);
  if (total === 0) return counts.map((c) => ({ ...c, share: 0 }));
  const exact = counts.map((c) => (c.count * 100) / total);
  const shares = exact.map(Math.floor);
  let left = 100 - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (counts[i]!.count > 0) { shares[i]! += 1; left--; }
  }
  return counts.map((c, i) => ({ ...c, share: shares[i]! }));
}

export interface FunnelEntryLike {
  stage: string;
  overdue: boolean;
  late: boolean;
  replyLate: boolean;
  reply?: string | null;
  reviewed?: { outdated: boolean } | null;
}

// Declined services are done; services not invited yet are the invitation's business (the
// "Inviter alle" button), not follow-up.
const DONE = new Set(['DECLINED', 'NOT_INVITED']);

/** isReviewed: the county office has looked at the submitted revision. */
export function isReviewed(e: FunnelEntryLike): boolean {
  return !!e.reviewed && !e.reviewed.outdated;
}

/**
 * needsFollowUp: the advisor still has something to do. Everything but services that declined or
 * are not invited yet and submitted forms the office has reviewed; and always a service past its
 * deadline or its reply date.
 */
export function needsFollowUp(e: FunnelEntryLike): boolean {
  if (e.overdue || e.replyLate) return true;
  if (DONE.has(e.stage)) return false;
  if (e.stage === 'SUBMITTED') return !isReviewed(e);
  return true;
}

/** canRemind: a reminder makes sense for a service that has agreed or not answered, and has not submitted. */
export function canRemind(e: FunnelEntryLike): boolean {
  return e.stage !== 'SUBMITTED' && e.stage !== 'DECLINED' && e.stage !== 'NOT_INVITED';
}

export type TagColor = 'success' | 'danger' | 'warning' | 'info' | 'neutral' | 'accent';

/** stageTag is the one tag for a service's stage and status: the message key of its suffix and its colour. */
export function stageTag(e: FunnelEntryLike): { suffix: 'funnel.stage.tagOverdue' | 'funnel.stage.tagLate' | 'funnel.stage.tagReplyMissing' | 'funnel.stage.tagReviewed' | null; color: TagColor } {
  if (e.overdue) return { suffix: 'funnel.stage.tagOverdue', color: 'danger' };
  if (e.replyLate && !e.reply) return { suffix: 'funnel.stage.tagReplyMissing', color: 'warning' };
  if (e.stage === 'SUBMITTED' && isReviewed(e)) return { suffix: e.late ? 'funnel.stage.tagLate' : 'funnel.stage.tagReviewed', color: 'success' };
  if (e.late) return { suffix: 'funnel.stage.tagLate', color: 'warning' };
  const color: Record<string, TagColor> = {
    NOT_INVITED: 'neutral', INVITED: 'neutral', ATTENDED_MEETING: 'info', AGREED: 'info', DECLINED: 'neutral',
    STARTED: 'accent', SUBMITTED: 'success', RETURNED: 'warning',
  };
  return { suffix: null, color: color[e.stage] ?? 'neutral' };
}
