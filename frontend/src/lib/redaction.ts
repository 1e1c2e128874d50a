// Removing confidential text typed by mistake (redactText): what the form checks before asking
// the server, and how the server's counts are told.
import type { MessageKey } from '../i18n';

/** The shortest text the server removes (store.MinRedactionLen). */
export const MIN_REDACTION_LENGTH = 4;
/** The marker the server puts where the text was (store.RedactionMarker). */
export const REDACTION_MARKER = '[fjernet]';

/** redactionTextProblem says what is wrong with the text to remove, or undefined when it can be sent. */
export function redactionTextProblem(text: string): MessageKey | undefined {
  const trimmed = text.trim();
  // Spread counts code points, as a person counts characters.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  if ([...trimmed].length < MIN_REDACTION_LENGTH) return 'redaction.tooShort';
  if (REDACTION_MARKER.includes(trimmed)) return 'redaction.isMarker';
  return undefined;
}

export type RedactionPlace =
  | 'ANSWER_COMMENT' | 'SUBMISSION_TEXT' | 'REVISION_SNAPSHOT' | 'RETURN_REASON' | 'PARTICIPATION_TEXT' | 'AUDIT_VALUE';

/** The places that changed, in the server's order, each with the message key that names it. */
export function changedPlaces(places: readonly { kind: RedactionPlace; count: number }[]): { key: MessageKey; count: number }[] {
  return places.filter((p) => p.count > 0).map((p) => ({ key: `redaction.place.${p.kind}` as MessageKey, count: p.count }));
}
