package auth

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// TestCheckOrganisation: an account belongs to exactly the organisation its role works in.
func TestCheckOrganisation(t *testing.T) {
	for _, tc := range []struct {
		role            Role
		office, service int64
		wantField       string // "" when allowed
	}{
		{RoleServiceStaff, 0, 7, ""},
		{RoleServiceLeader, 0, 7, ""},
		{RoleServiceStaff, 0, 0, "serviceId"},
		{RoleServiceLeader, 3, 7, "officeId"},
		{RoleCountyAdvisor, 3, 0, ""},
		{RoleCountyAdvisor, 0, 0, "officeId"},
		{RoleCountyAdvisor, 3, 7, "serviceId"},
		{RoleNationalAnalyst, 0, 0, ""},
		{RoleNationalAnalyst, 3, 0, "officeId"},
		{RoleAdmin, 0, 7, "serviceId"},
		{RoleAdmin, 0, 0, ""},
		{"", 0, 0, "role"},
		{"JANITOR", 0, 0, "role"},
	} {
		err := tc.role.CheckOrganisation(tc.office, tc.service)
		if tc.wantField == "" {
			if err != nil {
				t.Errorf("%s office %d service %d: refused: %v", tc.role, tc.office, tc.service, err)
			}
			continue
		}
		de, ok := domain.AsError(err)
		if !ok || de.Code != domain.CodeBadInput || de.Field != tc.wantField {
			t.Errorf("%s office %d service %d: got %v, want BAD_USER_INPUT on %s", tc.role, tc.office, tc.service, err, tc.wantField)
		}
	}
}
