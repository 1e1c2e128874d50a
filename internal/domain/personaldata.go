package domain

import (
	"fmt"
	"strings"

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
