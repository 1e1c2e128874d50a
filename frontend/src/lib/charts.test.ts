import { describe, expect, it } from 'vitest';
import { shortTitle, sortChartRows } from './charts';

describe('shortTitle', () => {
  it.each([
    ['1.1', 'Ble barnet snakket med?', '1.1 Ble barnet snakket med'],
    ['5.3', 'Ble det vurdert om undersøkelsen skulle utvides, og ble vurderingen dokumentert i saken?', '5.3 Ble det vurdert om undersøkelsen …'],
    ['2.10', 'Ble  foreldrene\n informert', '2.10 Ble foreldrene informert'],
  ])('%s %s', (code, text, want) => {
    const got = shortTitle(code, text);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(42);
  });
});

describe('sortChartRows', () => {
  const rows = [{ id: 'a', share: 0.5 }, { id: 'b', share: null }, { id: 'c', share: 0.9 }, { id: 'd', share: 0.1 }];
  it.each([
    ['questionnaire', ['a', 'b', 'c', 'd']],
    ['highest', ['c', 'a', 'd', 'b']],
    ['lowest', ['d', 'a', 'c', 'b']],
  ] as const)('%s', (order, want) => {
    expect(sortChartRows(rows, order).map((r) => r.id)).toEqual(want);
  });
});
