package domain

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/egenkontroll/egenkontroll/internal/privacy"
)

// Submitted forms may be requested under the Freedom of Information Act, so nobody may store
// personal data in free text. Every free-text field goes through ScreenPersonalData before storing.

var kindNames = map[privacy.Kind]Text{
	privacy.KindNationalID: {NB: "et fødselsnummer", NN: "eit fødselsnummer", EN: "a national identity number"},
	privacy.KindDNumber:    {NB: "et D-nummer", NN: "eit D-nummer", EN: "a D-number"},
	privacy.KindPhone:      {NB: "et telefonnummer", NN: "eit telefonnummer", EN: "a phone number"},
	privacy.KindEmail:      {NB: "en e-postadresse", NN: "ei e-postadresse", EN: "an e-mail address"},
}

// PersonalDataHit tells where personal data was found, without echoing it.
type PersonalDataHit struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"` // character (rune) offset
	End   int    `json:"end"`
}

// ScreenPersonalData refuses text containing a national identity number, D-number, phone number or
// e-mail address, naming the kind and the field.
func ScreenPersonalData(field, s string) error {
	findings := privacy.Screen(s)
	if len(findings) == 0 {
		return nil
	}
	hits := make([]PersonalDataHit, 0, len(findings))
	var nb, nn, en []string
	seen := map[privacy.Kind]bool{}
	for _, f := range findings {
		hits = append(hits, PersonalDataHit{
			Kind:  string(f.Kind),
			Start: len([]rune(s[:f.Start])),
			End:   len([]rune(s[:f.End])),
		})
		if !seen[f.Kind] {
			seen[f.Kind] = true
			name := kindNames[f.Kind]
			nb, nn, en = append(nb, name.NB), append(nn, name.NN), append(en, name.EN)
		}
	}
	e := newErr(CodePersonalData, field,
		fmt.Sprintf("Teksten ser ut til å inneholde %s. Skriv ikke personopplysninger i skjemaet; det kan bli krevd innsyn i det.", strings.Join(nb, " og ")),
		fmt.Sprintf("Teksten ser ut til å innehalde %s. Skriv ikkje personopplysningar i skjemaet; det kan bli kravd innsyn i det.", strings.Join(nn, " og ")),
		fmt.Sprintf("The text appears to contain %s. Do not enter personal data in the form; it may be requested under the Freedom of Information Act.", strings.Join(en, " and ")))
	e.Extra = map[string]any{"hits": hits}
	return e
}

// Warnings are softer than refusals: a likely person name or a health word may be personal data,
// and may as well be ordinary prose, so the writer decides. A mutation that carries free text
// screens all its text fields with one TextScreen: refusals stop it at once, warnings are gathered
// and returned together as one PERSONAL_DATA_WARNING, unless the caller confirmed them by sending
// confirmWarnings: true, which the resolver records in the context with ConfirmWarnings.

var warningNames = map[privacy.WarningKind]Text{
	privacy.WarnLikelyName: {NB: "et personnavn", NN: "eit personnamn", EN: "a person's name"},
	privacy.WarnHealth:     {NB: "helseopplysninger", NN: "helseopplysningar", EN: "health information"},
}

// WarningHit is one word that may be personal data. Unlike PersonalDataHit it gives the word:
// the writer sees their own text and decides.
type WarningHit struct {
	Field string `json:"field"`
	Kind  string `json:"kind"`
	Start int    `json:"start"` // character (rune) offset in the field's text
	End   int    `json:"end"`
	Word  string `json:"word"`
}

type confirmKey struct{}

// ConfirmWarnings records in ctx whether the caller confirmed the warnings of its free text
// (the mutation input's confirmWarnings).
func ConfirmWarnings(ctx context.Context, confirmed bool) context.Context {
	return context.WithValue(ctx, confirmKey{}, confirmed)
}

// WarningsConfirmed reports whether the caller confirmed the warnings of its free text.
func WarningsConfirmed(ctx context.Context) bool {
	ok, _ := ctx.Value(confirmKey{}).(bool)
	return ok
}

// TextScreen screens the free-text fields of one mutation. Call Check for each field, then Err
// before storing anything.
type TextScreen struct {
	confirmed bool
	hits      []WarningHit
	texts     map[string]string // the text checked per field
	stored    map[string]string // the text stored before, where Stored said so
}

// NewTextScreen starts the screen of one mutation; the warnings count as confirmed when the
// caller said so (see ConfirmWarnings).
func NewTextScreen(ctx context.Context) *TextScreen {
	return &TextScreen{confirmed: WarningsConfirmed(ctx)}
}

// Check refuses invalid, over-long or personal-data text at once (CheckText) and keeps the
// text's warnings for Err.
func (ts *TextScreen) Check(field, s string, max int) error {
	if err := CheckText(field, s, max); err != nil {
		return err
	}
	if ts.texts == nil {
		ts.texts = map[string]string{}
	}
	ts.texts[field] = s
	for _, w := range privacy.Warnings(s) {
		ts.hits = append(ts.hits, WarningHit{
			Field: field,
			Kind:  string(w.Kind),
			Start: utf8.RuneCountInString(s[:w.Start]),
			End:   utf8.RuneCountInString(s[:w.End]),
			Word:  w.Word,
		})
	}
	return nil
}

// Stored tells the screen what a field held before this change. A text that is the same as the
// stored one (spaces around it aside) was confirmed when it was stored, so it does not warn again:
// choosing an option re-sends the answer's comment, and saving a draft re-sends every text.
func (ts *TextScreen) Stored(field, old string) {
	if ts.stored == nil {
		ts.stored = map[string]string{}
	}
	ts.stored[field] = old
}

// Err returns PERSONAL_DATA_WARNING when any checked text has warnings that the caller did not
// confirm. The error's field is the first field with a warning; extensions.warnings lists every
// hit with its field, so a form can show each at its place.
func (ts *TextScreen) Err() error {
	if ts.confirmed {
		return nil
	}
	hits := ts.hits[:0:0]
	for _, h := range ts.hits {
		if old, ok := ts.stored[h.Field]; ok && strings.TrimSpace(old) == strings.TrimSpace(ts.texts[h.Field]) {
			continue
		}
		hits = append(hits, h)
	}
	if len(hits) == 0 {
		return nil
	}
	var nb, nn, en []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.Kind] {
			seen[h.Kind] = true
			name := warningNames[privacy.WarningKind(h.Kind)]
			nb, nn, en = append(nb, name.NB), append(nn, name.NN), append(en, name.EN)
		}
	}
	e := newErr(CodePersonalDataWarning, hits[0].Field,
		fmt.Sprintf("Teksten kan inneholde %s. Sjekk at den ikke sier noe om enkeltpersoner, og lagre likevel hvis den er i orden.", strings.Join(nb, " eller ")),
		fmt.Sprintf("Teksten kan innehalde %s. Sjekk at han ikkje seier noko om enkeltpersonar, og lagre likevel dersom han er i orden.", strings.Join(nn, " eller ")),
		fmt.Sprintf("The text may contain %s. Check that it says nothing about individuals, and save anyway if it is fine.", strings.Join(en, " or ")))
	e.Extra = map[string]any{"warnings": hits}
	return e
}
