// Labels and order of the analyst's charts.

/**
 * shortTitle is a question's chart label: its number and the start of its text, cut at a word and
 * marked with "…" when longer than max characters: "1.3 Barnet ble snakket med …".
 */
export function shortTitle(code: string, text: string, max = 42): string {
  const clean = text.replace(/\s+/g, ' ').trim().replace(/[?.:]$/, '');
  const full = `${code} ${clean}`;
  if (full.length <= max) return full;
  const cut = full.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > code.length + 8 ? cut.slice(0, space) : cut).replace(/[,;:]$/, '')} …`;
}

export type ChartOrder = 'questionnaire' | 'highest' | 'lowest';

/** sortChartRows orders rows by the questionnaire, or by the Ja share; withheld rows last either way. */
export function sortChartRows<T extends { share: number | null }>(rows: T[], order: ChartOrder): T[] {
  if (order === 'questionnaire') return rows;
  const sign = order === 'highest' ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.share == null || b.share == null) return (a.share == null ? 1 : 0) - (b.share == null ? 1 : 0);
    return sign * (a.share - b.share);
  });
}
