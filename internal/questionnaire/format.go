// Package questionnaire is the file format of one questionnaire version (JSON, see schema.json and
// the README section "Questionnaire files"): parsing, validation that reports every problem at once
// by path, and the difference against the version a file descends from. It knows nothing of SQL or
// HTTP; the store maps a Definition onto its tables.
package questionnaire

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// FormatVersion is the version of the file format itself (the "format" field), not of the
// questionnaire.
const FormatVersion = 1

// Schema is the JSON Schema of the format, shipped with the program.
//
//go:embed schema.json
var Schema []byte

// MaxFileBytes bounds an uploaded definition.
const MaxFileBytes = 2 << 20

// LineageKinds are the kinds a question's lineage may have: how a question continues the
// question(s) of the version it descends from. domain.LineageRemoved is not a question's lineage;
// it is the kind of every code listed in Definition.Removed.
var LineageKinds = []domain.QuestionLineageKind{domain.LineageSame, domain.LineageChangedText, domain.LineageChangedOptions, domain.LineageSplit, domain.LineageMerged, domain.LineageNew}

// Definition is one questionnaire version as a file.
type Definition struct {
	Schema       string      `json:"$schema,omitempty"`
	Format       int         `json:"format"`
	Campaign     string      `json:"campaign"`
	Version      int         `json:"version"`
	DescendsFrom *int        `json:"descendsFrom"`
	Official     bool        `json:"official"`
	Title        domain.Text `json:"title"`
	CaseFields   CaseFields  `json:"caseFields"`
	Sections     []Section   `json:"sections"`
	// Removed are the codes of the questions of the previous version that no question continues.
	Removed             []string   `json:"removed"`
	ReflectionQuestions []FreeText `json:"reflectionQuestions"`
	FeedbackQuestions   []FreeText `json:"feedbackQuestions"`
}

// CaseFields are the fields collected per case besides the answers.
type CaseFields struct {
	DaysToFirstActivity bool `json:"daysToFirstActivity"`
	Outcome             bool `json:"outcome"`
	Months              bool `json:"months"`
}

// Section groups questions under a heading.
type Section struct {
	Code      string      `json:"code"`
	Title     domain.Text `json:"title"`
	Questions []Question  `json:"questions"`
}

// Question is one case question.
type Question struct {
	Code                string          `json:"code"`
	Text                domain.Text     `json:"text"`
	Guidance            *domain.Text    `json:"guidance,omitempty"`
	LegalBasis          string          `json:"legalBasis,omitempty"`
	Options             []domain.Option `json:"options"`
	NotPossibleGuidance *domain.Text    `json:"notPossibleGuidance,omitempty"`
	Required            bool            `json:"required"`
	Comment             bool            `json:"comment"`
	Lineage             *Lineage        `json:"lineage,omitempty"`
}

// Lineage links a question to the question(s) of the previous version it continues.
type Lineage struct {
	Kind     domain.QuestionLineageKind `json:"kind"`
	Previous []string                   `json:"previous"`
}

// FreeText is a reflection or supervision feedback question of the summary form.
type FreeText struct {
	Code     string       `json:"code"`
	Text     domain.Text  `json:"text"`
	Guidance *domain.Text `json:"guidance,omitempty"`
}

// Questions returns every case question in order, with its section's position.
func (d *Definition) Questions() []Question {
	var out []Question
	for _, s := range d.Sections {
		out = append(out, s.Questions...)
	}
	return out
}

// Parse reads a definition strictly: unknown fields and trailing data are problems. A file that is
// not JSON of the right shape gives problems and a nil definition.
func Parse(r io.Reader) (*Definition, []Problem) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, []Problem{problem("", "Filen kunne ikke leses.", "Fila kunne ikkje lesast.", "The file could not be read.")}
	}
	return ParseBytes(data)
}

// ParseBytes is Parse on a byte slice.
func ParseBytes(data []byte) (*Definition, []Problem) {
	if len(data) > MaxFileBytes {
		return nil, []Problem{problem("", "Filen er for stor (høyst 2 MB).", "Fila er for stor (høgst 2 MB).", "The file is too large (at most 2 MB).")}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Definition
	if err := dec.Decode(&d); err != nil {
		return nil, []Problem{decodeProblem(data, err)}
	}
	if dec.More() {
		return nil, []Problem{problem("", "Det står mer etter JSON-objektet.", "Det står meir etter JSON-objektet.", "There is more after the JSON object.")}
	}
	return &d, nil
}

func decodeProblem(data []byte, err error) Problem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return problem("", fmt.Sprintf("Ikke gyldig JSON på linje %d: %v", line, syn),
			fmt.Sprintf("Ikkje gyldig JSON på linje %d: %v", line, syn), fmt.Sprintf("Not valid JSON on line %d: %v", line, syn))
	case errors.As(err, &typ):
		return problem(jsonPath(typ.Field), fmt.Sprintf("Skal være %s, ikke %s.", typ.Type, typ.Value),
			fmt.Sprintf("Skal vere %s, ikkje %s.", typ.Type, typ.Value), fmt.Sprintf("Must be %s, not %s.", typ.Type, typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return problem("", "Ukjent felt "+f+".", "Ukjent felt "+f+".", "Unknown field "+f+".")
	case errors.Is(err, io.EOF):
		return problem("", "Filen er tom.", "Fila er tom.", "The file is empty.")
	}
	return problem("", "Ikke gyldig JSON: "+err.Error(), "Ikkje gyldig JSON: "+err.Error(), "Not valid JSON: "+err.Error())
}

// jsonPath turns encoding/json's "sections.questions.code" into the best path it can.
func jsonPath(f string) string { return f }

// Marshal writes a definition as indented JSON, as export does.
func Marshal(d *Definition) ([]byte, error) {
	c := *d
	if c.Removed == nil {
		c.Removed = []string{}
	}
	if c.ReflectionQuestions == nil {
		c.ReflectionQuestions = []FreeText{}
	}
	if c.FeedbackQuestions == nil {
		c.FeedbackQuestions = []FreeText{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// AsNext returns d as the starting point of the next version: version+1, descending from d, every
// question continuing itself unchanged (SAME), nothing removed.
func AsNext(d *Definition) *Definition {
	n := *d
	from := d.Version
	n.Version, n.DescendsFrom, n.Removed = d.Version+1, &from, []string{}
	n.Sections = make([]Section, len(d.Sections))
	for i, s := range d.Sections {
		s.Questions = append([]Question(nil), s.Questions...)
		for j := range s.Questions {
			s.Questions[j].Lineage = &Lineage{Kind: domain.LineageSame, Previous: []string{s.Questions[j].Code}}
		}
		n.Sections[i] = s
	}
	return &n
}
