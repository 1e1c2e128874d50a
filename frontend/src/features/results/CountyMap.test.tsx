import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../../i18n';
import CountyMap, { areaValue, type MapArea } from './CountyMap';
import { lcc } from '../../map/projection';

const areas: MapArea[] = [
  { id: 'o46', name: 'Statsforvalteren i Vestland', sent: 3, total: 4, yesShare: 0.62, withheld: null },
  { id: 'o55', name: 'Statsforvalteren i Troms og Finnmark', sent: 1, total: 2, yesShare: null, withheld: 'færre enn 5 saker' },
];
const officeOf: Record<string, string> = { '46': 'o46', '55': 'o55', '56': 'o55' };

describe('CountyMap', () => {
  it('draws every county, hatches withheld areas and gives the figures as a table', () => {
    const { container } = render(
      <I18nProvider><CountyMap areas={areas} areaOf={(n) => officeOf[n]} chosenId="o46" level="OFFICE" /></I18nProvider>,
    );
    expect(container.querySelectorAll('path[data-county]')).toHaveLength(15);
    const svg = screen.getByRole('img');
    expect(svg.getAttribute('aria-labelledby')).toBeTruthy();
    // On the Ja share, Troms and Finnmark (one withheld office) are hatched; Vestland is coloured.
    fireEvent.change(screen.getByLabelText('Vis på kartet'), { target: { value: 'yes' } });
    const hatched = [...container.querySelectorAll('path[data-withheld="true"]')].map((p) => p.getAttribute('data-county')).sort();
    expect(hatched).toEqual(['55', '56']);
    expect(container.querySelector('path[data-county="46"]')?.getAttribute('fill')).toMatch(/^#/);
    // The table alternative: one row per area with the figures in words.
    const table = screen.getByRole('table', { hidden: true });
    const rows = within(table).getAllByRole('row', { hidden: true }).slice(1).map((r) => r.textContent);
    expect(rows).toEqual([
      'Statsforvalteren i Vestland3 / 4 (75 %)62 %',
      'Statsforvalteren i Troms og Finnmark1 / 2 (50 %)Holdt tilbake: færre enn 5 saker',
    ]);
  });

  it('takes completeness or the Ja share, and nothing from a withheld area', () => {
    expect(areaValue(areas[0]!, 'completeness')).toBe(0.75);
    expect(areaValue(areas[1]!, 'yes')).toBeNull();
    expect(areaValue({ ...areas[1]!, total: 0 }, 'completeness')).toBeNull();
  });

  it('projects north up and east right', () => {
    const [xOslo, yOslo] = lcc(10.75, 59.91);
    const [xTromso, yTromso] = lcc(18.96, 69.65);
    expect(yTromso).toBeGreaterThan(yOslo);
    expect(xTromso).toBeGreaterThan(xOslo);
  });
});
