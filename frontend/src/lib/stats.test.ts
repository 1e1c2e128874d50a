import { describe, expect, it } from 'vitest';
import { samplingWarnings, wilson, withinRandomVariation } from './stats';

describe('wilson', () => {
  it.each([
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [10, 10, 0.7225, 1],
  ])('%i of %i', (k, n, lo, hi) => {
    const [l, h] = wilson(k, n)!;
    expect(l).toBeCloseTo(lo, 4);
    expect(h).toBeCloseTo(hi, 4);
  });
  it('has no interval without answers', () => expect(wilson(0, 0)).toBeNull());
});

describe('withinRandomVariation', () => {
  it('overlapping intervals are within random variation', () => {
    expect(withinRandomVariation(wilson(5, 10), wilson(7, 10))).toBe(true);
  });
  it('far apart shares are not', () => {
    expect(withinRandomVariation(wilson(10, 100), wilson(90, 100))).toBe(false);
  });
});

describe('samplingWarnings', () => {
  it('warns about few cases', () => expect(samplingWarnings(['DISMISSED', 'MEASURES_DECIDED'])).toContain('samplingFew'));
  it('warns when few ended in measures', () =>
    expect(samplingWarnings(['DISMISSED', 'DISMISSED', 'DISMISSED', 'MEASURES_DECIDED', 'DISMISSED'])).toEqual(['samplingSkewed']));
  it('is quiet for a good sample', () =>
    expect(samplingWarnings(['DISMISSED', 'MEASURES_DECIDED', 'MEASURES_DECIDED', 'CARE_ORDER_PROPOSED', 'DISMISSED'])).toEqual([]));
});
