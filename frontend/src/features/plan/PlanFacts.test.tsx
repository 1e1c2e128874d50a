import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { PlanFacts } from './PlanPage';

type Plan = Parameters<typeof PlanFacts>[0]['plan'];

const plan: Plan = {
  version: 0, started: false, fromRevision: 1, submittedAt: '2024-12-15T10:00:00Z', lastChangedAt: null, ownMethod: false,
  ownPlanSummary: '', ownPlanLocation: '', measuresBeganOn: '2025-01-15', measuresBeganSetOn: null, remindersEnabled: false,
  goals: [], progress: { actions: 4, started: 2, done: 1, dropped: 1, overdue: 1 },
};

describe('PlanFacts', () => {
  it('says when a plan was never touched since submitting, with its counts and when the measures began', () => {
    render(<I18nProvider><PlanFacts plan={plan} /></I18nProvider>);
    const text = document.body.textContent ?? '';
    expect(text).toContain('Planen ble sendt inn 15.12.2024');
    expect(text).toContain('Ikke oppdatert siden innsending');
    expect(text).toContain('4 tiltak: 2 startet, 1 gjennomført, 1 avbrutt, 1 over fristen.');
    expect(text).toContain('Tiltakene regnes som startet 15.01.2025.');
  });

  it('shows the own method\'s summary and where the full plan lives', () => {
    render(<I18nProvider><PlanFacts plan={{ ...plan, version: 3, started: true, lastChangedAt: '2025-04-02T08:00:00Z', ownMethod: true,
      ownPlanSummary: 'Kommunens modell for kvalitetsforbedring.', ownPlanLocation: 'Kvalitetssystemet' }} /></I18nProvider>);
    expect(screen.getByRole('heading', { name: 'Vi bruker egen metode for forbedringsarbeidet' })).toBeTruthy();
    expect(screen.getByText('Kommunens modell for kvalitetsforbedring.')).toBeTruthy();
    expect(document.body.textContent).toContain('Sist oppdatert 02.04.2025');
    expect(document.body.textContent).not.toContain('Ikke oppdatert');
  });
});
