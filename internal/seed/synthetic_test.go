package seed_test

import (
	"context"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func TestSynthetic(t *testing.T) {
	ctx := context.Background()
	dsn := testutil.NewDSN(t)
	db := testutil.OpenDB(t, dsn)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var progress []int
	opts := seed.SyntheticOptions{Services: 12, Rounds: 3, Cases: 4, Progress: func(done, _ int, _ int64) { progress = append(progress, done) }}
	rep, err := seed.Synthetic(ctx, st, opts)
	if err != nil {
		t.Fatal(err)
	}
	var questions int
	if err := db.QueryRowContext(ctx, `SELECT sum(n) FROM (SELECT count(*) AS n FROM questions q JOIN rounds r ON r.questionnaire_id = q.questionnaire_id WHERE r.number <= 3 GROUP BY r.id) x`).Scan(&questions); err != nil {
		t.Fatal(err)
	}
	var synthetic int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM services WHERE name LIKE ?`, seed.SyntheticPrefix+"%").Scan(&synthetic); err != nil {
		t.Fatal(err)
	}
	if synthetic != 12 || rep.DemoSubmissions != 36 || rep.DemoCases != 36*4 || rep.DemoAnswers != 12*4*questions || len(progress) != 3 {
		t.Fatalf("report %+v (questions over the rounds %d), progress %v", rep, questions, progress)
	}
	again, err := seed.Synthetic(ctx, st, opts)
	if err != nil || again.DemoAnswers != 0 || again.Services != 0 {
		t.Fatalf("running again added %+v, %v", again, err)
	}
	var round3 int64
	_ = db.QueryRowContext(ctx, `SELECT id FROM rounds WHERE number = 3`).Scan(&round3)
	figs, err := st.RoundFigures(auth.WithCaller(ctx, auth.System), auth.Scope{}, store.StatsQuery{RoundID: round3}, store.LevelNone)
	if err != nil || len(figs) != 1 || figs[0].Cases != 48 || figs[0].Services != 12 || figs[0].Overall.Denominator == 0 {
		t.Fatalf("statistics over synthetic data: %+v, %v", figs, err)
	}
}
