import { describe, expect, it } from 'vitest';
import { firstIncompleteSection, formIsOpen, missingInSection, missingFacts } from './caseform';

const [a, b, c] = [
  { id: 'a', required: true },
  { id: 'b', required: false },
  { id: 'c', required: true },
];
const qs = [a, b, c];

describe('case form progress', () => {
  it.each([
    ['nothing answered', new Map<string, string | null>(), ['a', 'c']],
    ['an optional answer does not help', new Map([['b', 'YES']]), ['a', 'c']],
    ['a comment without an option is still missing', new Map([['a', null], ['c', 'NO']]), ['a']],
    ['all required answered', new Map([['a', 'PARTLY'], ['c', 'NOT_POSSIBLE']]), []],
  ])('%s', (_, chosen, want) => {
    expect(missingInSection(qs, chosen).map((q) => q.id)).toEqual(want);
  });

  it('finds the first section with something missing', () => {
    const sections = [{ questions: [a] }, { questions: [b] }, { questions: [c] }];
    expect(firstIncompleteSection(sections, new Map([['a', 'YES']]))).toBe(2);
    expect(firstIncompleteSection(sections, new Map([['a', 'YES'], ['c', 'NO']]))).toBe(-1);
  });

  it.each([
    [undefined, true], ['NOT_STARTED', true], ['IN_PROGRESS', true], ['RETURNED', true], ['SUBMITTED', false],
  ])('form with status %s is open: %s', (status, open) => expect(formIsOpen(status)).toBe(open));
});

describe('missingFacts', () => {
  it('counts a case without months as incomplete, and the days only where collected', () => {
    expect(missingFacts({ outcome: 'DISMISSED', closedMonth: null }, false)).toEqual(['closedMonth']);
    expect(missingFacts({}, true)).toEqual(['outcome', 'closedMonth', 'daysToFirstActivity']);
    expect(missingFacts({ outcome: 'DISMISSED', closedMonth: '2025-10', daysToFirstActivity: 0 }, true)).toEqual([]);
    expect(missingFacts({ outcome: 'DISMISSED', closedMonth: '2025-10' }, false)).toEqual([]);
  });
});
