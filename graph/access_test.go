package graph

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// TestHistoryVisible: the audit trail of forms and cases is the service's own working paper: its
// people see their own service's history; other services, county advisors, national analysts,
// tokens and anonymous callers get FORBIDDEN.
func TestHistoryVisible(t *testing.T) {
	const own, other = 1, 2
	for _, tc := range []struct {
		name   string
		caller *auth.Caller
		want   bool
	}{
		{"service staff, own service", &auth.Caller{Kind: auth.KindUser, Role: auth.RoleServiceStaff, ServiceID: own}, true},
		{"service leader, own service", &auth.Caller{Kind: auth.KindUser, Role: auth.RoleServiceLeader, ServiceID: own}, true},
		{"service staff, another service", &auth.Caller{Kind: auth.KindUser, Role: auth.RoleServiceStaff, ServiceID: other}, false},
		{"county advisor", &auth.Caller{Kind: auth.KindUser, Role: auth.RoleCountyAdvisor, OfficeID: 7}, false},
		{"national analyst", &auth.Caller{Kind: auth.KindUser, Role: auth.RoleNationalAnalyst}, false},
		{"admin", &auth.Caller{Kind: auth.KindUser, Role: auth.RoleAdmin}, false},
		{"service-scoped token", &auth.Caller{Kind: auth.KindToken, ServiceID: own}, false},
		{"anonymous", auth.Anonymous, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := historyVisible(auth.WithCaller(context.Background(), tc.caller), own)
			if tc.want && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tc.want && !domain.IsCode(err, domain.CodeForbidden) {
				t.Errorf("%v, want FORBIDDEN", err)
			}
		})
	}
}

// TestViewerWithoutAccount: a token or an anonymous caller is told its kind and nothing it may not
// do; an anonymous caller has no name.
func TestViewerWithoutAccount(t *testing.T) {
	r := &Resolver{}
	for _, tc := range []struct {
		caller *auth.Caller
		kind   model.CallerKind
		name   string
	}{
		{&auth.Caller{Kind: auth.KindToken, Name: "bi"}, model.CallerKindToken, "bi"},
		{&auth.Caller{Kind: auth.KindAnonymous, Name: "someone"}, model.CallerKindAnonymous, ""},
	} {
		v, err := r.viewer(context.Background(), tc.caller)
		if err != nil {
			t.Fatal(err)
		}
		if v.Kind != tc.kind || v.Name != tc.name || v.Role != nil || v.User != nil || v.CanEditForms || v.CanSubmitForms ||
			v.CanManageRegister || v.CanManageCampaigns {
			t.Errorf("%s: %+v", tc.caller.Kind, v)
		}
	}
}

// TestJSONText: raw JSON is handed on as its text; absent JSON is null.
func TestJSONText(t *testing.T) {
	if jsonText(nil) != nil {
		t.Error("no JSON gave text")
	}
	if got := jsonText(json.RawMessage(`{"a":1}`)); got == nil || *got != `{"a":1}` {
		t.Errorf("text %v", got)
	}
}
