// The server's personal-data screen gives two answers to free text: PERSONAL_DATA (refused; the
// text must change) and PERSONAL_DATA_WARNING (a likely name or a health word; the writer may
// confirm and save anyway by sending the same input with confirmWarnings: true). These helpers
// read the warning out of a mutation's error so a form can show it at the field it concerns.

type GraphQLErrorLike = { graphQLErrors?: { message?: string; extensions?: Record<string, unknown> }[] } | undefined | null;

export const PERSONAL_DATA_WARNING = 'PERSONAL_DATA_WARNING';

export type TextWarningKind = 'LIKELY_NAME' | 'HEALTH';

/** One word the server warns about: the input field, the kind, character offsets and the word. */
export type TextWarning = { field: string; kind: TextWarningKind; start: number; end: number; word: string };

/** isTextWarning reports whether the error is a PERSONAL_DATA_WARNING (and nothing worse). */
export function isTextWarning(error: GraphQLErrorLike): boolean {
  return error?.graphQLErrors?.[0]?.extensions?.['code'] === PERSONAL_DATA_WARNING;
}

/** textWarnings lists the warnings of a PERSONAL_DATA_WARNING error, or none for any other error. */
export function textWarnings(error: GraphQLErrorLike): TextWarning[] {
  if (!isTextWarning(error)) return [];
  const raw = error?.graphQLErrors?.[0]?.extensions?.['warnings'];
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).filter((w): w is TextWarning => {
    const c = w as { field?: unknown; word?: unknown; kind?: unknown } | null;
    return !!c && typeof c === 'object' && typeof c.field === 'string' && typeof c.word === 'string' && (c.kind === 'LIKELY_NAME' || c.kind === 'HEALTH');
  });
}

/** warningsAt returns the warnings for one input field (the field names of extensions.field). */
export function warningsAt(error: GraphQLErrorLike, field: string): TextWarning[] {
  return textWarnings(error).filter((w) => w.field === field);
}

/** distinctWords lists each warned word once, in the order they came. */
export function distinctWords(warnings: readonly TextWarning[]): TextWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => !seen.has(w.word) && seen.add(w.word));
}
