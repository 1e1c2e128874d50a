import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import { StageBar } from './StageBar';

describe('StageBar', () => {
  it('says every stage with its count and share, and filters on a click', () => {
    const onSelect = vi.fn();
    const { container } = render(
      <I18nProvider>
        <StageBar counts={[{ stage: 'INVITED', count: 1 }, { stage: 'STARTED', count: 2 }, { stage: 'SUBMITTED', count: 0 }]} selected="" onSelect={onSelect} />
      </I18nProvider>,
    );
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Invitert1 (33 %)', 'Startet2 (67 %)', 'Sendt inn0 (0 %)']);
    expect(screen.getByText('3 tjenester i alt')).toBeTruthy();
    // The bar has a segment per stage with services, as wide as its count; it is a picture only.
    const segs = container.querySelectorAll<HTMLElement>('[data-part=stage-bar] > [aria-hidden] > span');
    expect([...segs].map((s) => s.style.flexGrow)).toEqual(['1', '2']);
    expect(container.querySelector('[data-part=stage-bar] > [aria-hidden]')?.getAttribute('aria-hidden')).toBe('true');
    fireEvent.click(buttons[1]!);
    expect(onSelect).toHaveBeenCalledWith('STARTED');
  });

  it('clears the filter when the chosen stage is clicked again', () => {
    const onSelect = vi.fn();
    render(<I18nProvider><StageBar counts={[{ stage: 'STARTED', count: 2 }]} selected="STARTED" onSelect={onSelect} /></I18nProvider>);
    const b = screen.getByRole('button', { pressed: true });
    fireEvent.click(b);
    expect(onSelect).toHaveBeenCalledWith('');
  });
});
