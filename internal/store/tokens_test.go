package store_test

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// A token's name is required; one of only spaces is refused as bad input, not left to the
// database's check constraint (which would surface as INTERNAL), and a name is stored trimmed.
func TestTokenName(t *testing.T) {
	st := seeded(t, false)
	for _, name := range []string{"", "   ", "\t\n"} {
		_, _, err := st.CreateToken(system, store.TokenInput{Name: name})
		if !domain.IsCode(err, domain.CodeBadInput) {
			t.Errorf("name %q: got %v, want BAD_USER_INPUT", name, err)
		}
	}
	tok, _, err := st.CreateToken(system, store.TokenInput{Name: "  Power BI  "})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Name != "Power BI" {
		t.Errorf("stored name %q, want it trimmed", tok.Name)
	}
}
