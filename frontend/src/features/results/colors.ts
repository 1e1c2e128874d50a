// Colours of the charts and of their HTML legends, which must match. All have at least 3:1 contrast
// against white (WCAG 1.4.11), and the two rounds also differ in shape, not only in colour.
export const COLORS = {
  current: '#0062ba', // Designsystemet's accent blue
  currentLight: '#cfe3f7',
  previous: '#5f6b7a',
  ink: '#1e2b3c',
  reference: '#a3470d', // the national figure held against an office's or county's
  withheld: '#eeeeee', // a figure withheld for too few cases: greyed, with the reason written out
  withheldLine: '#8a8a8a',
  withheldText: '#4a4a4a',
} as const;
