// Pure logic of the national results page: the drill-down in the address, completeness counts,
// sorting, and the rows the charts and tables of days and shares are drawn from.

export type Level = 'OFFICE' | 'COUNTY';

/** Where the analyst has drilled to: the breakdown level and, when narrowed, one office or county. */
export type Drill = { by: Level; id: string | null };

/** readDrill reads the drill-down from the address (`?office=9`, `?county=11`, `?by=county`). */
export function readDrill(params: URLSearchParams): Drill {
  const county = params.get('county');
  if (county) return { by: 'COUNTY', id: county };
  const office = params.get('office');
  if (office) return { by: 'OFFICE', id: office };
  return { by: params.get('by') === 'county' ? 'COUNTY' : 'OFFICE', id: null };
}

/** drillSearch is the search string that reads back as the same drill-down, so it can be shared. */
export function drillSearch(d: Drill): string {
  if (d.id) return `?${d.by === 'COUNTY' ? 'county' : 'office'}=${encodeURIComponent(d.id)}`;
  return d.by === 'COUNTY' ? '?by=county' : '';
}

/**
 * A form counts as sent in when it is submitted, also when the county office has asked for a
 * correction since: the request leaves the sent form standing (the office approves nothing: the guide, § 1.2).
 */
export function isSent(status: string): boolean {
  return status === 'SUBMITTED' || status === 'RETURNED';
}

type FunnelEntry = { service: { office: { id: string }; county: { id: string } }; status: string };

/** completeness counts, per office or county, the services that have sent in and all services. */
export function completeness(entries: FunnelEntry[], by: Level): Map<string, { sent: number; total: number }> {
  const out = new Map<string, { sent: number; total: number }>();
  for (const e of entries) {
    const key = by === 'OFFICE' ? e.service.office.id : e.service.county.id;
    const c = out.get(key) ?? { sent: 0, total: 0 };
    out.set(key, { sent: c.sent + (isSent(e.status) ? 1 : 0), total: c.total + 1 });
  }
  return out;
}

export type SortDir = 'ascending' | 'descending';

/**
 * sortRows sorts by a text or number; rows without a value go last either way, like a blank in
 * Excel. Names are Norwegian, so they sort the Norwegian way (Æ, Ø, Å last) in every language.
 */
export function sortRows<T>(rows: readonly T[], value: (r: T) => string | number | null | undefined, dir: SortDir): T[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'nb');
    return c * sign;
  });
}

/** signedPoints shows a change in a share as whole percentage points with its sign (+4, −3, 0). */
export function signedPoints(difference: number): string {
  const n = Math.round(difference * 100);
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

/**
 * shortOfficeName drops the "Statsforvalteren i" that every office name starts with, so chart
 * labels fit a phone; tables keep the full name.
 */
export function shortOfficeName(name: string): string {
  return name.replace(/^(Statsforvalteren i|Statsforvaltaren i|The County Governor of) /, '');
}

/** The days-to-first-activity figures of one scope, as the graph returns them. */
export type DaysFigures = {
  count: number;
  q1?: number | null;
  median?: number | null;
  q3?: number | null;
  max?: number | null;
  above: { days: number; count: number; share?: number | null }[];
};

/** One box of the days chart. */
export type BoxRow = { key: string; label: string; q1: number; median: number; q3: number; max: number; emphasis: boolean };

/** boxRows keeps the scopes that have days filled in; the rest have nothing to draw. */
export function boxRows(list: { key: string; label: string; days: DaysFigures; emphasis?: boolean }[]): BoxRow[] {
  const out: BoxRow[] = [];
  for (const { key, label, days: d, emphasis } of list) {
    if (d.count > 0 && d.q1 != null && d.median != null && d.q3 != null && d.max != null) {
      out.push({ key, label, q1: d.q1, median: d.median, q3: d.q3, max: d.max, emphasis: !!emphasis });
    }
  }
  return out;
}

/** thresholds lists the day limits the figures were counted above (7 and 14 unless asked otherwise). */
export function thresholds(list: DaysFigures[]): number[] {
  return [...new Set(list.flatMap((d) => d.above.map((a) => a.days)))].sort((a, b) => a - b);
}

/** Pixel heights of the lazily drawn charts, known before their code loads so the space is kept. */
export const ROW_HEIGHT = { days: 52, shares: 24, comparison: 34 } as const;
const CHART_CHROME = 64; // top margin, the axis with its label below it

export function chartHeight(rows: number, rowHeight: number): number {
  return rows * rowHeight + CHART_CHROME;
}

/** shareWithInterval writes a share and its 95 % interval the short way: "84 % (79–88 %)". */
export function shareWithInterval(s: { share?: number | null; low?: number | null; high?: number | null }): string {
  if (s.share == null) return '–';
  const p = (v: number) => Math.round(v * 100);
  return s.low == null || s.high == null ? `${p(s.share)} %` : `${p(s.share)} % (${p(s.low)}–${p(s.high)} %)`;
}

/**
 * shareDomain is the stretch of the share axis that holds every interval, widened to whole tens
 * of percent: dots need no zero line, and the differences between rounds get the room.
 */
export function shareDomain(points: { low: number; high: number }[]): [number, number] {
  if (points.length === 0) return [0, 1];
  const low = Math.floor(Math.min(...points.map((p) => p.low)) * 10 + 1e-9) / 10;
  const high = Math.ceil(Math.max(...points.map((p) => p.high)) * 10 - 1e-9) / 10;
  return [Math.max(0, low), Math.min(1, Math.max(high, low + 0.1))];
}
