import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { QuestionOptions } from './QuestionOptions';

function renderOptions(options: string[], value: string | null = null) {
  const onChoose = vi.fn();
  render(
    <I18nProvider>
      <QuestionOptions questionId="q1" options={options} value={value} onChoose={onChoose} />
    </I18nProvider>,
  );
  return onChoose;
}

describe('QuestionOptions', () => {
  it('offers "Ikke mulig" where the question allows it', () => {
    renderOptions(['YES', 'PARTLY', 'NO', 'NOT_POSSIBLE']);
    expect(screen.getByRole('radio', { name: 'Ikke mulig' })).toBeTruthy();
  });

  it('never offers "Ikke mulig" where the question does not allow it', () => {
    renderOptions(['YES', 'PARTLY', 'NO']);
    expect(screen.queryByRole('radio', { name: 'Ikke mulig' })).toBeNull();
    expect(screen.getAllByRole('radio')).toHaveLength(3);
  });

  it('shows the saved answer and reports a new choice', () => {
    const onChoose = renderOptions(['YES', 'PARTLY', 'NO'], 'PARTLY');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Delvis' }).checked).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Nei' }));
    expect(onChoose).toHaveBeenCalledWith('NO');
  });
});
