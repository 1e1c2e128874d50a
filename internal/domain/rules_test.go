package domain

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestEffectiveDeadline: the latest of the round's, the office's and the extension; an earlier
// office deadline or extension never moves the deadline earlier.
func TestEffectiveDeadline(t *testing.T) {
	round := NewDate(2025, time.September, 1)
	d := func(n int) *Date { v := round.AddDays(n); return &v }
	for _, tc := range []struct {
		name              string
		office, extension *Date
		want              Date
	}{
		{"the round's alone", nil, nil, round},
		{"a later office deadline", d(10), nil, *d(10)},
		{"an earlier office deadline", d(-10), nil, round},
		{"a later extension", nil, d(5), *d(5)},
		{"an earlier extension", nil, d(-5), round},
		{"an extension beyond the office's", d(10), d(20), *d(20)},
		{"an office deadline beyond the extension", d(20), d(10), *d(20)},
		{"both earlier", d(-20), d(-10), round},
	} {
		if got := EffectiveDeadline(round, tc.office, tc.extension); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestCheckUsername: the one user-name rule, after normalising.
func TestCheckUsername(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{" Kari.Bergen ", true},
		{"kari_bergen-2@bergen.kommune.no", true},
		{"abc", true},
		{"ab", false},
		{strings.Repeat("a", 100), true},
		{strings.Repeat("a", 101), false},
		{"kari bergen", false},
		{"kåri", false},
		{"kari+1", false},
		{"", false},
	} {
		err := CheckUsername(NormalizeUsername(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("%q: got %v, want ok=%v", tc.in, err, tc.ok)
		}
		if err != nil && !IsCode(err, CodeBadInput) {
			t.Errorf("%q: code %v", tc.in, err)
		}
	}
}

// TestUsernameRuleIsStatedOnce: the database's check and the app's check say what
// UsernamePattern says.
func TestUsernameRuleIsStatedOnce(t *testing.T) {
	for _, f := range []struct{ path, want string }{
		{"../store/migrations/0002_auth.sql", "CHECK (username ~ '" + UsernamePattern + "')"},
		{"../../frontend/src/lib/admin.ts", "/" + UsernamePattern + "/.test("},
	} {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), f.want) {
			t.Errorf("%s does not state the user-name rule as %s", f.path, f.want)
		}
	}
}

// TestCheckTranslated: all three languages or (when optional) none, each at most max characters.
func TestCheckTranslated(t *testing.T) {
	full := Text{NB: "æøå", NN: "æøå", EN: "abc"}
	for _, tc := range []struct {
		name      string
		text      Text
		optional  bool
		wantField string
	}{
		{"all three", full, false, ""},
		{"none, optional", Text{}, true, ""},
		{"none, required", Text{}, false, "title.nb"},
		{"Nynorsk missing", Text{NB: "a", EN: "a"}, true, "title.nn"},
		{"too long counted in characters", Text{NB: "æøåæ", NN: "a", EN: "a"}, false, "title.nb"},
	} {
		err := CheckTranslated("title", tc.text, 3, tc.optional)
		if tc.wantField == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if de, ok := AsError(err); !ok || de.Field != tc.wantField || de.Code != CodeBadInput {
			t.Errorf("%s: got %v, want BAD_USER_INPUT on %s", tc.name, err, tc.wantField)
		}
	}
}

// TestAccountChecks: campaign codes, display names and password lengths.
func TestAccountChecks(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"a derived code", CheckCampaignCode(""), true},
		{"a code of words", CheckCampaignCode("lot-2024-2026"), true},
		{"a code with a trailing hyphen", CheckCampaignCode("lot-"), false},
		{"a code of 61 characters", CheckCampaignCode(strings.Repeat("a", 61)), false},
		{"a name", CheckDisplayName("Kari Nordmann"), true},
		{"no name", CheckDisplayName(""), false},
		{"a name with a phone number", CheckDisplayName("Kari 91234567"), false},
		{"a passphrase", CheckPasswordLength("et langt passord", 12), true},
		{"twelve letters æøå", CheckPasswordLength("ææææøøøøåååå", 12), true},
		{"a short password", CheckPasswordLength("kort", 12), false},
	} {
		if (tc.err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok=%v", tc.name, tc.err, tc.ok)
		}
	}
}
