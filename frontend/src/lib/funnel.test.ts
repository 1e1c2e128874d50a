import { describe, expect, it } from 'vitest';
import { canRemind, needsFollowUp, stageShares, stageTag, type FunnelEntryLike } from './funnel';

const entry = (p: Partial<FunnelEntryLike>): FunnelEntryLike => ({ stage: 'STARTED', overdue: false, late: false, replyLate: false, reply: null, reviewed: null, ...p });

describe('stageShares', () => {
  it.each([
    [[1, 1, 1], [34, 33, 33]],
    [[2, 1, 0, 0], [67, 33, 0, 0]],
    [[0, 0], [0, 0]],
    [[30, 0, 1], [97, 0, 3]],
    [[1, 6], [14, 86]],
  ])('%j → %j, adding up to 100', (counts, want) => {
    const got = stageShares(counts.map((count, i) => ({ stage: `S${i}`, count }))).map((s) => s.share);
    expect(got).toEqual(want);
    if (counts.some((c) => c > 0)) expect(got.reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('needsFollowUp and the stage tag', () => {
  it.each([
    // [entry, needs follow-up, can be reminded, tag suffix, tag colour]
    [entry({ stage: 'STARTED' }), true, true, null, 'accent'],
    [entry({ stage: 'STARTED', overdue: true }), true, true, 'funnel.stage.tagOverdue', 'danger'],
    [entry({ stage: 'INVITED', replyLate: true }), true, true, 'funnel.stage.tagReplyMissing', 'warning'],
    [entry({ stage: 'DECLINED', reply: 'NO' }), false, false, null, 'neutral'],
    [entry({ stage: 'SUBMITTED' }), true, false, null, 'success'],
    [entry({ stage: 'SUBMITTED', reviewed: { outdated: false } }), false, false, 'funnel.stage.tagReviewed', 'success'],
    [entry({ stage: 'SUBMITTED', reviewed: { outdated: true } }), true, false, null, 'success'],
    [entry({ stage: 'SUBMITTED', late: true }), true, false, 'funnel.stage.tagLate', 'warning'],
    [entry({ stage: 'RETURNED' }), true, true, null, 'warning'],
    [entry({ stage: 'NOT_INVITED' }), false, false, null, 'neutral'],
  ] as const)('%j', (e, needs, remind, suffix, color) => {
    expect(needsFollowUp(e)).toBe(needs);
    expect(canRemind(e)).toBe(remind);
    expect(stageTag(e)).toEqual({ suffix, color });
  });
});
