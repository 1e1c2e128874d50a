package store_test

import (
	"context"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// TestEffectiveDeadlineGoAndSQLAgree: the database's effective_deadline and domain.EffectiveDeadline
// are one rule: the latest of the round's deadline, the office's own and the service's extension,
// where an earlier office deadline or extension never moves the deadline earlier.
func TestEffectiveDeadlineGoAndSQLAgree(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	svc, r1, _ := ids(t, st)
	var round domain.Date
	var office int64
	if err := store.DBOf(st).NewRaw("SELECT r.deadline, s.office_id FROM rounds AS r, services AS s WHERE r.id = ? AND s.id = ?", r1, svc).
		Scan(ctx, &round, &office); err != nil {
		t.Fatal(err)
	}
	if _, err := store.DBOf(st).ExecContext(ctx, `INSERT INTO participations (service_id, round_id, invited_at, version)
		VALUES (?, ?, now(), 1) ON CONFLICT (service_id, round_id) DO NOTHING`, svc, r1); err != nil {
		t.Fatal(err)
	}
	days := func(n int) *domain.Date { d := round.AddDays(n); return &d }
	for _, tc := range []struct {
		name              string
		office, extension *domain.Date
	}{
		{"the round's alone", nil, nil},
		{"a later office deadline", days(10), nil},
		{"an earlier office deadline", days(-10), nil},
		{"a later extension", nil, days(5)},
		{"an earlier extension", nil, days(-5)},
		{"an extension beyond the office's", days(10), days(20)},
		{"an office deadline beyond the extension", days(20), days(10)},
		{"both earlier", days(-20), days(-10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := store.DBOf(st).ExecContext(ctx, "DELETE FROM office_deadlines WHERE office_id = ? AND round_id = ?", office, r1); err != nil {
				t.Fatal(err)
			}
			if tc.office != nil {
				if _, err := store.DBOf(st).ExecContext(ctx, `INSERT INTO office_deadlines (office_id, round_id, deadline, reason)
					VALUES (?, ?, ?, 'test')`, office, r1, *tc.office); err != nil {
					t.Fatal(err)
				}
			}
			reason := ""
			if tc.extension != nil {
				reason = "test"
			}
			if _, err := store.DBOf(st).ExecContext(ctx, "UPDATE participations SET extension_until = ?, extension_reason = ? WHERE service_id = ? AND round_id = ?",
				tc.extension, reason, svc, r1); err != nil {
				t.Fatal(err)
			}
			var inSQL domain.Date
			if err := store.DBOf(st).NewRaw("SELECT effective_deadline(?, ?)", svc, r1).Scan(ctx, &inSQL); err != nil {
				t.Fatal(err)
			}
			if inGo := domain.EffectiveDeadline(round, tc.office, tc.extension); inGo.String() != inSQL.String() {
				t.Fatalf("Go says %s, SQL says %s", inGo, inSQL)
			}
		})
	}
}
