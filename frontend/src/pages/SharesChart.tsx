import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

export type ShareRow = { label: string; share: number | null; low: number | null; high: number | null };

/** A horizontal bar chart of Ja shares with their 95 % intervals. Loaded lazily with its library. */
export default function SharesChart({ rows, title }: { rows: ShareRow[]; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const data = rows.filter((r) => r.share != null);
    const chart = Plot.plot({
      marginLeft: 60,
      height: 22 * data.length + 40,
      x: { domain: [0, 1], tickFormat: '.0%', label: title, grid: true },
      y: { label: null },
      marks: [
        Plot.barX(data, { y: 'label', x: 'share', fill: '#0062ba' }),
        Plot.ruleY(data, { y: 'label', x1: 'low', x2: 'high', stroke: '#1e2b3c', strokeWidth: 2 }),
      ],
    });
    chart.setAttribute('aria-hidden', 'true'); // the table next to it carries the same figures
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [rows, title]);
  return <div ref={ref} />;
}
