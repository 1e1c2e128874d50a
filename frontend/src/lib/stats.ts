export type SamplingWarning = 'common.sampling.few' | 'common.sampling.skewed';

/** Warnings about a case sample, from the guidance to the services. */
export function samplingWarnings(outcomes: (string | null | undefined)[]): SamplingWarning[] {
  const out: SamplingWarning[] = [];
  if (outcomes.length > 0 && outcomes.length < 5) out.push('common.sampling.few');
  const known = outcomes.filter((o): o is string => !!o);
  if (known.length >= 4 && known.filter((o) => o === 'MEASURES_DECIDED' || o === 'CARE_ORDER_PROPOSED').length * 2 < known.length) {
    out.push('common.sampling.skewed');
  }
  return out;
}

export function percent(v: number | null | undefined): string {
  return v == null ? '–' : `${Math.round(v * 100)} %`;
}
