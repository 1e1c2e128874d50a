import { describe, expect, it } from 'vitest';
import { catalogues, formatDate, translate } from './i18n';
import { modules } from './messages';

describe('message catalogues', () => {
  it('have the same keys and no empty texts in Bokmål, Nynorsk and English', () => {
    const keys = Object.keys(catalogues.nb).sort();
    for (const lang of ['nn', 'en'] as const) {
      expect(Object.keys(catalogues[lang]).sort()).toEqual(keys);
      for (const k of keys) expect(catalogues[lang][k as keyof typeof catalogues.nb].trim()).not.toBe('');
    }
  });
  it('define each key in one module only', () => {
    const seen = new Map<string, string>();
    for (const [name, mod] of Object.entries(modules)) {
      for (const k of Object.keys(mod.nb)) {
        expect(seen.get(k), `${k} is in both ${seen.get(k)} and ${name}`).toBeUndefined();
        seen.set(k, name);
      }
    }
  });
  it('fill in parameters', () => expect(translate('nn', 'caseNo', { n: 3 })).toBe('Sak 3'));
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
