// jsdom has no CSS.escape, which Designsystemet's components use.
if (!globalThis.CSS?.escape) {
  Object.defineProperty(globalThis, 'CSS', {
    value: { ...(globalThis.CSS ?? {}), escape: (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`) },
    configurable: true,
  });
}

// Each test starts from an empty document (Testing Library's auto-cleanup needs vitest globals).
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
afterEach(cleanup);
