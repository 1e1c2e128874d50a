import { useState } from 'react';

type Result<D, V> = { data?: D; operation?: { variables: V } };

/**
 * useKept keeps showing the last figures a query returned while figures for other variables
 * (another round, level or scope) load, and says which variables they belong to and whether they
 * are stale, so a section can mark itself busy instead of collapsing and jumping back.
 */
export function useKept<D, V>(result: Result<D, V>, variables: V): { data?: D; variables?: V; stale: boolean } {
  const [kept, setKept] = useState<{ data: D; variables: V } | null>(null);
  const fresh = result.data !== undefined && result.operation ? { data: result.data, variables: result.operation.variables } : null;
  // Storing what an earlier render saw, as React's documentation shows for derived state.
  if (fresh && fresh.data !== kept?.data) setKept(fresh);
  const shown = fresh ?? kept;
  return { data: shown?.data, variables: shown?.variables, stale: !shown || JSON.stringify(shown.variables) !== JSON.stringify(variables) };
}
