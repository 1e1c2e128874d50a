import { useCallback } from 'react';
import * as Plot from '@observablehq/plot';
import { ROW_HEIGHT, chartHeight } from '../../lib/dashboard';
import { COLORS } from './colors';
import { PlotFrame } from './PlotFrame';

/** One question's Ja share with its interval, and the national share to hold it against when drilled down. */
export type QuestionRow = { label: string; share: number; low: number; high: number; national: number | null };

/** Horizontal bars of the Ja share per question with 95 % intervals, and a national mark when narrowed. Loaded lazily. */
export default function QuestionChart({ rows, axisLabel }: { rows: QuestionRow[]; axisLabel: string }) {
  const draw = useCallback(
    (width: number) => {
      const national = rows.filter((r) => r.national != null);
      return Plot.plot({
        width,
        height: chartHeight(rows.length, ROW_HEIGHT.shares),
        marginTop: 16,
        marginBottom: 48,
        marginLeft: 48,
        marginRight: 24,
        style: { fontSize: '13px', fontFamily: 'inherit', color: COLORS.ink },
        x: { domain: [0, 1], tickFormat: '.0%', label: axisLabel, labelAnchor: 'right', labelOffset: 40, grid: true },
        y: { domain: rows.map((r) => r.label), label: null, tickSize: 0 },
        marks: [
          Plot.barX(rows, { y: 'label', x: 'share', insetTop: 2, insetBottom: 2, fill: COLORS.currentLight, stroke: COLORS.current }),
          Plot.ruleY(rows, { y: 'label', x1: 'low', x2: 'high', stroke: COLORS.ink, strokeWidth: 2 }),
          Plot.tickX(national, { y: 'label', x: 'national', stroke: COLORS.reference, strokeWidth: 3 }),
        ],
      });
    },
    [rows, axisLabel],
  );
  return <PlotFrame height={chartHeight(rows.length, ROW_HEIGHT.shares)} draw={draw} />;
}
