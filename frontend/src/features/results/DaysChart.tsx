import { useCallback } from 'react';
import * as Plot from '@observablehq/plot';
import { ROW_HEIGHT, chartHeight, type BoxRow } from '../../lib/dashboard';
import { COLORS } from './colors';
import { PlotFrame } from './PlotFrame';

// Each row has its name on a line of its own above the box, so long names fit a phone.
const LABEL_SPACE = 20;
const label = { y: 'key', text: 'label', frameAnchor: 'left', textAnchor: 'start', dy: -13, fill: COLORS.ink, stroke: '#ffffff', strokeWidth: 4, paintOrder: 'stroke' } as const;

/**
 * Box plots of days from report to first investigation activity, one per scope: the box from the
 * first to the third quartile, the median inside it and a whisker out to the longest case. No legal
 * line: the one week in bvl. § 2-1 is for going through the report, not for the first investigation
 * activity, and document 002 asks the field to show the variation between the cases. Loaded lazily
 * with the chart library.
 */
export default function DaysChart({ rows, withheld = [], axisLabel }: { rows: BoxRow[]; withheld?: { key: string; label: string }[]; axisLabel: string }) {
  const draw = useCallback(
    (width: number) => {
      const emphasised = rows.filter((r) => r.emphasis);
      const others = rows.filter((r) => !r.emphasis);
      const top = Math.max(1, ...rows.map((r) => r.max)) + 1;
      return Plot.plot({
        width,
        height: chartHeight(rows.length + withheld.length, ROW_HEIGHT.days),
        marginTop: 24,
        marginBottom: 40,
        marginLeft: 8,
        marginRight: 24,
        style: { fontSize: '13px', fontFamily: 'inherit', color: COLORS.ink },
        x: { domain: [0, top], label: axisLabel, labelAnchor: 'right', labelOffset: 36, grid: true },
        y: { domain: [...rows.map((r) => r.key), ...withheld.map((r) => r.key)], axis: null },
        marks: [
          Plot.ruleY(rows, { y: 'key', x1: 'q3', x2: 'max', dy: LABEL_SPACE / 2, stroke: COLORS.ink, strokeWidth: 1.5 }),
          Plot.tickX(rows, { y: 'key', x: 'max', insetTop: LABEL_SPACE + 6, insetBottom: 6, stroke: COLORS.ink, strokeWidth: 1.5 }),
          Plot.barX(others, { y: 'key', x1: 'q1', x2: 'q3', insetTop: LABEL_SPACE, fill: COLORS.currentLight, stroke: COLORS.current }),
          Plot.barX(emphasised, { y: 'key', x1: 'q1', x2: 'q3', insetTop: LABEL_SPACE, fill: COLORS.current, stroke: COLORS.current }),
          Plot.tickX(others, { y: 'key', x: 'median', insetTop: LABEL_SPACE, stroke: COLORS.ink, strokeWidth: 3 }),
          Plot.tickX(emphasised, { y: 'key', x: 'median', insetTop: LABEL_SPACE, stroke: '#ffffff', strokeWidth: 3 }),
          // Names last, with a white halo, so grid lines do not run through the letters.
          Plot.text(others, { ...label }),
          Plot.text(emphasised, { ...label, fontWeight: 'bold' }),
          // Withheld scopes stay in the chart, greyed, with the reason in their label.
          Plot.barX(withheld, { y: 'key', x1: 0, x2: top, insetTop: LABEL_SPACE, fill: COLORS.withheld, stroke: COLORS.withheldLine, strokeDasharray: '4 3' }),
          Plot.text(withheld, { ...label, fill: COLORS.withheldText }),
        ],
      });
    },
    [rows, withheld, axisLabel],
  );
  return <PlotFrame height={chartHeight(rows.length + withheld.length, ROW_HEIGHT.days)} draw={draw} />;
}
