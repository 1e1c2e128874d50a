package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

// The read replica: which reads go to the read pool and which stay on the primary.

// TestReadReplica points the read pool at a second database under a role that may only read:
// statistics, answerFacts and the export answer from it, everything else from the primary.
func TestReadReplica(t *testing.T) {
	primaryDSN := newDatabase(t, true)
	replicaDSN, readerDSN := makeReplica(t, primaryDSN)

	in := serving(t, primaryDSN, readerDSN, nil)
	a := in.analyst(t)
	r1 := roundID(t, a, 1)
	// What each database says on its own, asked directly through the store.
	type figures struct{ cases, facts int }
	expect := func(dsn string) figures {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ctx := context.Background()
		f, err := st.RoundFigures(ctx, auth.Scope{}, store.StatsQuery{RoundID: mustInt(r1)}, store.LevelNone)
		if err != nil || len(f) != 1 {
			t.Fatalf("figures: %v", err)
		}
		_, _, total, err := st.AnswerFacts(ctx, auth.Scope{}, store.FactFilter{RoundID: mustInt(r1)}, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		return figures{f[0].Cases, total}
	}
	onPrimary, onReplica := expect(primaryDSN), expect(replicaDSN)
	if onPrimary.cases == onReplica.cases || onPrimary.facts == onReplica.facts || onReplica.cases == 0 {
		t.Fatalf("the replica must differ: %+v on the primary, %+v on the replica", onPrimary, onReplica)
	}

	var stats struct{ Statistics statisticsJSON }
	a.mustQuery(t, statisticsQuery, map[string]any{"r": r1}, &stats)
	if stats.Statistics.CaseCount != onReplica.cases {
		t.Errorf("statistics counted %d cases; the replica has %d, the primary %d", stats.Statistics.CaseCount, onReplica.cases, onPrimary.cases)
	}
	var facts struct{ AnswerFacts struct{ TotalCount int } }
	a.mustQuery(t, `query($r: ID!) { answerFacts(filter: {roundId: $r}) { totalCount } }`, map[string]any{"r": r1}, &facts)
	if facts.AnswerFacts.TotalCount != onReplica.facts {
		t.Errorf("answerFacts has %d rows; the replica %d, the primary %d", facts.AnswerFacts.TotalCount, onReplica.facts, onPrimary.facts)
	}
	status, body, _ := a.download(t, "/exports/answer-facts.csv?roundId="+r1)
	if rows := strings.Count(strings.TrimSpace(string(body)), "\n"); status != 200 || rows != onReplica.facts {
		t.Errorf("export: status %d, %d rows; the replica has %d", status, rows, onReplica.facts)
	}
	// Writes and every other read stay on the primary (the reader role could not write anyway).
	var sv struct {
		Services struct{ Nodes []struct{ ID string } }
	}
	a.mustQuery(t, `{ services(first: 1) { nodes { id } } }`, nil, &sv)
	r2 := roundID(t, a, 2)
	in.leader(t, sv.Services.Nodes[0].ID).mustQuery(t, createCase, map[string]any{"s": sv.Services.Nodes[0].ID, "r": r2, "d": 3}, nil)
	// The read pool's sessions are read-only, even under a role that could write.
	ro := store.New(in.DB)
	if err := ro.OpenRead(context.Background(), primaryDSN); err != nil {
		t.Fatal(err)
	}
	defer ro.Read.Close()
	if _, err := ro.Read.ExecContext(context.Background(), `CREATE TEMP TABLE t (x int)`); err == nil ||
		!strings.Contains(err.Error(), "read-only") {
		t.Errorf("a write on the read pool: %v, want a read-only transaction error", err)
	}
}

// makeReplica makes the "replica": a copy of the primary that has since lost some figures, so
// that every figure says which database it came from, read by a role that may only read. It
// returns the replica's DSN and the reader's.
func makeReplica(t *testing.T, primaryDSN string) (replicaDSN, readerDSN string) {
	t.Helper()
	replicaDSN = testutil.NewDSN(t)
	replicaName := strings.TrimPrefix(mustParse(t, replicaDSN).Path, "/")
	primaryName := strings.TrimPrefix(mustParse(t, primaryDSN).Path, "/")
	for _, q := range []string{
		// A database is copied while nobody is connected to it: from the maintenance database.
		`DROP DATABASE "` + replicaName + `"`,
		`CREATE DATABASE "` + replicaName + `" TEMPLATE "` + primaryName + `"`,
		`DO $$ BEGIN CREATE ROLE egk_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
	} {
		if err := execIn(t, primaryDSN, "postgres", q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, q := range []string{
		// Statistics count the last submitted revision of each form: a third of them lose their
		// snapshot in the replica.
		`DELETE FROM revision_cases WHERE revision_id % 3 = 0`,
		`DELETE FROM revision_counts WHERE revision_id % 3 = 0`,
		`DELETE FROM revision_case_sections WHERE revision_id % 3 = 0`,
		`GRANT USAGE ON SCHEMA public TO egk_reader`,
		`GRANT SELECT ON ALL TABLES IN SCHEMA public TO egk_reader`,
	} {
		if err := execIn(t, replicaDSN, "", q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	u := mustParse(t, replicaDSN)
	u.User = url.User("egk_reader")
	readerDSN = u.String()
	return replicaDSN, readerDSN
}

func mustParse(t *testing.T, dsn string) *url.URL {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// execIn runs one statement in dsn's server, in database (dsn's own when empty).
func execIn(t *testing.T, dsn, database, q string) error {
	t.Helper()
	u := mustParse(t, dsn)
	if database != "" {
		u.Path = "/" + database
	}
	// Closed at once, not at the test's end: an idle connection would stop a later CREATE DATABASE
	// … TEMPLATE from copying this database.
	db := testutil.OpenDB(t, u.String())
	defer db.Close()
	_, err := db.ExecContext(context.Background(), q)
	return err
}
