package domain

import (
	"fmt"
	"strings"
)

// CodeInvalidTotals: entered summary totals or an uploaded workbook have problems; extensions.problems
// lists every one with its path (or sheet!cell), and nothing was stored.
const CodeInvalidTotals Code = "INVALID_TOTALS"

// Problem is one thing wrong with a larger input (entered totals, an uploaded workbook), named by
// its path in the input ("questions[2].counts.NOT_POSSIBLE") or its cell ("Saker!D7"), with the
// rule it breaks (a stable code) and a message in the three languages.
type Problem struct {
	Path string `json:"path"`
	Code Code   `json:"code"`
	Text Text   `json:"message"`
}

// Problemf builds a problem with the same format arguments in all three languages.
func Problemf(path string, code Code, nb, nn, en string, args ...any) Problem {
	return Problem{Path: path, Code: code, Text: Text{NB: fmt.Sprintf(nb, args...), NN: fmt.Sprintf(nn, args...), EN: fmt.Sprintf(en, args...)}}
}

// ProblemFrom turns a rule violation into a problem at path.
func ProblemFrom(path string, err error) Problem {
	if de, ok := AsError(err); ok {
		return Problem{Path: path, Code: de.Code, Text: de.Text}
	}
	return Problem{Path: path, Code: CodeBadInput, Text: Text{NB: err.Error(), NN: err.Error(), EN: err.Error()}}
}

// ErrProblems reports every problem at once (INVALID_TOTALS, extensions.problems with path, code and
// the message in the three languages). The message itself names the first few.
func ErrProblems(problems []Problem) *Error {
	first := func(lang func(Text) string) string {
		var parts []string
		for i, p := range problems {
			if i == 3 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, p.Path+": "+lang(p.Text))
		}
		return strings.Join(parts, "; ")
	}
	e := newErr(CodeInvalidTotals, "",
		fmt.Sprintf("%d feil, ingenting er lagret. %s", len(problems), first(func(t Text) string { return t.NB })),
		fmt.Sprintf("%d feil, ingenting er lagra. %s", len(problems), first(func(t Text) string { return t.NN })),
		fmt.Sprintf("%d problems, nothing was stored. %s", len(problems), first(func(t Text) string { return t.EN })))
	list := make([]map[string]any, len(problems))
	for i, p := range problems {
		list[i] = map[string]any{"path": p.Path, "code": string(p.Code), "message": map[string]string{"nb": p.Text.NB, "nn": p.Text.NN, "en": p.Text.EN}}
	}
	e.Extra = map[string]any{"problems": list}
	return e
}
