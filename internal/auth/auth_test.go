package auth

import (
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestPasswords(t *testing.T) {
	h, err := HashPassword("korrekt hest batteri stift")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, "hest") {
		t.Fatalf("hash %q", h)
	}
	if !CheckPassword(h, "korrekt hest batteri stift") || CheckPassword(h, "korrekt hest batteri stifT") {
		t.Fatal("password check is wrong")
	}
	h2, _ := HashPassword("korrekt hest batteri stift")
	if h2 == h {
		t.Fatal("hashes must be salted")
	}
	if _, err := HashPassword("kort"); err == nil {
		t.Fatal("short passwords must be refused")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1,t=1,p=1$xx", "$bcrypt$..."} {
		if CheckPassword(bad, "x") {
			t.Fatalf("malformed hash %q accepted", bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, _ := NewSecret(APITokenPrefix)
	b, _ := NewSecret(APITokenPrefix)
	if a == b || !strings.HasPrefix(a, "ekt_") || len(a) < 40 {
		t.Fatalf("secrets %q %q", a, b)
	}
	if h := HashSecret(a); h == HashSecret(b) || h != HashSecret(a) {
		t.Fatal("hash must be deterministic and distinct")
	}
}

func TestScopeAndCan(t *testing.T) {
	staff := &Caller{Kind: KindUser, Role: RoleServiceStaff, ServiceID: 1, OfficeID: 0}
	advisor := &Caller{Kind: KindUser, Role: RoleCountyAdvisor, OfficeID: 7}
	analyst := &Caller{Kind: KindUser, Role: RoleNationalAnalyst}
	officeToken := &Caller{Kind: KindToken, OfficeID: 7}
	own := Target{ServiceID: 1, OfficeID: 7}
	other := Target{ServiceID: 2, OfficeID: 7}
	far := Target{ServiceID: 3, OfficeID: 8}
	cases := []struct {
		c        *Caller
		t        Target
		see      bool
		edit     domain.Code
		followUp domain.Code
	}{
		{staff, own, true, "", domain.CodeForbidden},
		{staff, other, false, domain.CodeNotFound, domain.CodeNotFound},
		{advisor, other, true, domain.CodeForbidden, ""},
		{advisor, far, false, domain.CodeNotFound, domain.CodeNotFound},
		{analyst, far, true, domain.CodeForbidden, domain.CodeForbidden},
		{officeToken, other, true, domain.CodeForbidden, domain.CodeForbidden},
		{officeToken, far, false, domain.CodeForbidden, domain.CodeForbidden},
		{Anonymous, own, false, domain.CodeUnauthenticated, domain.CodeUnauthenticated},
		{System, far, true, "", ""},
	}
	for i, c := range cases {
		if got := c.c.CanSee(c.t); got != c.see {
			t.Errorf("%d: CanSee = %v, want %v", i, got, c.see)
		}
		check := func(act Action, want domain.Code) {
			err := c.c.Can(act, c.t)
			if want == "" && err != nil || want != "" && !domain.IsCode(err, want) {
				t.Errorf("%d: Can(%s) = %v, want %q", i, act, err, want)
			}
		}
		check(ActEditForm, c.edit)
		check(ActFollowUp, c.followUp)
	}
}

func TestEveryRuleNamesKnownRoles(t *testing.T) {
	for field, r := range RootRules {
		for _, role := range r.Roles {
			if !role.Valid() {
				t.Errorf("%s names unknown role %q", field, role)
			}
		}
		if !r.Anonymous && !r.Tokens && len(r.Roles) == 0 {
			t.Errorf("%s allows nobody", field)
		}
	}
	if err := (&Caller{Kind: KindUser, Role: RoleAdmin}).Allows("Query.somethingNew"); !domain.IsCode(err, domain.CodeForbidden) {
		t.Fatal("a field without a rule must be refused")
	}
}
