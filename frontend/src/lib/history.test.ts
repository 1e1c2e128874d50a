import { describe, expect, it } from 'vitest';
import { historyLine } from './history';

describe('historyLine', () => {
  it.each([
    ['a status change names the new status', 'submission.status', '{"status":"SUBMITTED"}', { kind: 'status', status: 'SUBMITTED' }],
    ['another action is named by itself', 'submission.draft', '{"assessment":"…"}', { kind: 'action', action: 'submission.draft' }],
    ['a status change without a readable value', 'submission.status', 'not json', { kind: 'action', action: 'submission.status' }],
    ['no value at all', 'submission.return', null, { kind: 'action', action: 'submission.return' }],
  ])('%s', (_, action, value, want) => expect(historyLine(action, value)).toEqual(want));
});
