import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider } from '../../i18n';
import { MissingSummary, groupMissing, missingPartLink } from './MissingSummary';

const base = '/tjenester/7/runder/2';
const ids = new Map([[3, '42']]);

describe('missingPartLink', () => {
  it('sends a case part to the case, a form part to its field and "no cases" to the case list', () => {
    expect(missingPartLink({ field: 'closedMonth', caseNumber: 3, message: '' }, base, ids)).toBe(`${base}/saker/42`);
    expect(missingPartLink({ field: 'assessment', message: '' }, base, ids)).toBe(`${base}/samleskjema#summary-assessment`);
    expect(missingPartLink({ field: 'cases', message: '' }, base, ids)).toBe(base);
  });
});

describe('groupMissing', () => {
  it('puts a case\'s unanswered questions on one line', () => {
    const parts = ['1.1', '1.2', '1.3'].map((q) => ({ field: 'answer', caseNumber: 2, questionCode: q, message: `Sak 2: spørsmål ${q} er ikke besvart.` }));
    const grouped = groupMissing([...parts, { field: 'closedMonth', caseNumber: 2, message: 'Sak 2: måneden mangler.' }], (n, codes) => `${n} (${codes})`);
    expect(grouped.map((p) => p.message)).toEqual(['Sak 2: 3 (1.1, 1.2, 1.3)', 'Sak 2: måneden mangler.']);
  });
});

describe('MissingSummary', () => {
  it('links every missing part, and says so when nothing is missing', () => {
    const { rerender } = render(
      <I18nProvider><MemoryRouter>
        <MissingSummary base={base} caseIds={ids} parts={[
          { field: 'answer', caseNumber: 3, questionCode: '1.1', message: 'Sak 3: spørsmål 1.1 er ikke besvart.' },
          { field: 'assessment', message: 'Skriv vurderingen av behovet for forbedring.' },
        ]} />
      </MemoryRouter></I18nProvider>,
    );
    expect(screen.getByText('Dette må fylles ut før du kan sende inn')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sak 3: spørsmål 1.1 er ikke besvart.' }).getAttribute('href')).toBe(`${base}/saker/42`);
    expect(screen.getByRole('link', { name: 'Skriv vurderingen av behovet for forbedring.' }).getAttribute('href')).toBe(`${base}/samleskjema#summary-assessment`);
    rerender(<I18nProvider><MemoryRouter><MissingSummary base={base} caseIds={ids} parts={[]} /></MemoryRouter></I18nProvider>);
    expect(screen.getByRole('status').textContent).toBe('Alle obligatoriske deler er fylt ut.');
  });
});
