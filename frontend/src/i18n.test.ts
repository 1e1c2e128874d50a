import { describe, expect, it } from 'vitest';
import { catalogues, formatDate, translate } from './i18n';

describe('message catalogues', () => {
  it('have the same keys and no empty texts in Bokmål, Nynorsk and English', () => {
    const keys = Object.keys(catalogues.nb).sort();
    for (const lang of ['nn', 'en'] as const) {
      expect(Object.keys(catalogues[lang]).sort()).toEqual(keys);
      for (const k of keys) expect(catalogues[lang][k as keyof typeof catalogues.nb].trim()).not.toBe('');
    }
  });
  it('fill in parameters', () => expect(translate('nn', 'caseNo', { n: 3 })).toBe('Sak 3'));
  it('format dates the Norwegian way', () => expect(formatDate('2026-03-31')).toBe('31.03.2026'));
});
