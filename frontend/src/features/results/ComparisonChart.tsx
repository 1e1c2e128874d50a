import { useCallback } from 'react';
import * as Plot from '@observablehq/plot';
import { ROW_HEIGHT, chartHeight, shareDomain } from '../../lib/dashboard';
import { COLORS } from './colors';
import { PlotFrame } from './PlotFrame';

type Point = { share: number; low: number; high: number };

/** One question: its label (code, with the question it continues when split) and the two rounds' Ja shares. */
export type ComparisonRow = { label: string; previous: Point | null; current: Point | null };

/**
 * Dots with 95 % intervals for the previous round (grey circles, above) and this round (blue
 * squares, below) per question. Loaded lazily with the chart library.
 */
export default function ComparisonChart({ rows, axisLabel }: { rows: ComparisonRow[]; axisLabel: string }) {
  const draw = useCallback(
    (width: number) => {
      const previous = rows.flatMap((r) => (r.previous ? [{ label: r.label, ...r.previous }] : []));
      const current = rows.flatMap((r) => (r.current ? [{ label: r.label, ...r.current }] : []));
      const longest = Math.max(...rows.map((r) => r.label.length));
      return Plot.plot({
        width,
        height: chartHeight(rows.length, ROW_HEIGHT.comparison),
        marginTop: 16,
        marginBottom: 48,
        marginLeft: Math.min(Math.round(width * 0.45), 7 * longest + 16),
        marginRight: 24,
        style: { fontSize: '13px', fontFamily: 'inherit', color: COLORS.ink },
        x: { domain: shareDomain([...previous, ...current]), tickFormat: '.0%', label: axisLabel, labelAnchor: 'right', labelOffset: 40, grid: true },
        y: { domain: rows.map((r) => r.label), label: null, tickSize: 0 },
        marks: [
          Plot.ruleY(previous, { y: 'label', x1: 'low', x2: 'high', dy: -6, stroke: COLORS.previous, strokeWidth: 2 }),
          Plot.dot(previous, { y: 'label', x: 'share', dy: -6, r: 4, symbol: 'circle', fill: COLORS.previous }),
          Plot.ruleY(current, { y: 'label', x1: 'low', x2: 'high', dy: 6, stroke: COLORS.current, strokeWidth: 2 }),
          Plot.dot(current, { y: 'label', x: 'share', dy: 6, r: 4, symbol: 'square', fill: COLORS.current }),
        ],
      });
    },
    [rows, axisLabel],
  );
  return <PlotFrame height={chartHeight(rows.length, ROW_HEIGHT.comparison)} draw={draw} />;
}
