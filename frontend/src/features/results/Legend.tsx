import { COLORS } from './colors';

type Key = { label: string; shape: 'circle' | 'square' | 'bar' | 'tick'; color: keyof typeof COLORS };

/** The key to a chart, in HTML so it is read and translated like the rest of the page. */
export function Legend({ keys }: { keys: Key[] }) {
  return (
    <ul className="results-legend">
      {keys.map((k) => (
        <li key={k.label}>
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            {k.shape === 'circle' && <circle cx="8" cy="8" r="5" fill={COLORS[k.color]} />}
            {k.shape === 'square' && <rect x="3" y="3" width="10" height="10" fill={COLORS[k.color]} />}
            {k.shape === 'bar' && <rect x="1" y="4" width="14" height="8" fill={COLORS.currentLight} stroke={COLORS[k.color]} />}
            {k.shape === 'tick' && <rect x="6.5" y="1" width="3" height="14" fill={COLORS[k.color]} />}
          </svg>
          {k.label}
        </li>
      ))}
    </ul>
  );
}
