import { describe, expect, it } from 'vitest';
import { changedPlaces, redactionTextProblem } from './redaction';
import { catalogues } from '../i18n';

describe('text to remove', () => {
  it('must be at least four characters, white space around it not counted', () => {
    expect(redactionTextProblem('')).toBe('redactTooShort');
    expect(redactionTextProblem('  \n\t ')).toBe('redactTooShort');
    expect(redactionTextProblem(' Kar ')).toBe('redactTooShort');
    expect(redactionTextProblem('Kari')).toBeUndefined();
    expect(redactionTextProblem('Ærø ')).toBe('redactTooShort');
  });
  it('cannot be part of the marker that replaces it', () => {
    expect(redactionTextProblem('fjernet')).toBe('redactIsMarker');
    expect(redactionTextProblem('[fjernet]')).toBe('redactIsMarker');
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
      { key: 'redactPlace_ANSWER_COMMENT', count: 2 }, { key: 'redactPlace_REVISION_SNAPSHOT', count: 1 }, { key: 'redactPlace_AUDIT_VALUE', count: 3 },
    ]);
    for (const kind of ['ANSWER_COMMENT', 'SUBMISSION_TEXT', 'REVISION_SNAPSHOT', 'RETURN_REASON', 'PARTICIPATION_TEXT', 'AUDIT_VALUE']) {
      for (const lang of ['nb', 'nn', 'en'] as const) expect(catalogues[lang][`redactPlace_${kind}` as keyof typeof catalogues.nb]).toBeTruthy();
    }
  });
});
