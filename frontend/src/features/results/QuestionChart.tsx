import { useCallback } from 'react';
import * as Plot from '@observablehq/plot';
import { ROW_HEIGHT, chartHeight } from '../../lib/dashboard';
import { COLORS } from './colors';
import { PlotFrame } from './PlotFrame';

/** One question's Ja share with its interval, and the national share to hold it against when drilled down. */
export type QuestionRow = { label: string; share: number | null; low: number | null; high: number | null; national: number | null; withheld: string | null };

/** Horizontal bars of the Ja share per question with 95 % intervals, and a national mark when narrowed. Loaded lazily. */
export default function QuestionChart({ rows, axisLabel }: { rows: QuestionRow[]; axisLabel: string }) {
  const draw = useCallback(
    (width: number) => {
      const national = rows.filter((r) => r.national != null);
      const shown = rows.filter((r) => r.withheld == null);
      const withheld = rows.filter((r) => r.withheld != null);
      // Room for the short question titles on the left, at most 45 % of the width.
      const longest = Math.max(4, ...rows.map((r) => r.label.length));
      const marginLeft = Math.min(Math.round(width * 0.45), longest * 7 + 8);
      return Plot.plot({
        width,
        height: chartHeight(rows.length, ROW_HEIGHT.shares),
        marginTop: 16,
        marginBottom: 48,
        marginLeft,
        marginRight: 24,
        style: { fontSize: '13px', fontFamily: 'inherit', color: COLORS.ink },
        x: { domain: [0, 1], tickFormat: '.0%', label: axisLabel, labelAnchor: 'right', labelOffset: 40, grid: true },
        y: { domain: rows.map((r) => r.label), label: null, tickSize: 0, tickFormat: (l: string) => (l.length > 44 ? `${l.slice(0, 43)}…` : l) },
        marks: [
          Plot.barX(shown, { y: 'label', x: 'share', insetTop: 2, insetBottom: 2, fill: COLORS.currentLight, stroke: COLORS.current }),
          Plot.ruleY(shown, { y: 'label', x1: 'low', x2: 'high', stroke: COLORS.ink, strokeWidth: 2 }),
          // Withheld questions stay in the chart, greyed, with the reason written in the bar.
          Plot.barX(withheld, { y: 'label', x1: 0, x2: 1, insetTop: 2, insetBottom: 2, fill: COLORS.withheld, stroke: COLORS.withheldLine, strokeDasharray: '4 3' }),
          Plot.text(withheld, { y: 'label', x: 0, dx: 6, text: 'withheld', textAnchor: 'start', fill: COLORS.withheldText }),
          Plot.tickX(national, { y: 'label', x: 'national', stroke: COLORS.reference, strokeWidth: 3 }),
        ],
      });
    },
    [rows, axisLabel],
  );
  return <PlotFrame height={chartHeight(rows.length, ROW_HEIGHT.shares)} draw={draw} />;
}
