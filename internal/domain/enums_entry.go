package domain

import "io"

// EntryMode says how a summary form's figures are given: computed from the form's cases, or
// entered directly as totals (issue 12). A form has one or the other, never both. The string
// values are the GraphQL enum values and the stored values (submissions.entry_mode).
type EntryMode string

// The values of EntryMode.
const (
	// EntryCases: the summary is computed from the form's cases.
	EntryCases EntryMode = "CASES"
	// EntryTotals: the service entered the totals directly.
	EntryTotals EntryMode = "TOTALS"
)

// EntryModes lists every EntryMode in schema order.
var EntryModes = []EntryMode{EntryCases, EntryTotals}

// Valid reports whether e is a known EntryMode.
func (e EntryMode) Valid() bool { return contains(EntryModes, e) }

// UnmarshalGQL decodes an EntryMode input value and rejects unknown values.
func (e *EntryMode) UnmarshalGQL(v any) error { return unmarshalEnum(e, v, EntryModes, "EntryMode") }

// MarshalGQL writes e as its GraphQL enum value.
func (e EntryMode) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }
