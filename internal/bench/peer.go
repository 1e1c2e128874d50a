package bench

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
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

// pg4 is a running PostGraphile 4.
type pg4 struct {
	url  string
	cmd  *exec.Cmd
	http *http.Client
}

// startPG4 runs bench/postgraphile/server.js on a free loopback port against dsn.
func startPG4(ctx context.Context, dir, dsn string) (*pg4, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "postgraphile")); err != nil {
		return nil, fmt.Errorf("PostGraphile 4 is not installed in %s (run `npm ci` there; `make bench` does): %w", dir, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	cmd := exec.Command("node", "server.js", nodeDSN(dsn), strconv.Itoa(port))
	cmd.Dir = dir
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	// It dies with the benchmark, whatever happens to the benchmark.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start PostGraphile 4: %w", err)
	}
	go func() { _, _ = io.Copy(io.Discard, bufio.NewReader(out)) }()
	p := &pg4{url: fmt.Sprintf("http://127.0.0.1:%d/graphql", port), cmd: cmd,
		http: &http.Client{Timeout: 120 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}}
	deadline := time.Now().Add(90 * time.Second)
	for {
		if _, err := p.post(`{ __typename }`, nil); err == nil {
			return p, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			p.stop()
			return nil, fmt.Errorf("PostGraphile 4 did not answer on port %d within 90 s", port)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func (p *pg4) post(query string, vars map[string]any) (json.RawMessage, error) {
	return post(p.http, strings.TrimSuffix(p.url, "/graphql"), query, vars)
}

func (p *pg4) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
	}
}

// nodeDSN turns a pgdriver DSN into one node-postgres reads: pgdriver names the socket file in
// host=, node-postgres its directory.
func nodeDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if h := q.Get("host"); strings.Contains(filepath.Base(h), ".s.PGSQL.") {
		q.Set("host", filepath.Dir(h))
	}
	q.Del("sslmode")
	u.RawQuery = q.Encode()
	return u.String()
}

// workload is one read expressed in both dialects and in SQL, each returning its data in a
// normal form (sorted lines) so the three can be compared before timing.
type workload struct {
	name, note string
	egkClient  *http.Client
	egkQuery   string
	pg4Query   string
	vars       map[string]any // both servers take the same variables
	sql        string
	args       []any
	egkNorm    func(json.RawMessage) ([]string, error)
	pg4Norm    func(json.RawMessage) ([]string, error)
	sqlNorm    func(*sql.Rows) ([]string, error)
}

// Peer measures the read workloads both servers can express, alternating Egenkontroll,
// PostGraphile 4 and SQL so that a noisy machine slows all three alike, then loads each server
// alone with concurrent clients and counts the PostgreSQL connections it opened.
func (e *Env) Peer(ctx context.Context, opts PeerOptions) (*PeerResult, error) {
	res := &PeerResult{LoadBefore: loadAvg()}
	db := e.Store.DB
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM answers").Scan(&res.Answers)
	// The office with the most services, the service with the most cases in the round, its first case.
	if err := db.QueryRowContext(ctx, `SELECT office_id FROM services GROUP BY office_id ORDER BY count(*) DESC, office_id LIMIT 1`).Scan(&res.OfficeID); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT service_id FROM cases WHERE round_id = ? GROUP BY service_id ORDER BY count(*) DESC, service_id LIMIT 1`, opts.Round).Scan(&res.Service); err != nil {
		return nil, err
	}
	var caseID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM cases WHERE service_id = ? AND round_id = ? ORDER BY number LIMIT 1`, res.Service, opts.Round).Scan(&caseID); err != nil {
		return nil, err
	}
	codes, err := questionCodes(ctx, db)
	if err != nil {
		return nil, err
	}

	advisor, err := e.session(fmt.Sprintf("bench.advisor.%d", res.OfficeID), auth.RoleCountyAdvisor, res.OfficeID, 0)
	if err != nil {
		return nil, err
	}
	leader, err := e.session(fmt.Sprintf("bench.leader.%d", res.Service), auth.RoleServiceLeader, 0, res.Service)
	if err != nil {
		return nil, err
	}
	analyst, err := e.Analyst()
	if err != nil {
		return nil, err
	}
	// Raw SQL runs on a pool of its own, so the server's pool counts only the server's connections.
	raw, err := store.Open(ctx, opts.DSN)
	if err != nil {
		return nil, err
	}
	defer func() { _ = raw.Close() }()
	peer, err := startPG4(ctx, opts.NodeDir, opts.DSN)
	if err != nil {
		return nil, err
	}
	defer peer.stop()
	stmts := newStatementCounter(ctx, raw.DB.DB)

	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	works := []workload{
		{
			name:      "nested list: an office's services → summary form in a round → summary (county advisor)",
			note:      "Egk: the summary as sent (last submitted revision); PG4: the last revision's snapshot",
			egkClient: advisor,
			egkQuery: `query($o: ID!, $r: ID!) { services(filter: {officeId: $o}, first: 500) { nodes { id name
				submission(roundId: $r) { status revision summary { caseCount questions { question { code } distribution { yes partly no } } } } } } }`,
			pg4Query: `query($o: BigInt!, $r: BigInt!) { allServicesList(condition: {officeId: $o}, orderBy: NAME_ASC) { id name
				submissionsByServiceIdList(condition: {roundId: $r}) { status revision
				submissionRevisionsBySubmissionIdList(orderBy: REVISION_DESC, first: 1) { revision snapshot } } } }`,
			vars: map[string]any{"o": id(res.OfficeID), "r": id(opts.Round)},
			sql: `SELECT s.id, sub.status, rev.revision FROM services s
				LEFT JOIN submissions sub ON sub.service_id = s.id AND sub.round_id = ?
				LEFT JOIN LATERAL (SELECT revision, snapshot FROM submission_revisions WHERE submission_id = sub.id ORDER BY revision DESC LIMIT 1) rev ON true
				WHERE s.office_id = ? ORDER BY s.name`,
			args: []any{opts.Round, res.OfficeID},
			egkNorm: func(b json.RawMessage) ([]string, error) {
				var d struct {
					Services struct {
						Nodes []struct {
							ID         string
							Submission *struct {
								Status  string
								Summary struct{ CaseCount int }
							}
						}
					}
				}
				if err := json.Unmarshal(b, &d); err != nil {
					return nil, err
				}
				var out []string
				for _, n := range d.Services.Nodes {
					line := n.ID
					if n.Submission != nil && n.Submission.Summary.CaseCount > 0 {
						line += "|" + n.Submission.Status
					}
					out = append(out, line)
				}
				return out, nil
			},
			pg4Norm: func(b json.RawMessage) ([]string, error) {
				var d struct {
					AllServicesList []struct {
						ID    string
						Forms []struct {
							Status    string
							Revisions []struct{ Revision int } `json:"submissionRevisionsBySubmissionIdList"`
						} `json:"submissionsByServiceIdList"`
					}
				}
				if err := json.Unmarshal(b, &d); err != nil {
					return nil, err
				}
				var out []string
				for _, n := range d.AllServicesList {
					line := n.ID
					if len(n.Forms) == 1 && len(n.Forms[0].Revisions) == 1 {
						line += "|" + n.Forms[0].Status
					}
					out = append(out, line)
				}
				return out, nil
			},
			sqlNorm: func(r *sql.Rows) ([]string, error) {
				var out []string
				for r.Next() {
					var sid int64
					var status sql.NullString
					var rev sql.NullInt64
					if err := r.Scan(&sid, &status, &rev); err != nil {
						return nil, err
					}
					line := id(sid)
					if rev.Valid {
						line += "|" + status.String
					}
					out = append(out, line)
				}
				return out, r.Err()
			},
		},
		{
			name:      "nested list: a service's cases in a round → answers → question (the service's leader)",
			egkClient: leader,
			egkQuery:  `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id number answers { question { code } option } } }`,
			pg4Query: `query($s: BigInt!, $r: BigInt!) { serviceById(id: $s) { submissionsByServiceIdList(condition: {roundId: $r}) {
				casesBySubmissionIdAndServiceIdAndRoundIdList(orderBy: NUMBER_ASC) { id number
				answersByCaseIdList(orderBy: QUESTION_ID_ASC) { questionByQuestionId { code } option } } } } }`,
			vars: map[string]any{"s": id(res.Service), "r": id(opts.Round)},
			sql: `SELECT c.id, q.code, a.option FROM cases c JOIN answers a ON a.case_id = c.id JOIN questions q ON q.id = a.question_id
				WHERE c.service_id = ? AND c.round_id = ? ORDER BY c.number, q.position`,
			args:    []any{res.Service, opts.Round},
			egkNorm: casesNorm(func(d *casesData) []caseData { return d.Cases }),
			pg4Norm: casesNorm(func(d *casesData) []caseData {
				var out []caseData
				if d.ServiceByID != nil {
					for _, f := range d.ServiceByID.Forms {
						out = append(out, f.Cases...)
					}
				}
				return out
			}),
			sqlNorm: answerRowsNorm,
		},
		{
			name:      "national aggregate: count of each option per question in a round (national analyst)",
			note:      "PG4: @graphile/pg-aggregates groupedAggregates with relation filters, one statement",
			egkClient: analyst,
			egkQuery:  `query($r: ID!) { statistics(roundId: $r) { questions { question { code } options { yes { count } partly { count } no { count } } } } }`,
			pg4Query: `query($r: BigInt!) { allAnswers(filter: {option: {in: ["YES", "PARTLY", "NO"]}, caseByCaseId: {roundId: {equalTo: $r},
				submissionBySubmissionIdAndServiceIdAndRoundId: {status: {in: ["SUBMITTED", "ACCEPTED"]}}}}) {
				groupedAggregates(groupBy: [QUESTION_ID, OPTION]) { keys distinctCount { id } } } }`,
			vars: map[string]any{"r": id(opts.Round)},
			sql: `SELECT a.question_id, a.option, count(*) FROM answers a JOIN cases c ON c.id = a.case_id
				JOIN submissions sub ON sub.id = c.submission_id
				WHERE c.round_id = ? AND sub.status IN ('SUBMITTED', 'ACCEPTED') AND a.option IN ('YES', 'PARTLY', 'NO')
				GROUP BY a.question_id, a.option`,
			args: []any{opts.Round},
			egkNorm: func(b json.RawMessage) ([]string, error) {
				var d struct {
					Statistics struct {
						Questions []struct {
							Question struct{ Code string }
							Options  map[string]*struct{ Count int }
						}
					}
				}
				if err := json.Unmarshal(b, &d); err != nil {
					return nil, err
				}
				var out []string
				for _, q := range d.Statistics.Questions {
					for opt, c := range q.Options {
						if c != nil && c.Count > 0 {
							out = append(out, fmt.Sprintf("%s|%s|%d", q.Question.Code, strings.ToUpper(opt), c.Count))
						}
					}
				}
				return out, nil
			},
			pg4Norm: func(b json.RawMessage) ([]string, error) {
				var d struct {
					AllAnswers struct {
						GroupedAggregates []struct {
							Keys          []string
							DistinctCount struct{ ID string }
						}
					}
				}
				if err := json.Unmarshal(b, &d); err != nil {
					return nil, err
				}
				var out []string
				for _, g := range d.AllAnswers.GroupedAggregates {
					if len(g.Keys) == 2 {
						out = append(out, fmt.Sprintf("%s|%s|%s", codes[g.Keys[0]], g.Keys[1], g.DistinctCount.ID))
					}
				}
				return out, nil
			},
			sqlNorm: func(r *sql.Rows) ([]string, error) {
				var out []string
				for r.Next() {
					var q int64
					var opt string
					var n int
					if err := r.Scan(&q, &opt, &n); err != nil {
						return nil, err
					}
					out = append(out, fmt.Sprintf("%s|%s|%d", codes[id(q)], opt, n))
				}
				return out, r.Err()
			},
		},
		{
			name:      "one case with its answers (the service's leader)",
			egkClient: leader,
			egkQuery:  `query($c: ID!) { case(id: $c) { id number answers { question { code } option } } }`,
			pg4Query:  `query($c: BigInt!) { caseById(id: $c) { id number answersByCaseIdList(orderBy: QUESTION_ID_ASC) { questionByQuestionId { code } option } } }`,
			vars:      map[string]any{"c": id(caseID)},
			sql: `SELECT c.id, q.code, a.option FROM cases c JOIN answers a ON a.case_id = c.id JOIN questions q ON q.id = a.question_id
				WHERE c.id = ? ORDER BY q.position`,
			args: []any{caseID},
			egkNorm: casesNorm(func(d *casesData) []caseData {
				if d.Case == nil {
					return nil
				}
				return []caseData{*d.Case}
			}),
			pg4Norm: casesNorm(func(d *casesData) []caseData {
				if d.CaseByID == nil {
					return nil
				}
				return []caseData{*d.CaseByID}
			}),
			sqlNorm: answerRowsNorm,
		},
	}

	for _, w := range works {
		row := PeerRow{Workload: w.name, Note: w.note, EgkStatements: -1, PG4Statements: -1}
		egk := func() ([]string, error) {
			b, err := post(w.egkClient, e.URL, w.egkQuery, w.vars)
			if err != nil {
				return nil, fmt.Errorf("query Egenkontroll: %w", err)
			}
			return w.egkNorm(b)
		}
		pg := func() ([]string, error) {
			b, err := peer.post(w.pg4Query, w.vars)
			if err != nil {
				return nil, fmt.Errorf("PostGraphile: %w", err)
			}
			return w.pg4Norm(b)
		}
		byHand := func() ([]string, error) {
			r, err := raw.DB.QueryContext(ctx, w.sql, w.args...)
			if err != nil {
				return nil, err
			}
			defer func() { _ = r.Close() }()
			return w.sqlNorm(r)
		}
		// The same data from all three, before any timing (this also warms caches and plans).
		a, err := egk()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w.name, err)
		}
		b, err := pg()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w.name, err)
		}
		c, err := byHand()
		if err != nil {
			return nil, fmt.Errorf("%s: SQL: %w", w.name, err)
		}
		row.Same = sameLines(a, b) && sameLines(a, c)
		if !row.Same {
			fmt.Fprintf(os.Stderr, "bench: %s: the answers differ (Egk %d lines, PG4 %d, SQL %d)\n%s\n", w.name, len(a), len(b), len(c), firstDiff(a, b, c))
		}
		if len(a) == 0 {
			return nil, fmt.Errorf("%s: no data to compare", w.name)
		}
		// Statements of one request alone.
		if _, err := egk(); err == nil {
			row.EgkStatements = e.lastCount.Load()
		}
		row.PG4Statements = stmts.around(func() { _, _ = pg() })
		// Alternating runs, each measurement in turn first.
		runs := [3]func() ([]string, error){egk, pg, byHand}
		times := [3][]time.Duration{}
		for i := 0; i < opts.Repeats; i++ {
			for k := 0; k < 3; k++ {
				j := (i + k) % 3
				t0 := time.Now()
				if _, err := runs[j](); err != nil {
					return nil, fmt.Errorf("%s: %w", w.name, err)
				}
				times[j] = append(times[j], time.Since(t0))
			}
		}
		row.Egk, row.PG4, row.SQL = median(times[0]), median(times[1]), median(times[2])
		res.Rows = append(res.Rows, row)
	}

	// The pool: each server alone under concurrent clients reading the office list.
	w := works[0]
	sessions := func() int64 {
		var n int64
		if err := raw.DB.QueryRowContext(ctx, `SELECT sessions FROM pg_stat_database WHERE datname = current_database()`).Scan(&n); err != nil {
			return -1
		}
		return n
	}
	idleClosed := func() int64 { return e.Store.DB.Stats().MaxIdleClosed }
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
		var mu sync.Mutex
		var lat []time.Duration
		deadline := time.Now().Add(opts.LoadTime)
		var wg sync.WaitGroup
		for i := 0; i < opts.LoadClients; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
					t0 := time.Now()
					if err := s.do(); err == nil {
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
		time.Sleep(1500 * time.Millisecond)
		after := sessions()
		opened := int64(-1)
		if before >= 0 && after >= 0 {
			opened = after - before - 1 // the reading itself reuses raw's connection; a new one would count once
			if opened < 0 {
				opened = 0
			}
		}
		churned := int64(-1)
		if s.churned != nil {
			churned = s.churned() - churnBefore
		}
		res.Pool = append(res.Pool, PoolRow{Server: s.name, Requests: len(lat), P50: median(lat), Opened: opened, Churned: churned})
	}
	res.LoadAfter = loadAvg()
	return res, nil
}

type caseData struct {
	ID      string
	Answers []struct {
		Question *struct{ Code string } `json:"question"`
		PGQ      *struct{ Code string } `json:"questionByQuestionId"`
		Option   *string
	}
	PGAnswers []struct {
		Question *struct{ Code string } `json:"questionByQuestionId"`
		Option   *string
	} `json:"answersByCaseIdList"`
}

type casesData struct {
	Cases       []caseData
	Case        *caseData
	CaseByID    *caseData `json:"caseById"`
	ServiceByID *struct {
		Forms []struct {
			Cases []caseData `json:"casesBySubmissionIdAndServiceIdAndRoundIdList"`
		} `json:"submissionsByServiceIdList"`
	} `json:"serviceById"`
}

// casesNorm lists "case|question|option" of cases given either way.
func casesNorm(pick func(*casesData) []caseData) func(json.RawMessage) ([]string, error) {
	return func(b json.RawMessage) ([]string, error) {
		var d casesData
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, err
		}
		var out []string
		for _, c := range pick(&d) {
			for _, a := range c.Answers {
				q := a.Question
				if q == nil {
					q = a.PGQ
				}
				if q != nil {
					out = append(out, c.ID+"|"+q.Code+"|"+deref(a.Option))
				}
			}
			for _, a := range c.PGAnswers {
				if a.Question != nil {
					out = append(out, c.ID+"|"+a.Question.Code+"|"+deref(a.Option))
				}
			}
		}
		return out, nil
	}
}

func answerRowsNorm(r *sql.Rows) ([]string, error) {
	var out []string
	for r.Next() {
		var c int64
		var code string
		var opt sql.NullString
		if err := r.Scan(&c, &code, &opt); err != nil {
			return nil, err
		}
		out = append(out, strconv.FormatInt(c, 10)+"|"+code+"|"+opt.String)
	}
	return out, r.Err()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sameLines(a, b []string) bool {
	x, y := append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func firstDiff(sets ...[]string) string {
	var b strings.Builder
	for i, s := range sets {
		x := append([]string(nil), s...)
		sort.Strings(x)
		if len(x) > 5 {
			x = x[:5]
		}
		fmt.Fprintf(&b, "  %s: %v\n", [3]string{"Egk", "PG4", "SQL"}[i], x)
	}
	return b.String()
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	x := append([]time.Duration(nil), ds...)
	sort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
	return x[len(x)/2]
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// statementCounter counts the statements PostgreSQL ran (pg_stat_statements), leaving out its own.
type statementCounter struct {
	db *sql.DB
	ok bool
}

func newStatementCounter(ctx context.Context, db *sql.DB) *statementCounter {
	c := &statementCounter{db: db}
	if _, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err == nil {
		c.ok = c.total() >= 0
	}
	return c
}

func (c *statementCounter) total() int64 {
	var n sql.NullInt64
	if err := c.db.QueryRow(`SELECT sum(calls) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`).Scan(&n); err != nil {
		return -1
	}
	return n.Int64
}

// around returns the statements run while f ran (-1 without pg_stat_statements).
func (c *statementCounter) around(f func()) int64 {
	if !c.ok {
		return -1
	}
	before := c.total()
	f()
	after := c.total()
	if before < 0 || after < 0 {
		return -1
	}
	return after - before
}

// PeerTable formats the side-by-side result as Markdown.
func PeerTable(r *PeerResult) string {
	var b bytes.Buffer
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	n := func(v int64) string {
		if v < 0 {
			return "n/a"
		}
		return strconv.FormatInt(v, 10)
	}
	ratio := func(a, b time.Duration) string {
		if b <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", float64(a)/float64(b))
	}
	fmt.Fprintf(&b, "Side by side with PostGraphile 4 on the same database (%d answers), medians of alternating runs; load average %s before, %s after.\n\n", r.Answers, r.LoadBefore, r.LoadAfter)
	b.WriteString("| workload | Egk p50 | PG4 p50 | raw SQL p50 | Egk / PG4 | Egk / SQL | statements Egk / PG4 | same data |\n|---|---|---|---|---|---|---|---|\n")
	for _, row := range r.Rows {
		name := row.Workload
		if row.Note != "" {
			name += " (" + row.Note + ")"
		}
		same := "yes"
		if !row.Same {
			same = "NO"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s / %s | %s |\n", name, ms(row.Egk), ms(row.PG4), ms(row.SQL),
			ratio(row.Egk, row.PG4), ratio(row.Egk, row.SQL), n(row.EgkStatements), n(row.PG4Statements), same)
	}
	b.WriteString("\nEgk statements include the session check (1); PG4's are counted by pg_stat_statements.\n\n")
	b.WriteString("| pool under bursty concurrent load (office list) | requests | p50 | PostgreSQL connections opened | closed by the idle limit |\n|---|---|---|---|---|\n")
	for _, p := range r.Pool {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s |\n", p.Server, p.Requests, ms(p.P50), n(p.Opened), n(p.Churned))
	}
	return b.String()
}

// questionCodes maps each question's id (as text) to its code.
func questionCodes(ctx context.Context, db interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, code FROM questions`)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }() // read-only: a failed close loses nothing
	// question id → code
	codes := map[string]string{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		codes[strconv.FormatInt(id, 10)] = code
	}
	return codes, rows.Err()
}
