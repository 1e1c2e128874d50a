package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

var system = auth.WithCaller(context.Background(), auth.System)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), testutil.NewDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func seeded(t *testing.T, demo bool) *store.Store {
	t.Helper()
	st := newStore(t)
	if _, err := st.Migrate(system); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(system, st, seed.Options{Demo: demo}); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestMigrateFromEmpty(t *testing.T) {
	st := newStore(t)
	applied, err := st.Migrate(system)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) < 2 || applied[0] != "0001_core" {
		t.Fatalf("applied %v", applied)
	}
	again, err := st.Migrate(system)
	if err != nil || len(again) != 0 {
		t.Fatalf("second migrate applied %v, %v; want nothing", again, err)
	}
	// Several instances starting at once migrate safely (advisory lock).
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); _, err := st.Migrate(system); errs <- err }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func counts(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"governor_offices", "counties", "services", "questionnaires", "questions", "question_lineage",
		"reflection_questions", "rounds", "submissions", "cases", "answers", "submission_revisions", "users"} {
		n, err := store.DBOf(st).NewSelect().Table(table).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out[table] = int(n)
	}
	return out
}

func TestSeedIsIdempotent(t *testing.T) {
	st := seeded(t, true)
	before := counts(t, st)
	rep, err := seed.Run(system, st, seed.Options{Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep != (seed.Report{}) {
		t.Fatalf("second seed added %s", rep)
	}
	after := counts(t, st)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after seeding again", k, v, after[k])
		}
	}
	if before["governor_offices"] != 10 || before["counties"] != 15 || before["services"] < 40 || before["questionnaires"] != 2 || before["rounds"] != 2 {
		t.Fatalf("unexpected reference data: %v", before)
	}
	if before["cases"] == 0 || before["answers"] == 0 || before["submission_revisions"] == 0 {
		t.Fatalf("demo data missing: %v", before)
	}
}

// TestDatabaseConstraints shows that the database itself refuses what the rules forbid.
func TestDatabaseConstraints(t *testing.T) {
	st := seeded(t, true)
	ctx := context.Background()
	var sub store.Submission
	if err := store.DBOf(st).NewSelect().Model(&sub).Limit(1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var c store.Case
	if err := store.DBOf(st).NewSelect().Model(&c).Where("c.submission_id = ?", sub.ID).Limit(1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var a store.Answer
	if err := store.DBOf(st).NewSelect().Model(&a).Where("a.case_id = ?", c.ID).Limit(1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	for name, stmt := range map[string]string{
		"second submission for the same service and round":  `INSERT INTO submissions (service_id, round_id) SELECT service_id, round_id FROM submissions LIMIT 1`,
		"second answer to the same question":                `INSERT INTO answers (case_id, question_id, option) SELECT case_id, question_id, 'YES' FROM answers LIMIT 1`,
		"unknown status":                                    `UPDATE submissions SET status = 'DONE' WHERE id = (SELECT min(id) FROM submissions)`,
		"unknown option":                                    `UPDATE answers SET option = 'MAYBE' WHERE id = (SELECT min(id) FROM answers)`,
		"NOT_POSSIBLE where the question does not allow it": `UPDATE answers SET option = 'NOT_POSSIBLE' WHERE id = (SELECT min(a.id) FROM answers a JOIN questions q ON q.id = a.question_id WHERE NOT 'NOT_POSSIBLE' = ANY (q.options))`,
		"question of another questionnaire":                 `UPDATE answers SET question_id = (SELECT max(id) FROM questions) WHERE id = (SELECT min(a.id) FROM answers a JOIN cases c ON c.id = a.case_id JOIN rounds r ON r.id = c.round_id WHERE r.number = 1)`,
		"case of another service than its form":             `UPDATE cases SET service_id = (SELECT max(id) FROM services WHERE id <> cases.service_id) WHERE id = (SELECT min(id) FROM cases)`,
		"submitted without a time":                          `UPDATE submissions SET status = 'SUBMITTED', submitted_at = NULL WHERE id = (SELECT min(id) FROM submissions)`,
		"negative days":                                     `UPDATE cases SET days_to_first_activity = -1 WHERE id = (SELECT min(id) FROM cases)`,
		"month that is not a month":                         `UPDATE cases SET closed_month = '2025-03-15' WHERE id = (SELECT min(id) FROM cases)`,
		"service whose office is not its county's":          `UPDATE services SET office_id = (SELECT max(id) FROM governor_offices WHERE id <> services.office_id) WHERE id = (SELECT min(id) FROM services)`,
	} {
		if _, err := store.DBOf(st).ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: the database accepted it", name)
		}
	}
}

func TestAuditTrailIsAppendOnly(t *testing.T) {
	st := seeded(t, true)
	ctx := context.Background()
	n, err := store.DBOf(st).NewSelect().Table("audit_log").Count(ctx)
	if err != nil || n == 0 {
		t.Fatalf("audit rows %d, %v; seeding users must be audited", n, err)
	}
	for _, stmt := range []string{`UPDATE audit_log SET action = 'x'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		if _, err := store.DBOf(st).ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s was allowed", stmt)
		}
	}
	if m, _ := store.DBOf(st).NewSelect().Table("audit_log").Count(ctx); m != n {
		t.Fatalf("audit rows changed from %d to %d", n, m)
	}
}

// ids returns a service and the two rounds.
func ids(t *testing.T, st *store.Store) (service, round1, round2 int64) {
	t.Helper()
	ctx := context.Background()
	if err := store.DBOf(st).NewSelect().Table("services").Column("id").Where("name = 'Barneverntjenesten i Bergen'").Scan(ctx, &service); err != nil {
		t.Fatal(err)
	}
	if err := store.DBOf(st).NewSelect().Table("rounds").Column("id").Where("number = 1").Scan(ctx, &round1); err != nil {
		t.Fatal(err)
	}
	if err := store.DBOf(st).NewSelect().Table("rounds").Column("id").Where("number = 2").Scan(ctx, &round2); err != nil {
		t.Fatal(err)
	}
	return
}

// TestConcurrentEdits: colleagues saving at once never overwrite each other silently, and cases
// created at once get distinct numbers.
func TestConcurrentEdits(t *testing.T) {
	st := seeded(t, false)
	svc, _, r2 := ids(t, st)
	var q store.Question
	if err := store.DBOf(st).NewSelect().Model(&q).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ? AND q.code = '1.1'", r2).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	const n = 8
	cases := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := st.CreateCase(system, svc, r2, store.CaseFields{})
			if err != nil {
				t.Error(err)
				return
			}
			cases <- c.Number
		}()
	}
	wg.Wait()
	close(cases)
	seen := map[int]bool{}
	for num := range cases {
		if seen[num] {
			t.Fatalf("case number %d given twice", num)
		}
		seen[num] = true
	}
	all, _ := st.CasesOf(context.Background(), auth.System.Scope(), svc, r2)
	caseID := all[0].ID

	// Everyone read "no answer yet" (version 0) and saves: exactly one wins.
	zero := 0
	results := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			opt := []domain.Option{domain.OptionYes, domain.OptionNo}[i%2]
			_, err := st.SaveAnswer(system, store.AnswerInput{CaseID: caseID, QuestionID: q.ID, Option: &opt, ExpectedVersion: &zero})
			results <- err
		}(i)
	}
	wg.Wait()
	close(results)
	wins, conflicts := 0, 0
	for err := range results {
		switch {
		case err == nil:
			wins++
		case domain.IsCode(err, domain.CodeVersionConflict):
			conflicts++
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if wins != 1 || conflicts != n-1 {
		t.Fatalf("%d saves won and %d conflicted; want 1 and %d", wins, conflicts, n-1)
	}
}

// TestLateFlag: a form submitted by the deadline is not late; after it, it is accepted and flagged.
func TestLateFlag(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	svc, r1, _ := ids(t, st)
	var qs []store.Question
	if err := store.DBOf(st).NewSelect().Model(&qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").Where("r.id = ?", r1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	fill := func(roundID int64) *store.Submission {
		o := domain.OutcomeDismissed
		m, _ := domain.ParseYearMonth("2024-10")
		c, err := st.CreateCase(system, svc, roundID, store.CaseFields{Outcome: &o, ClosedMonth: &m})
		if err != nil {
			t.Fatal(err)
		}
		assessment := "Vurdering"
		if _, err := st.SaveDraft(system, store.DraftInput{ServiceID: svc, RoundID: roundID, Assessment: &assessment}); err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			o := domain.OptionPartly
			if _, err := st.SaveAnswer(system, store.AnswerInput{CaseID: c.ID, QuestionID: q.ID, Option: &o}); err != nil {
				t.Fatal(err)
			}
		}
		return &store.Submission{ID: c.SubmissionID}
	}
	// Round 1's deadline (31.12.2024) has passed.
	late, err := st.Submit(system, fill(r1).ID, nil)
	if err != nil || !late.Late || late.Status != domain.StatusSubmitted {
		t.Fatalf("late submit: %+v, %v", late, err)
	}
	// A round whose deadline is ahead.
	if _, err := store.DBOf(st).ExecContext(ctx, `INSERT INTO rounds (campaign_id, number, title_nb, title_nn, title_en, questionnaire_id, period_start, period_end, deadline, report_deadline)
		SELECT campaign_id, 3, 'Egenkontroll nr. 3', 'Eigenkontroll nr. 3', 'Self-assessment no. 3', questionnaire_id, current_date, current_date + 60, current_date + 30, current_date + 60 FROM rounds WHERE id = ?`, r1); err != nil {
		t.Fatal(err)
	}
	var r3 int64
	if err := store.DBOf(st).NewSelect().Table("rounds").Column("id").Where("number = 3").Scan(ctx, &r3); err != nil {
		t.Fatal(err)
	}
	onTime, err := st.Submit(system, fill(r3).ID, nil)
	if err != nil || onTime.Late {
		t.Fatalf("on-time submit: %+v, %v", onTime, err)
	}
	if onTime.SubmittedAt == nil || time.Since(*onTime.SubmittedAt) > time.Minute {
		t.Fatalf("submitted_at = %v", onTime.SubmittedAt)
	}
}

// TestNothingHalfWritten: a change refused half-way leaves no trace, not even a started form.
func TestNothingHalfWritten(t *testing.T) {
	st := seeded(t, false)
	svc, r1, _ := ids(t, st)
	days := 5
	_, err := st.CreateCase(system, svc, r1, store.CaseFields{DaysToFirstActivity: &days})
	if !domain.IsCode(err, domain.CodeFieldNotCollected) {
		t.Fatalf("got %v, want FIELD_NOT_COLLECTED", err)
	}
	n, _ := store.DBOf(st).NewSelect().Table("submissions").Where("service_id = ?", svc).Count(context.Background())
	if n != 0 {
		t.Fatalf("a refused change left %d submission rows", n)
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Message(domain.LangNN) == "" {
		t.Fatal("refusals carry a message in Nynorsk")
	}
}

// inSteps runs a scenario's named steps in order, one subtest each, so the test reads as the
// rules it checks; a failed step stops the steps after it, which build on its state.
func inSteps(t *testing.T) func(name string, fn func(t *testing.T)) {
	return func(name string, fn func(t *testing.T)) {
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}
}

// TestStatementTimeout: a statement that runs past the store's statement timeout is cut off and
// reported as a timeout (store.IsTimeout), which the server turns into QUERY_TIMEOUT.
func TestStatementTimeout(t *testing.T) {
	st, err := store.Open(context.Background(), testutil.NewDSN(t), store.WithStatementTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	_, err = store.DBOf(st).ExecContext(context.Background(), `SELECT pg_sleep(3)`)
	if !store.IsTimeout(err) || time.Since(start) > 2*time.Second {
		t.Fatalf("a 3 s statement under a 100 ms statement timeout: %v after %v", err, time.Since(start))
	}
}
