import { describe, expect, it } from 'vitest';
import { boxRows, chartHeight, completeness, drillSearch, readDrill, shareDomain, shareWithInterval, shortOfficeName, signedPoints, sortRows, thresholds } from './dashboard';

describe('drill-down in the address', () => {
  it.each([
    ['', { by: 'OFFICE', id: null }],
    ['?by=county', { by: 'COUNTY', id: null }],
    ['?office=9', { by: 'OFFICE', id: '9' }],
    ['?county=11', { by: 'COUNTY', id: '11' }],
    ['?county=11&office=9', { by: 'COUNTY', id: '11' }],
  ] as const)('reads %s', (search, drill) => expect(readDrill(new URLSearchParams(search))).toEqual(drill));

  it('writes what it reads', () => {
    for (const d of [{ by: 'OFFICE', id: null }, { by: 'COUNTY', id: null }, { by: 'OFFICE', id: '9' }, { by: 'COUNTY', id: '11' }] as const) {
      expect(readDrill(new URLSearchParams(drillSearch(d)))).toEqual(d);
    }
  });
});

describe('completeness', () => {
  const entry = (office: string, county: string, status: string) => ({ service: { office: { id: office }, county: { id: county } }, status });
  const entries = [entry('1', '1', 'SUBMITTED'), entry('1', '2', 'SUBMITTED'), entry('1', '2', 'IN_PROGRESS'), entry('2', '3', 'RETURNED')];
  it('counts submitted forms per office, also those asked to be corrected', () => {
    expect(completeness(entries, 'OFFICE')).toEqual(new Map([['1', { sent: 2, total: 3 }], ['2', { sent: 1, total: 1 }]]));
  });
  it('counts per county', () => expect(completeness(entries, 'COUNTY').get('2')).toEqual({ sent: 1, total: 2 }));
});

describe('sortRows', () => {
  const rows = [{ n: 'Øst', v: 2 }, { n: 'Agder', v: null }, { n: 'Vest', v: 5 }];
  it('sorts numbers both ways with blanks last', () => {
    expect(sortRows(rows, (r) => r.v, 'ascending').map((r) => r.n)).toEqual(['Øst', 'Vest', 'Agder']);
    expect(sortRows(rows, (r) => r.v, 'descending').map((r) => r.n)).toEqual(['Vest', 'Øst', 'Agder']);
  });
  it('sorts names the Norwegian way (Ø after V)', () => {
    expect(sortRows(rows, (r) => r.n, 'ascending').map((r) => r.n)).toEqual(['Agder', 'Vest', 'Øst']);
  });
});

describe('formatting', () => {
  it('shows changes in percentage points with a sign', () => {
    expect([signedPoints(0.152), signedPoints(-0.031), signedPoints(0.001)]).toEqual(['+15', '−3', '0']);
  });
  it('writes a share with its interval', () => {
    expect(shareWithInterval({ share: 0.8384, low: 0.7852, high: 0.8804 })).toBe('84 % (79–88 %)');
    expect(shareWithInterval({ share: null, low: null, high: null })).toBe('–');
  });
  it('shortens office names for charts', () => {
    expect(shortOfficeName('Statsforvalteren i Vestland')).toBe('Vestland');
    expect(shortOfficeName('Statsforvaltaren i Agder')).toBe('Agder');
    expect(shortOfficeName('The County Governor of Rogaland')).toBe('Rogaland');
    expect(shortOfficeName('Barneverntjenesten i Bergen')).toBe('Barneverntjenesten i Bergen');
  });
});

describe('days', () => {
  const days = (count: number, above = [7, 14]) => ({ count, q1: count ? 3 : null, median: count ? 6 : null, q3: count ? 10 : null, max: count ? 20 : null,
    above: above.map((d) => ({ days: d, count: 0, share: null })) });
  it('draws only scopes with days filled in', () => {
    const rows = boxRows([{ key: 'n', label: 'Nasjonalt', days: days(10), emphasis: true }, { key: 'a', label: 'Agder', days: days(0) }]);
    expect(rows).toEqual([{ key: 'n', label: 'Nasjonalt', q1: 3, median: 6, q3: 10, max: 20, emphasis: true }]);
  });
  it('lists the thresholds once, in order', () => expect(thresholds([days(1, [14, 7]), days(2, [7, 30])])).toEqual([7, 14, 30]));
  it('reserves the height of a chart', () => expect(chartHeight(10, 20)).toBe(264));
});

describe('shareDomain', () => {
  it('spans the intervals in whole tens', () => expect(shareDomain([{ low: 0.455, high: 0.62 }, { low: 0.7, high: 0.88 }])).toEqual([0.4, 0.9]));
  it('keeps a round bound as it is', () => expect(shareDomain([{ low: 0.5, high: 0.8 }])).toEqual([0.5, 0.8]));
  it('stays within 0–100 %', () => expect(shareDomain([{ low: 0, high: 1 }])).toEqual([0, 1]));
  it('covers everything without points', () => expect(shareDomain([])).toEqual([0, 1]));
});
