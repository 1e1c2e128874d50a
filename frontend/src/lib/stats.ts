/** 95 % Wilson score interval for k of n; null when n is 0. */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] | null {
  if (n <= 0) return null;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Two shares whose intervals overlap differ within random variation. */
export function withinRandomVariation(a: [number, number] | null, b: [number, number] | null): boolean | null {
  if (!a || !b) return null;
  return a[0] <= b[1] && b[0] <= a[1];
}

export type SamplingWarning = 'samplingFew' | 'samplingSkewed';

/** Warnings about a case sample, from the guidance to the services. */
export function samplingWarnings(outcomes: (string | null | undefined)[]): SamplingWarning[] {
  const out: SamplingWarning[] = [];
  if (outcomes.length > 0 && outcomes.length < 5) out.push('samplingFew');
  const known = outcomes.filter((o): o is string => !!o);
  if (known.length >= 4 && known.filter((o) => o === 'MEASURES_DECIDED' || o === 'CARE_ORDER_PROPOSED').length * 2 < known.length) {
    out.push('samplingSkewed');
  }
  return out;
}

export function percent(v: number | null | undefined): string {
  return v == null ? '–' : `${Math.round(v * 100)} %`;
}
