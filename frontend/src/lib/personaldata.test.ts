import { describe, expect, it } from 'vitest';
import { distinctWords, isTextWarning, textWarnings, warningsAt } from './personaldata';

const warning = {
  graphQLErrors: [{
    message: 'Teksten kan inneholde et personnavn eller helseopplysninger.',
    extensions: {
      code: 'PERSONAL_DATA_WARNING', field: 'assessment',
      warnings: [
        { field: 'assessment', kind: 'LIKELY_NAME', start: 12, end: 16, word: 'Kari' },
        { field: 'assessment', kind: 'HEALTH', start: 20, end: 24, word: 'ADHD' },
        { field: 'improvementPlan.goals[0].description', kind: 'LIKELY_NAME', start: 0, end: 4, word: 'Kari' },
        { field: 'assessment', kind: 'LIKELY_NAME', start: 30, end: 34, word: 'Kari' },
        { field: 'assessment', kind: 'SOMETHING_NEW', start: 0, end: 1, word: 'x' },
      ],
    },
  }],
};
const refusal = { graphQLErrors: [{ message: 'Telefonnummer', extensions: { code: 'PERSONAL_DATA', field: 'assessment', hits: [] } }] };

describe('personal-data warnings', () => {
  it('tell a warning from a refusal', () => {
    expect(isTextWarning(warning)).toBe(true);
    expect(isTextWarning(refusal)).toBe(false);
    expect(isTextWarning(undefined)).toBe(false);
    expect(textWarnings(refusal)).toEqual([]);
  });
  it('keep the warnings of known kinds', () => expect(textWarnings(warning).map((w) => w.kind)).toEqual(['LIKELY_NAME', 'HEALTH', 'LIKELY_NAME', 'LIKELY_NAME']));
  it('place each warning at its own field', () => {
    expect(warningsAt(warning, 'assessment').map((w) => w.word)).toEqual(['Kari', 'ADHD', 'Kari']);
    expect(warningsAt(warning, 'improvementPlan.goals[0].description')).toHaveLength(1);
    expect(warningsAt(warning, 'reflections[0].answer')).toEqual([]);
    expect(warningsAt(refusal, 'assessment')).toEqual([]);
  });
  it('name each word once', () => expect(distinctWords(warningsAt(warning, 'assessment')).map((w) => w.word)).toEqual(['Kari', 'ADHD']));
});
