/** What one entry of a summary form's audit trail says, in words a person reads. */
export type HistoryLine = { kind: 'status'; status: string } | { kind: 'action'; action: string };

/**
 * Reads an audit entry: a status change names the new status (from its new value, JSON text);
 * any other change is named by its action.
 */
export function historyLine(action: string, newValue: string | null | undefined): HistoryLine {
  if (action === 'submission.status' && newValue) {
    try {
      const v = JSON.parse(newValue) as { status?: unknown };
      if (typeof v.status === 'string') return { kind: 'status', status: v.status };
    } catch {
      // not JSON: fall through to the action's name
    }
  }
  return { kind: 'action', action };
}
