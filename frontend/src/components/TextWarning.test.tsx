import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n';
import { TextWarning } from './TextWarning';
import { PlanEditor } from '../features/summary/PlanEditor';
import { emptyGoal } from '../lib/plan';

const warning = {
  graphQLErrors: [{
    message: 'Teksten kan inneholde et personnavn.',
    extensions: {
      code: 'PERSONAL_DATA_WARNING', field: 'comment',
      warnings: [{ field: 'comment', kind: 'LIKELY_NAME', start: 12, end: 16, word: 'Kari' }, { field: 'comment', kind: 'HEALTH', start: 20, end: 24, word: 'ADHD' }],
    },
  }],
};

describe('TextWarning', () => {
  it('shows the warning at its field and saves anyway on request', () => {
    const onConfirm = vi.fn();
    render(<I18nProvider><TextWarning error={warning} field="comment" onConfirm={onConfirm} /></I18nProvider>);
    expect(screen.getByText('Teksten kan inneholde et personnavn.')).toBeTruthy();
    expect(screen.getByText('Ord å sjekke: «Kari» (mulig navn), «ADHD» (helseopplysning).')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lagre likevel' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('shows nothing for another field or for a refusal', () => {
    const refusal = { graphQLErrors: [{ message: 'Telefonnummer', extensions: { code: 'PERSONAL_DATA', field: 'comment' } }] };
    render(<I18nProvider>
      <TextWarning error={warning} field="assessment" onConfirm={() => {}} />
      <TextWarning error={refusal} field="comment" onConfirm={() => {}} />
    </I18nProvider>);
    expect(screen.queryByRole('button', { name: 'Lagre likevel' })).toBeNull();
  });

  it('is shown at the plan field it concerns', () => {
    const planWarning = { graphQLErrors: [{ message: 'Sjekk.', extensions: { code: 'PERSONAL_DATA_WARNING', field: 'improvementPlan.goals[0].actions[0].owner',
      warnings: [{ field: 'improvementPlan.goals[0].actions[0].owner', kind: 'LIKELY_NAME', start: 0, end: 4, word: 'Kari' }] } }] };
    const onConfirm = vi.fn();
    render(<I18nProvider>
      <PlanEditor goals={[emptyGoal()]} onChange={() => {}} editable questions={[]} fieldError={() => undefined}
        fieldWarning={(path) => <TextWarning error={planWarning} field={path} onConfirm={onConfirm} />} />
    </I18nProvider>);
    fireEvent.click(screen.getByRole('button', { name: 'Lagre likevel' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
