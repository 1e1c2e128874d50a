import { describe, expect, it } from 'vitest';
import { catalogues, flatten, formatDate, translate } from './i18n';

describe('message catalogues', () => {
  it('have the same texts and no empty ones in Bokmål, Nynorsk and English', () => {
    const nb = flatten(catalogues.nb);
    const keys = Object.keys(nb).sort();
    expect(keys.length).toBeGreaterThan(1000);
    for (const lang of ['nn', 'en'] as const) {
      const other = flatten(catalogues[lang]);
      expect(Object.keys(other).sort()).toEqual(keys);
      for (const k of keys) expect(other[k]!.trim(), `${lang} ${k}`).not.toBe('');
    }
    for (const k of keys) expect(nb[k]!.trim(), `nb ${k}`).not.toBe('');
  });
  it('read a text by its path, area first', () => {
    expect(translate('nb', 'common.status.SUBMITTED')).toBe('Sendt inn');
    expect(translate('en', 'admin.title')).toBe('Administration');
  });
  it('fill in parameters', () => expect(translate('nn', 'common.caseNo', { n: 3 })).toBe('Sak 3'));
  it('format dates the Norwegian way', () => expect(formatDate('2026-03-31')).toBe('31.03.2026'));
});

describe('number and time formats', () => {
  it('use the decimal comma in Norwegian and the point in English', async () => {
    const { formatNumber } = await import('./i18n');
    expect(formatNumber(4.5, 'nb')).toBe('4,5');
    expect(formatNumber(4.5, 'en')).toBe('4.5');
    expect(formatNumber(null, 'nn')).toBe('–');
  });
  it('show times in Norwegian time whatever the browser zone', async () => {
    const { formatDateTime } = await import('./i18n');
    // 23:30 UTC on 31 March 2026 is 01:30 on 1 April in Oslo (summer time).
    expect(formatDateTime('2026-03-31T23:30:00Z', 'nb')).toMatch(/01\.04\.2026.*01:30/);
  });
});
