package questionnaire

import "github.com/egenkontroll/egenkontroll/internal/domain"

// Change is one line of the difference between a definition and the version it descends from: a
// question of the new version with the question(s) it continues, or a removed question.
type Change struct {
	// Kind is the lineage kind: SAME, CHANGED_TEXT, CHANGED_OPTIONS, SPLIT, MERGED, NEW or REMOVED.
	Kind domain.QuestionLineageKind
	// Code is the question's code in the new version, "" for REMOVED.
	Code          string
	PreviousCodes []string
	NewText       *domain.Text
	NewOptions    []domain.Option
	// Previous are the previous questions, in PreviousCodes order.
	Previous []Previous
	// GuidanceChanged tells that the guidance (or the guidance on "Ikke mulig") differs.
	GuidanceChanged bool
}

// Previous is a question of the version a file descends from, as a change shows it.
type Previous struct {
	Code    string
	Text    domain.Text
	Options []domain.Option
}

// Diff compares d with the version it descends from, in d's question order, removed questions
// last. Without prev every question is NEW. Codes that prev does not have are left out of the old
// side (Validate reports them).
func Diff(d *Definition, prev *Definition) []Change {
	prevQ := map[string]Question{}
	if prev != nil && d.DescendsFrom != nil {
		for _, q := range prev.Questions() {
			prevQ[q.Code] = q
		}
	}
	var out []Change
	for _, q := range d.Questions() {
		text := q.Text
		ch := Change{Kind: domain.LineageNew, Code: q.Code, NewText: &text, NewOptions: q.Options, PreviousCodes: []string{}, Previous: []Previous{}}
		if q.Lineage != nil && len(prevQ) > 0 {
			ch.Kind = q.Lineage.Kind
			for _, code := range q.Lineage.Previous {
				old, ok := prevQ[code]
				if !ok {
					continue
				}
				ch.PreviousCodes = append(ch.PreviousCodes, code)
				ch.Previous = append(ch.Previous, Previous{Code: code, Text: old.Text, Options: old.Options})
				ch.GuidanceChanged = ch.GuidanceChanged || !sameText(old.Guidance, q.Guidance) || !sameText(old.NotPossibleGuidance, q.NotPossibleGuidance)
			}
		}
		out = append(out, ch)
	}
	if len(prevQ) > 0 {
		for _, code := range d.Removed {
			if old, ok := prevQ[code]; ok {
				out = append(out, Change{Kind: domain.LineageRemoved, PreviousCodes: []string{code}, NewOptions: []domain.Option{},
					Previous: []Previous{{Code: code, Text: old.Text, Options: old.Options}}})
			}
		}
	}
	return out
}

func sameText(a, b *domain.Text) bool {
	if a == nil || b == nil {
		return (a == nil || a.IsZero()) && (b == nil || b.IsZero())
	}
	return *a == *b
}
