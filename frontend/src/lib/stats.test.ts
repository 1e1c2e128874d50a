import { describe, expect, it } from 'vitest';
import { samplingWarnings } from './stats';

describe('samplingWarnings', () => {
  it('warns about few cases', () => expect(samplingWarnings(['DISMISSED', 'MEASURES_DECIDED'])).toContain('common.sampling.few'));
  it('warns when few ended in measures', () =>
    expect(samplingWarnings(['DISMISSED', 'DISMISSED', 'DISMISSED', 'MEASURES_DECIDED', 'DISMISSED'])).toEqual(['common.sampling.skewed']));
  it('is quiet for a good sample', () =>
    expect(samplingWarnings(['DISMISSED', 'MEASURES_DECIDED', 'MEASURES_DECIDED', 'CARE_ORDER_PROPOSED', 'DISMISSED'])).toEqual([]));
});
