import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n';
import { TableRegion } from './TableRegion';

describe('TableRegion', () => {
  it('names each scrolling region after its table, so no two share a name', () => {
    render(
      <I18nProvider>
        <section>
          <h2>Tjenester</h2>
          <p>Forklaring</p>
          <TableRegion><table><tbody><tr><td>1</td></tr></tbody></table></TableRegion>
        </section>
        <section>
          <h2>Spørsmål</h2>
          <TableRegion><table><caption>Svar per spørsmål</caption><tbody><tr><td>1</td></tr></tbody></table></TableRegion>
        </section>
        <TableRegion label="Fylkesrapporter"><table><tbody><tr><td>1</td></tr></tbody></table></TableRegion>
      </I18nProvider>,
    );
    const names = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'));
    expect(names).toEqual([
      'Tjenester. Tabell (kan rulles sidelengs)',
      'Svar per spørsmål. Tabell (kan rulles sidelengs)',
      'Fylkesrapporter. Tabell (kan rulles sidelengs)',
    ]);
  });
});
