import { describe, expect, it } from 'vitest';
import { changedPlaces, redactionTextProblem } from './redaction';
import { translate, type MessageKey } from '../i18n';

describe('text to remove', () => {
  it('must be at least four characters, white space around it not counted', () => {
    expect(redactionTextProblem('')).toBe('redaction.tooShort');
    expect(redactionTextProblem('  \n\t ')).toBe('redaction.tooShort');
    expect(redactionTextProblem(' Kar ')).toBe('redaction.tooShort');
    expect(redactionTextProblem('Kari')).toBeUndefined();
    expect(redactionTextProblem('Ærø ')).toBe('redaction.tooShort');
  });
  it('cannot be part of the marker that replaces it', () => {
    expect(redactionTextProblem('fjernet')).toBe('redaction.isMarker');
    expect(redactionTextProblem('[fjernet]')).toBe('redaction.isMarker');
    expect(redactionTextProblem('fjernet fra saken')).toBeUndefined();
  });
});

describe('places changed', () => {
  it('lists only the kinds that changed, in order, each with a text in every language', () => {
    const shown = changedPlaces([
      { kind: 'ANSWER_COMMENT', count: 2 }, { kind: 'SUBMISSION_TEXT', count: 0 }, { kind: 'REVISION_SNAPSHOT', count: 1 },
      { kind: 'RETURN_REASON', count: 0 }, { kind: 'PARTICIPATION_TEXT', count: 0 }, { kind: 'AUDIT_VALUE', count: 3 },
    ]);
    expect(shown).toEqual([
      { key: 'redaction.place.ANSWER_COMMENT', count: 2 }, { key: 'redaction.place.REVISION_SNAPSHOT', count: 1 }, { key: 'redaction.place.AUDIT_VALUE', count: 3 },
    ]);
    for (const kind of ['ANSWER_COMMENT', 'SUBMISSION_TEXT', 'REVISION_SNAPSHOT', 'RETURN_REASON', 'PARTICIPATION_TEXT', 'AUDIT_VALUE']) {
      for (const lang of ['nb', 'nn', 'en'] as const) {
        const key = `redaction.place.${kind}` as MessageKey;
        expect(translate(lang, key)).not.toBe(key);
      }
    }
  });
});
