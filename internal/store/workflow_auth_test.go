package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestWorkflowPolicy: the store enforces the same policy as the graph, whoever calls it.
func TestWorkflowPolicy(t *testing.T) {
	st := seeded(t, false)
	svc, _, r2 := ids(t, st)
	var office, other int64
	ctx := context.Background()
	_ = store.DBOf(st).NewSelect().Table("services").Column("office_id").Where("id = ?", svc).Scan(ctx, &office)
	_ = store.DBOf(st).NewSelect().Table("services").Column("id").Where("office_id <> ?", office).Limit(1).Scan(ctx, &other)
	as := func(c *auth.Caller) context.Context { return auth.WithCaller(ctx, c) }
	staff := &auth.Caller{Kind: auth.KindUser, UserID: 1, Role: auth.RoleServiceStaff, ServiceID: svc}
	leader := &auth.Caller{Kind: auth.KindUser, UserID: 2, Role: auth.RoleServiceLeader, ServiceID: svc}
	otherLeader := &auth.Caller{Kind: auth.KindUser, UserID: 3, Role: auth.RoleServiceLeader, ServiceID: other}
	advisor := &auth.Caller{Kind: auth.KindUser, UserID: 4, Role: auth.RoleCountyAdvisor, OfficeID: office}
	token := &auth.Caller{Kind: auth.KindToken, TokenID: 1}

	c, err := st.CreateCase(as(staff), svc, r2, store.CaseFields{})
	if err != nil {
		t.Fatalf("staff adds a case: %v", err)
	}
	for name, tc := range map[string]struct {
		ctx  context.Context
		code domain.Code
	}{
		"another service's leader": {as(otherLeader), domain.CodeNotFound},
		"county advisor":           {as(advisor), domain.CodeForbidden},
		"API token":                {as(token), domain.CodeForbidden},
		"anonymous":                {ctx, domain.CodeUnauthenticated},
	} {
		if _, err := st.CreateCase(tc.ctx, svc, r2, store.CaseFields{}); !domain.IsCode(err, tc.code) {
			t.Errorf("%s creates a case: %v, want %s", name, err, tc.code)
		}
		if _, err := st.DeleteCase(tc.ctx, c.ID); !domain.IsCode(err, tc.code) {
			t.Errorf("%s deletes a case: %v, want %s", name, err, tc.code)
		}
	}
	a := "Vi må bli bedre."
	if _, err := st.SaveDraft(as(staff), store.DraftInput{ServiceID: svc, RoundID: r2, Assessment: &a}); !domain.IsCode(err, domain.CodeForbidden) {
		t.Errorf("staff writes the leader's assessment: %v, want FORBIDDEN", err)
	}
	sub, err := st.SaveDraft(as(leader), store.DraftInput{ServiceID: svc, RoundID: r2, Assessment: &a})
	if err != nil {
		t.Fatalf("leader writes the assessment: %v", err)
	}
	if _, err := st.Submit(as(staff), sub.ID, nil); !domain.IsCode(err, domain.CodeForbidden) {
		t.Errorf("staff submits: %v, want FORBIDDEN", err)
	}
	if _, err := st.Submit(as(otherLeader), sub.ID, nil); !domain.IsCode(err, domain.CodeNotFound) {
		t.Errorf("another service's leader submits: %v, want NOT_FOUND", err)
	}

	// Every change above that went through is in the audit trail with who did it.
	var rows []store.AuditEntry
	if err := store.DBOf(st).NewSelect().Model(&rows).Where("al.service_id = ?", svc).OrderExpr("al.id").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	actions := map[string]string{}
	for _, r := range rows {
		actions[r.Action] = r.Organisation
	}
	for _, want := range []string{"case.create", "submission.status", "submission.draft"} {
		if actions[want] == "" {
			t.Errorf("no audit entry for %s (have %v)", want, actions)
		}
	}
	if actions["case.create"] != "service:"+itoa(svc) {
		t.Errorf("case.create audited for organisation %q", actions["case.create"])
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
