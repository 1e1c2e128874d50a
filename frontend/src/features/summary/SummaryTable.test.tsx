import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { SummaryTable } from './SummaryTable';

const text = (nb: string) => ({ nb, nn: nb, en: nb });
const row = (id: string, yes: number, partly: number, no: number) => {
  const n = yes + partly + no;
  return {
    question: { id, code: id, text: text(`Spørsmål ${id}`) },
    distribution: { yes, partly, no, notPossible: 0, notApplicable: 0, denominator: n, yesShare: yes / n, partlyShare: partly / n, noShare: no / n },
  };
};

describe('SummaryTable', () => {
  it('says when a service’s own comparison rests on too few cases to tell', () => {
    const rows = [row('1.1', 8, 1, 1), row('1.2', 5, 3, 2), row('1.3', 9, 1, 0)];
    const changes = new Map([
      ['1.1', { comparability: 'SAME', withinRandomVariation: true, tooFewToTell: true, yesChange: { difference: 0.3 } }],
      ['1.2', { comparability: 'SAME', withinRandomVariation: false, tooFewToTell: false, yesChange: { difference: -0.45 } }],
      ['1.3', { comparability: 'SAME', withinRandomVariation: true, tooFewToTell: false, yesChange: { difference: 0.02 } }],
    ]);
    render(<I18nProvider><SummaryTable rows={rows} overall={{ yes: 22, partly: 5, no: 3, yesShare: 22 / 30, partlyShare: 5 / 30, noShare: 0.1 }} changes={changes} compared /></I18nProvider>);
    const cell = (code: string) => within(screen.getByRole('row', { name: new RegExp(`^${code.replace('.', '\\.')}`) })).getAllByRole('cell').at(-1)?.textContent;
    expect(cell('1.1')).toBe('+30 prosentpoengfor få saker til å si om noe har endret seg');
    expect(cell('1.2')).toBe('−45 prosentpoengstørre enn tilfeldig variasjon');
    expect(cell('1.3')).toBe('+2 prosentpoenginnenfor tilfeldig variasjon');
    // On phones the same figures stand on one card per question, the change written out in full.
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });
});
