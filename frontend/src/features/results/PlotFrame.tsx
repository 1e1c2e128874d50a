import { useEffect, useRef, useState } from 'react';

/**
 * PlotFrame draws a chart at the width of its box, and again when the box changes width (a phone
 * turned, a window resized), so the text in the chart keeps its size instead of being scaled down.
 * The chart is hidden from assistive technology: a table next to every chart carries the figures.
 */
export function PlotFrame({ height, draw }: { height: number; draw: (width: number) => Element }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (width <= 0) return;
    const chart = draw(width);
    chart.setAttribute('aria-hidden', 'true');
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [draw, width]);
  return <div ref={ref} className="results-chart" style={{ height }} />;
}
