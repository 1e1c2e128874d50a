package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
)

// PeerOptions size the side-by-side run against PostGraphile 4.
type PeerOptions struct {
	NodeDir     string        // bench/postgraphile, with its node_modules installed (npm ci)
	DSN         string        // the database (pgdriver syntax), the same one the Egenkontroll server reads
	Round       int64         // the round the workloads read
	Repeats     int           // alternating runs of each workload; the medians are reported
	LoadClients int           // concurrent clients of the pool phase
	LoadTime    time.Duration // how long each server is loaded in the pool phase
}

// PeerRow is one workload measured on both servers and by hand-written SQL.
type PeerRow struct {
	Workload                     string
	Egk, PG4, SQL                time.Duration
	EgkStatements, PG4Statements int64 // -1: not measured
	Same                         bool  // both servers and the SQL returned the same data
	Note                         string
}

// PoolRow is one server under concurrent load: how many PostgreSQL connections it opened.
type PoolRow struct {
	Server   string
	Requests int
	P50      time.Duration
	Opened   int64 // new PostgreSQL sessions during the phase (-1: not measured)
	Churned  int64 // connections the server's pool closed because its idle slots were full (-1: not known)
}

// PeerResult is everything the side-by-side run measured.
type PeerResult struct {
	Rows              []PeerRow
	Pool              []PoolRow
	LoadBefore        string
	LoadAfter         string
	Answers           int64
	OfficeID, Service int64
}

// Peer measures the read workloads both servers can express, alternating Egenkontroll,
// PostGraphile 4 and SQL so that a noisy machine slows all three alike, then loads each server
// alone with concurrent clients and counts the PostgreSQL connections it opened. Raw SQL runs on
// the bench's own pool, so the server's pool counts only the server's connections.
func (e *Env) Peer(ctx context.Context, opts PeerOptions) (*PeerResult, error) {
	res := &PeerResult{LoadBefore: loadAvg()}
	subj, err := e.peerSubjects(ctx, opts.Round, res)
	if err != nil {
		return nil, err
	}
	peer, err := startPG4(ctx, opts.NodeDir, opts.DSN)
	if err != nil {
		return nil, err
	}
	defer peer.stop()
	stmts := newStatementCounter(ctx, e.db)
	works := peerWorkloads(subj, opts.Round)
	for _, w := range works {
		row, err := e.measureWorkload(ctx, w, peer, stmts, opts.Repeats)
		if err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	// The pool: each server alone under concurrent clients reading the office list.
	res.Pool = e.measurePools(ctx, works[0], peer, opts)
	res.LoadAfter = loadAvg()
	return res, nil
}

// peerSubjects finds what the workloads read (see peerSubjects) and signs in their readers.
func (e *Env) peerSubjects(ctx context.Context, round int64, res *PeerResult) (peerSubjects, error) {
	var s peerSubjects
	db := e.db
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM answers").Scan(&res.Answers)
	// The office with the most services, the service with the most cases in the round, its first case.
	if err := db.QueryRowContext(ctx, `SELECT office_id FROM services GROUP BY office_id ORDER BY count(*) DESC, office_id LIMIT 1`).Scan(&res.OfficeID); err != nil {
		return s, err
	}
	if err := db.QueryRowContext(ctx, `SELECT service_id FROM cases WHERE round_id = ? GROUP BY service_id ORDER BY count(*) DESC, service_id LIMIT 1`, round).Scan(&res.Service); err != nil {
		return s, err
	}
	s.office, s.service = res.OfficeID, res.Service
	if err := db.QueryRowContext(ctx, `SELECT id FROM cases WHERE service_id = ? AND round_id = ? ORDER BY number LIMIT 1`, res.Service, round).Scan(&s.caseID); err != nil {
		return s, err
	}
	var err error
	if s.codes, err = questionCodes(ctx, db); err != nil {
		return s, err
	}
	if s.advisor, err = e.session(fmt.Sprintf("bench.advisor.%d", res.OfficeID), auth.RoleCountyAdvisor, res.OfficeID, 0); err != nil {
		return s, err
	}
	if s.leader, err = e.session(fmt.Sprintf("bench.leader.%d", res.Service), auth.RoleServiceLeader, 0, res.Service); err != nil {
		return s, err
	}
	s.analyst, err = e.Analyst()
	return s, err
}

// measureWorkload checks that the three give the same data, counts the statements of one request
// and times alternating runs, each measurement in turn first.
func (e *Env) measureWorkload(ctx context.Context, w workload, peer *pg4, stmts *statementCounter, repeats int) (PeerRow, error) {
	row := PeerRow{Workload: w.name, Note: w.note, EgkStatements: -1, PG4Statements: -1}
	// The timed runs fetch; the normalised lines, this program's own work, are made only to
	// compare the data.
	egkFetch := func() (json.RawMessage, error) {
		b, err := post(w.egkClient, e.URL, w.egkQuery, w.vars)
		if err != nil {
			return nil, fmt.Errorf("query Egenkontroll: %w", err)
		}
		return b, nil
	}
	pgFetch := func() (json.RawMessage, error) {
		b, err := peer.post(w.pg4Query, w.vars)
		if err != nil {
			return nil, fmt.Errorf("PostGraphile: %w", err)
		}
		return b, nil
	}
	egk := func() ([]string, error) {
		b, err := egkFetch()
		if err != nil {
			return nil, err
		}
		return w.egkNorm(b)
	}
	pg := func() ([]string, error) {
		b, err := pgFetch()
		if err != nil {
			return nil, err
		}
		return w.pg4Norm(b)
	}
	byHand := func() ([]string, error) {
		r, err := e.db.QueryContext(ctx, w.sql, w.args...)
		if err != nil {
			return nil, err
		}
		defer func() { _ = r.Close() }()
		return w.sqlNorm(r)
	}
	same, err := sameData(w.name, egk, pg, byHand)
	if err != nil {
		return row, err
	}
	row.Same = same
	// Statements of one request alone.
	if _, err := egk(); err == nil {
		row.EgkStatements = e.lastCount.Load()
	}
	row.PG4Statements = stmts.around(func() { _, _ = pg() })
	times, err := alternate(repeats, [3]func() error{
		func() error { _, err := egkFetch(); return err },
		func() error { _, err := pgFetch(); return err },
		func() error { _, err := byHand(); return err },
	})
	if err != nil {
		return row, fmt.Errorf("%s: %w", w.name, err)
	}
	row.Egk, row.PG4, row.SQL = median(times[0]), median(times[1]), median(times[2])
	return row, nil
}

// sameData reports whether all three return the same data, before any timing (this also warms
// caches and plans); a workload with no data at all compares nothing and is an error.
func sameData(name string, egk, pg, byHand func() ([]string, error)) (bool, error) {
	a, err := egk()
	if err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	b, err := pg()
	if err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	c, err := byHand()
	if err != nil {
		return false, fmt.Errorf("%s: SQL: %w", name, err)
	}
	same := sameLines(a, b) && sameLines(a, c)
	if !same {
		fmt.Fprintf(os.Stderr, "bench: %s: the answers differ (Egk %d lines, PG4 %d, SQL %d)\n%s\n", name, len(a), len(b), len(c), firstDiff(a, b, c))
	}
	if len(a) == 0 {
		return false, fmt.Errorf("%s: no data to compare", name)
	}
	return same, nil
}

// warmupRounds are untimed rounds before the timed ones: the first requests after a server starts
// grow its heap and stacks (and let Node compile PostGraphile's hot code), and with few repeats
// they would sway the median.
const warmupRounds = 5

// alternate times repeats rounds of the three runs, each round starting with the next one, after
// warmupRounds untimed rounds.
func alternate(repeats int, runs [3]func() error) ([3][]time.Duration, error) {
	times := [3][]time.Duration{}
	for i := 0; i < warmupRounds+repeats; i++ {
		for k := 0; k < 3; k++ {
			j := (i + k) % 3
			t0 := time.Now()
			if err := runs[j](); err != nil {
				return times, err
			}
			if i >= warmupRounds {
				times[j] = append(times[j], time.Since(t0))
			}
		}
	}
	return times, nil
}

// measurePools loads each server alone with w and counts the PostgreSQL sessions it opened, and
// for Egenkontroll the connections its pool closed because its idle slots were full.
func (e *Env) measurePools(ctx context.Context, w workload, peer *pg4, opts PeerOptions) []PoolRow {
	sessions := func() int64 {
		var n int64
		if err := e.db.QueryRowContext(ctx, `SELECT sessions FROM pg_stat_database WHERE datname = current_database()`).Scan(&n); err != nil {
			return -1
		}
		return n
	}
	idleClosed := func() int64 { return e.Store.PoolStats().MaxIdleClosed }
	var rows []PoolRow
	for _, s := range []struct {
		name    string
		do      func() error
		churned func() int64
	}{
		{"Egenkontroll", func() error { _, err := post(w.egkClient, e.URL, w.egkQuery, w.vars); return err }, idleClosed},
		{"PostGraphile 4", func() error { _, err := peer.post(w.pg4Query, w.vars); return err }, nil},
	} {
		time.Sleep(1500 * time.Millisecond) // PostgreSQL publishes a backend's statistics within a second
		before := sessions()
		churnBefore := int64(0)
		if s.churned != nil {
			churnBefore = s.churned()
		}
		lat := burstyLoad(ctx, s.do, opts.LoadClients, opts.LoadTime)
		time.Sleep(1500 * time.Millisecond)
		after := sessions()
		opened := int64(-1)
		if before >= 0 && after >= 0 {
			opened = max(after-before-1, 0) // the reading itself reuses the bench's connection; a new one would count once
		}
		churned := int64(-1)
		if s.churned != nil {
			churned = s.churned() - churnBefore
		}
		rows = append(rows, PoolRow{Server: s.name, Requests: len(lat), P50: median(lat), Opened: opened, Churned: churned})
	}
	return rows
}

// burstyLoad runs do from clients concurrent clients for d and returns the latencies of the
// requests that succeeded.
func burstyLoad(ctx context.Context, do func() error, clients int, d time.Duration) []time.Duration {
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				t0 := time.Now()
				if err := do(); err == nil {
					mine = append(mine, time.Since(t0))
				}
				// People pause between pages: the load comes in bursts, as it does in use.
				time.Sleep(time.Duration(20+(n*37)%80) * time.Millisecond)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lat
}
