import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import type { ComponentProps, ReactNode } from 'react';
import { I18nProvider } from '../../i18n';
import { ComparisonSection } from './ComparisonSection';
import { DaysSection } from './DaysSection';
import { ServicesTable } from './ServicesTable';

// The charts are drawn by a browser library; the tables next to them carry the figures tested here.
vi.mock('./ComparisonChart', () => ({ default: () => null }));
vi.mock('./DaysChart', () => ({ default: () => null }));
// jsdom has no Web Animations; Designsystemet's skeleton synchronises its pulse with them.
if (!document.getAnimations) document.getAnimations = () => [];

const text = (nb: string) => ({ nb, nn: nb, en: nb });
const share = (s: number | null) => ({ share: s, low: s == null ? null : s - 0.05, high: s == null ? null : s + 0.05 });
const question = (code: string, comparability: 'SAME' | 'SPLIT' | 'NEW', more: Partial<{ suppressed: boolean; difference: number; within: boolean; tooFew: boolean }> = {}) => ({
  question: { id: code, code, text: text(`Spørsmål ${code}`) },
  comparability,
  predecessors: comparability === 'NEW' ? [] : [{ code: code.replace(/[ab]$/, '') }],
  suppressed: !!more.suppressed,
  suppressedReason: more.suppressed ? 'Færre enn 5 saker.' : null,
  current: { yes: share(more.suppressed ? null : 0.67) },
  previous: { yes: share(comparability === 'NEW' || more.suppressed ? null : 0.52) },
  yesChange: comparability === 'NEW' || more.suppressed ? null : { difference: more.difference ?? 0.15 },
  withinRandomVariation: comparability === 'NEW' || more.suppressed ? null : (more.within ?? false),
  tooFewToTell: comparability === 'NEW' || more.suppressed ? null : (more.tooFew ?? false),
});
const wrap = (ui: ReactNode) => render(<I18nProvider>{ui}</I18nProvider>);

describe('ComparisonSection', () => {
  const comparison = {
    round: { title: text('Egenkontroll nr. 2') },
    previousRound: { id: '1', title: text('Egenkontroll nr. 1') },
    questions: [question('1.1', 'SAME', { difference: 0.02, within: true }), question('2.5', 'NEW'), question('3.7a', 'SPLIT'), question('4.1', 'SAME', { suppressed: true }),
      question('5.1', 'SAME', { difference: 0.3, within: true, tooFew: true })],
  };

  it('marks split and new questions and says what two measurements cannot show', () => {
    wrap(<ComparisonSection scopeName="Nasjonalt" comparison={comparison} busy={false} />);
    const table = screen.getByRole('table', { name: 'Egenkontroll nr. 1 mot Egenkontroll nr. 2 – Nasjonalt' });
    const split = within(table).getByRole('row', { name: /3\.7a/ });
    expect(within(split).getByText('Delt fra 3.7')).toBeTruthy();
    expect(within(split).getByText('+15 prosentpoeng')).toBeTruthy();
    expect(within(split).getByText('større enn tilfeldig variasjon')).toBeTruthy();
    expect(within(within(table).getByRole('row', { name: /2\.5/ })).getByText('Nytt spørsmål')).toBeTruthy();
    expect(within(within(table).getByRole('row', { name: /1\.1/ })).getByText('innenfor tilfeldig variasjon')).toBeTruthy();
    expect(within(within(table).getByRole('row', { name: /4\.1/ })).getByText('Færre enn 5 saker.')).toBeTruthy();
    expect(screen.getByText(/betyr ikke «ingen endring»/)).toBeTruthy();
    expect(screen.getByText(/To målinger er ikke en trend/)).toBeTruthy();
    expect(screen.getByText(/3\.7 → 3\.7a/)).toBeTruthy();
  });

  it('says plainly when the numbers are too few to tell', () => {
    wrap(<ComparisonSection scopeName="Tjenesten" comparison={comparison} busy={false} />);
    const table = screen.getByRole('table', { name: /Tjenesten/ });
    const few = within(table).getByRole('row', { name: /5\.1/ });
    expect(within(few).getByText('+30 prosentpoeng')).toBeTruthy();
    expect(within(few).getByText('for få saker til å si om noe har endret seg')).toBeTruthy();
    expect(within(few).queryByText('innenfor tilfeldig variasjon')).toBeNull();
    expect(screen.getByText(/Svar fra samme tjeneste henger sammen/)).toBeTruthy();
  });

  it('says so when there is no earlier round', () => {
    wrap(<ComparisonSection scopeName="Nasjonalt" comparison={{ ...comparison, previousRound: null }} busy={false} />);
    expect(screen.getByText(/Dette er den første runden/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('keeps the space while loading', () => {
    wrap(<ComparisonSection scopeName="Nasjonalt" busy />);
    expect(screen.getByRole('status')).toBeTruthy();
  });
});

describe('DaysSection', () => {
  const days = (median: number) => ({ count: 20, q1: 4, median, q3: 10, max: 29, above: [{ days: 7, count: 8, share: 0.4 }, { days: 14, count: 2, share: 0.1 }] });
  const scopes: ComponentProps<typeof DaysSection>['scopes'] = [
    { key: 'n', label: 'Nasjonalt', days: days(6), emphasis: true },
    { key: '1', label: 'Statsforvalteren i Agder', days: days(6.5) },
    { key: '2', label: 'Statsforvalteren i Oslo', days: { count: 0, above: [] }, withheld: 'Færre enn 5 saker.' },
  ];

  it('carries the distribution and the shares above 7 and 14 days in a table', () => {
    wrap(<DaysSection scopeName="Nasjonalt" scopes={scopes} busy={false} />);
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Over 7 dager' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: 'Over 14 dager' })).toBeTruthy();
    const agder = within(table).getByRole('row', { name: /Agder/ });
    expect(within(agder).getAllByRole('cell').map((c) => c.textContent)).toEqual(['20', '6,5', '4–10', '29', '8 (40 %)', '2 (10 %)']);
    expect(within(within(table).getByRole('row', { name: /Oslo/ })).getByText('Færre enn 5 saker.')).toBeTruthy();
  });

  it('explains when the round did not collect days', () => {
    wrap(<DaysSection scopeName="Nasjonalt" scopes={[{ key: 'n', label: 'Nasjonalt', days: { count: 0, above: [] } }]} busy={false} />);
    expect(screen.getByText(/samlet ikke inn antall dager/)).toBeTruthy();
  });
});

describe('ServicesTable', () => {
  it('lists every service, withholding figures on too few cases', () => {
    const entry = (id: string, name: string, status: 'SUBMITTED' | 'NOT_STARTED') => ({ service: { id, name, office: { id: '9' }, county: { id: '11' } }, status });
    const stats = (id: string, suppressed: boolean) => ({
      service: { id }, caseCount: suppressed ? 3 : 11, suppressed, suppressedReason: suppressed ? 'Færre enn 5 saker.' : null,
      overall: { yes: share(suppressed ? null : 0.79) }, daysToFirstActivity: { count: 11, q1: 4, median: 6, q3: 8, max: 20, above: [] },
    });
    wrap(<ServicesTable busy={false}
      entries={[entry('1', 'Barneverntjenesten i Bergen', 'SUBMITTED'), entry('2', 'Barneverntjenesten i Askøy', 'SUBMITTED'), entry('3', 'Sunnhordland', 'NOT_STARTED')]}
      stats={[stats('1', false), stats('2', true)]} />);
    expect(within(screen.getByRole('row', { name: /Bergen/ })).getByText('79 % (74–84 %)')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /Askøy/ })).getByText('Færre enn 5 saker.')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /Sunnhordland/ })).getByText('Ikke startet')).toBeTruthy();
  });
});
