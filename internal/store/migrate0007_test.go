package store_test

import (
	"github.com/egenkontroll/egenkontroll/internal/store"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestMigration0007 runs the migrations before 0007 on a database holding what they allowed (an
// accepted form, a round whose report deadline the trigger derived), then 0007, and checks that
// the accepted form became a submitted one with the "gjennomgått" mark of whoever accepted it,
// that round 2 reports by 31.01.2026, and that nothing derives report deadlines any more.
func TestMigration0007(t *testing.T) {
	st := newStore(t)
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	exec := func(sql string) {
		t.Helper()
		if _, err := store.DBOf(st).ExecContext(system, sql); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	var m0007 string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(filepath.Base(f), "0007") {
			m0007 = string(body)
			break
		}
		exec(string(body))
	}
	exec(`INSERT INTO governor_offices (id, code, name_nb, name_nn, name_en) VALUES (1, 'vestland', 'V', 'V', 'V');
		INSERT INTO counties (id, number, name, office_id) VALUES (1, '46', 'Vestland', 1);
		INSERT INTO services (id, name, kind, county_id, office_id) VALUES (1, 'Bergen', 'MUNICIPAL', 1, 1), (2, 'Askøy', 'MUNICIPAL', 1, 1);
		INSERT INTO campaigns (id, code, title_nb, title_nn, title_en) VALUES (1, 'lot-2024-2026', 'x', 'x', 'x');
		INSERT INTO questionnaires (id, campaign_id, version, title_nb, title_nn, title_en) VALUES (1, 1, 1, 'x', 'x', 'x');
		INSERT INTO rounds (id, campaign_id, number, title_nb, title_nn, title_en, questionnaire_id, period_start, period_end, deadline)
			VALUES (1, 1, 1, 'x', 'x', 'x', 1, '2024-10-01', '2024-12-31', '2024-12-31'),
			       (2, 1, 2, 'x', 'x', 'x', 1, '2025-09-01', '2026-03-31', '2026-03-31');
		INSERT INTO users (id, username, display_name, role, office_id) VALUES (7, 'radgiver', 'Rådgiver Vestland', 'COUNTY_ADVISOR', 1);
		INSERT INTO submissions (id, service_id, round_id, status, revision, submitted_at, accepted_at)
			VALUES (1, 1, 1, 'ACCEPTED', 2, '2025-01-05', '2025-01-10'), (2, 2, 1, 'SUBMITTED', 1, '2025-01-06', NULL);
		INSERT INTO audit_log (actor_kind, actor_user_id, actor_name, organisation, action, object_type, object_id, new_value)
			VALUES ('USER', 7, 'Rådgiver Vestland', 'office:1', 'submission.status', 'submission', 1, '{"status": "ACCEPTED"}');`)
	var before string
	if err := store.DBOf(st).QueryRowContext(system, `SELECT report_deadline::text FROM rounds WHERE id = 2`).Scan(&before); err != nil || before != "2026-04-30" {
		t.Fatalf("before 0007 the trigger derived %q, %v", before, err)
	}
	exec(m0007)

	var (
		status, by, reviewedAt string
		byID, revision         int
	)
	if err := store.DBOf(st).QueryRowContext(system, `SELECT status, reviewed_by_name, reviewed_by, reviewed_revision, reviewed_at::date::text FROM submissions WHERE id = 1`).
		Scan(&status, &by, &byID, &revision, &reviewedAt); err != nil {
		t.Fatal(err)
	}
	if status != "SUBMITTED" || by != "Rådgiver Vestland" || byID != 7 || revision != 2 || reviewedAt != "2025-01-10" {
		t.Fatalf("the accepted form became %s, marked by %q (%d) on revision %d at %s", status, by, byID, revision, reviewedAt)
	}
	var unmarked bool
	if err := store.DBOf(st).QueryRowContext(system, `SELECT reviewed_at IS NULL AND status = 'SUBMITTED' FROM submissions WHERE id = 2`).Scan(&unmarked); err != nil || !unmarked {
		t.Fatalf("a submitted form must stay as it was: %v", err)
	}
	var report string
	if err := store.DBOf(st).QueryRowContext(system, `SELECT report_deadline::text FROM rounds WHERE id = 2`).Scan(&report); err != nil || report != "2026-01-31" {
		t.Fatalf("round 2 report deadline %q, %v; want 2026-01-31", report, err)
	}
	for _, bad := range []string{
		`UPDATE submissions SET status = 'ACCEPTED' WHERE id = 2`,
		`UPDATE rounds SET report_deadline = NULL WHERE id = 1`,
	} {
		if _, err := store.DBOf(st).ExecContext(system, bad); err == nil {
			t.Errorf("allowed after 0007: %s", bad)
		}
	}
	// Moving the services' deadline no longer moves the report deadline.
	exec(`UPDATE rounds SET deadline = '2026-05-31' WHERE id = 2`)
	if err := store.DBOf(st).QueryRowContext(system, `SELECT report_deadline::text FROM rounds WHERE id = 2`).Scan(&report); err != nil || report != "2026-01-31" {
		t.Fatalf("report deadline moved with the deadline: %q", report)
	}
}
