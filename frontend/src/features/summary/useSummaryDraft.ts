// The summary form's local edits: each field the service has changed since the last save, over
// the stored form. After a save the stored values are the truth again and the edits are dropped.
import { useState } from 'react';
import { storedValues, type DraftValues, type Submission } from './draft';

export function useSummaryDraft(sub: Submission | null | undefined) {
  const [edits, setEdits] = useState<Partial<DraftValues>>({});
  const values: DraftValues = { ...storedValues(sub), ...edits };
  return {
    values,
    /** edited says whether a field has been changed since the last save. */
    edited: (field: keyof DraftValues) => edits[field] !== undefined,
    unsaved: Object.keys(edits).length > 0,
    set: <K extends keyof DraftValues>(field: K, value: DraftValues[K]) => setEdits((prev) => ({ ...prev, [field]: value })),
    reset: () => setEdits({}),
  };
}
