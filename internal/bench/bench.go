// Package bench measures Egenkontroll at national scale: it builds a synthetic data set, runs the
// server in-process on loopback, and prints a table of what it measured. It is run by `make bench`
// (cmd/egenkontroll-bench), never by `make test`.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Options size the measurements.
type Options struct {
	Clients  int           // concurrent clients saving answers
	Duration time.Duration // how long they save
	Repeats  int           // runs of each read query
	Rate     int           // saves per second of the open-loop measurement (0: none)
}

// Row is one line of the result table.
type Row struct{ Measure, Value, Note string }

// Env is a running server on a database ready for measuring.
type Env struct {
	Store     *store.Store
	Broker    *store.Broker
	db        *bun.DB // the bench's own pool (openSQL): set-up and the hand-written SQL
	URL       string
	client    *http.Client
	close     func()
	log       *slog.Logger
	lastCount atomic.Int64
}

// Start runs the server in-process on a loopback port, with rate limits out of the way; dsn is
// the same database, for the bench's own pool.
func Start(ctx context.Context, st *store.Store, dsn string, log *slog.Logger) (*Env, error) {
	db, err := openSQL(ctx, dsn)
	if err != nil {
		return nil, err
	}
	broker := st.NewBroker(log)
	broker.CredentialSweep = time.Hour // a sweep a minute is not per event: keep it out of the counts
	bctx, cancel := context.WithCancel(ctx)
	if err := broker.Start(bctx); err != nil {
		cancel()
		return nil, err
	}
	srv, err := server.New(server.Config{Listen: "127.0.0.1:0",
		Limits: server.Limits{MaxDepth: 14, MaxComplexity: 1 << 30, MaxAliases: 30, PerIP: 1e9, PerToken: 1e9, Burst: 1 << 30}}, st, broker, log)
	if err != nil {
		cancel()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		return nil, err
	}
	e := &Env{Store: st, Broker: broker, db: db, URL: "http://" + ln.Addr().String(), log: log}
	// Every request counts its SQL statements; the last count is kept for Statements.
	handler := srv.Handler()
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, c := store.WithCounter(r.Context())
		handler.ServeHTTP(w, r.WithContext(ctx))
		e.lastCount.Store(c.Count())
	})}
	go func() { _ = hs.Serve(ln) }()
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}
	e.client = &http.Client{Transport: tr, Timeout: 120 * time.Second}
	e.close = func() {
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = hs.Shutdown(sctx)
		cancel()
		_ = db.Close()
	}
	return e, nil
}

// Close stops the server.
func (e *Env) Close() { e.close() }

var system = auth.WithCaller(context.Background(), auth.System)

// session signs in a user (created if missing) and returns a client carrying the cookie.
func (e *Env) session(username string, role auth.Role, officeID, serviceID int64) (*http.Client, error) {
	if _, err := e.Store.EnsureUser(system, e.db, store.UserInput{Username: username, DisplayName: username,
		Password: "benchmark password", Role: role, OfficeID: officeID, ServiceID: serviceID}); err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: e.client.Transport, Jar: jar, Timeout: e.client.Timeout}
	_, err := post(c, e.URL, `mutation($u: String!) { login(input: {username: $u, password: "benchmark password"}) { name } }`, map[string]any{"u": username})
	return c, err
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

func post(c *http.Client, url, query string, vars map[string]any) (json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := c.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer func() { _ = res.Body.Close() }()
	b, _ := io.ReadAll(res.Body)
	var out gqlResponse
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s", out.Errors[0].Message)
	}
	return out.Data, nil
}

// Analyst returns a client signed in as a national analyst.
func (e *Env) Analyst() (*http.Client, error) {
	return e.session("bench.analyst", auth.RoleNationalAnalyst, 0, 0)
}

// Statements runs one GraphQL request alone and returns the SQL statements it took (the session
// check included).
func (e *Env) Statements(c *http.Client, query string, vars map[string]any) (int64, error) {
	if _, err := post(c, e.URL, query, vars); err != nil {
		return 0, err
	}
	return e.lastCount.Load(), nil
}

// Timing runs a request repeatedly and returns the median duration.
func Timing(repeats int, f func() error) (time.Duration, error) {
	var ds []time.Duration
	for i := 0; i < repeats; i++ {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], nil
}

// SaveAnswers measures saving answers: closed loop (opts.Clients concurrent clients, each a
// service leader filling in a case of its own service in an open round, each sending its next save
// when the last one answered: the capacity), then open loop (saves arriving at opts.Rate per
// second whatever the answers take, latency from the moment each was due, so a slow answer cannot
// hide the saves queued behind it). The server is the bench's own (Start), with rate limits so high
// that they never act: the figures are the server's capacity, not the limiter's (the production
// defaults are untouched). Statements per save are counted on a save alone.
func (e *Env) SaveAnswers(ctx context.Context, opts Options) ([]Row, error) {
	round, questions, err := e.openRound(ctx)
	if err != nil {
		return nil, err
	}
	var services []int64
	if err := e.db.NewSelect().Table("services").Column("id").OrderExpr("id").Limit(int64(opts.Clients)).Scan(ctx, &services); err != nil {
		return nil, err
	}
	if len(services) < opts.Clients {
		return nil, fmt.Errorf("need %d services, have %d", opts.Clients, len(services))
	}
	clients := make([]saveClient, len(services))
	for i, sid := range services {
		c, err := e.session("bench.leader."+strconv.FormatInt(sid, 10), auth.RoleServiceLeader, 0, sid)
		if err != nil {
			return nil, err
		}
		cs, err := e.Store.CreateCase(system, sid, round, store.CaseFields{})
		if err != nil {
			return nil, err
		}
		clients[i] = saveClient{c, cs.ID}
	}
	save := func(c saveClient, n, i int) error {
		_, err := post(c.http, e.URL, `mutation($c: ID!, $q: ID!, $o: AnswerOption) { saveAnswer(input: {caseId: $c, questionId: $q, option: $o}) { version } }`,
			map[string]any{"c": strconv.FormatInt(c.caseID, 10), "q": strconv.FormatInt(questions[n%len(questions)], 10), "o": saveOptions[(n+i)%3]})
		return err
	}
	// Statements of one save on its own (the session check included), after a first save has
	// moved the form to IN_PROGRESS.
	_ = save(clients[0], 0, 0)
	perSave, err := e.Statements(clients[0].http, `mutation($c: ID!, $q: ID!) { saveAnswer(input: {caseId: $c, questionId: $q, option: YES}) { version } }`,
		map[string]any{"c": strconv.FormatInt(clients[0].caseID, 10), "q": strconv.FormatInt(questions[0], 10)})
	if err != nil {
		return nil, err
	}

	var mu sync.Mutex
	var latencies []time.Duration
	var failures int
	deadline := time.Now().Add(opts.Duration)
	var wg sync.WaitGroup
	start := time.Now()
	for i, c := range clients {
		wg.Add(1)
		go func(i int, c saveClient) {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				t0 := time.Now()
				err := save(c, n, i)
				mine = append(mine, time.Since(t0))
				if err != nil {
					bad++
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			failures += bad
			mu.Unlock()
		}(i, c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	note := fmt.Sprintf("closed loop: %d clients, %d requests in %.0f s, %d failed", len(clients), len(latencies), elapsed.Seconds(), failures)
	rows := []Row{
		{"save answer p50 / p95 / p99", percentiles(latencies, 0.50, 0.95, 0.99), note},
		{"save answer throughput", fmt.Sprintf("%.0f req/s", float64(len(latencies))/elapsed.Seconds()), "closed loop"},
		{"statements per save", strconv.FormatInt(perSave, 10), "the session check (1) included"},
	}
	if opts.Rate > 0 {
		open, failed, sent := e.openLoop(ctx, clients, save, opts.Rate, opts.Duration)
		rows = append(rows, Row{fmt.Sprintf("save answer p50 / p99 at %d/s", opts.Rate), percentiles(open, 0.50, 0.99),
			fmt.Sprintf("open loop: a save due every %s for %s, %d sent, %d failed; latency from when each was due", time.Second/time.Duration(opts.Rate), opts.Duration, sent, failed)})
	}
	return rows, nil
}

type saveClient struct {
	http   *http.Client
	caseID int64
}

var saveOptions = []string{"YES", "PARTLY", "NO"}

// openLoop sends saves at a fixed rate, round robin over the clients, each in its own goroutine,
// and returns the latencies measured from when each save was due.
func (e *Env) openLoop(ctx context.Context, clients []saveClient, save func(saveClient, int, int) error, rate int, d time.Duration) ([]time.Duration, int, int) {
	var mu sync.Mutex
	var out []time.Duration
	failed := 0
	var wg sync.WaitGroup
	gap := time.Second / time.Duration(rate)
	total := int(d / gap)
	start := time.Now()
	for k := 0; k < total && ctx.Err() == nil; k++ {
		due := start.Add(time.Duration(k) * gap)
		if w := time.Until(due); w > 0 {
			time.Sleep(w)
		}
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			i := k % len(clients)
			err := save(clients[i], 1000+k/len(clients), i)
			lat := time.Since(due)
			mu.Lock()
			out = append(out, lat)
			if err != nil {
				failed++
			}
			mu.Unlock()
		}(k)
	}
	wg.Wait()
	return out, failed, total
}

// percentiles formats the p-th quantiles of ds (sorted in place) in milliseconds.
func percentiles(ds []time.Duration, ps ...float64) string {
	if len(ds) == 0 {
		return "-"
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%.1f", float64(ds[int(p*float64(len(ds)-1))].Microseconds())/1000))
	}
	return strings.Join(parts, " / ") + " ms"
}

// openRound makes (once) a round whose deadline is ahead, on the newest questionnaire.
func (e *Env) openRound(ctx context.Context) (int64, []int64, error) {
	var round int64
	err := e.db.QueryRowContext(ctx, `SELECT id FROM rounds WHERE title_en = 'Benchmark round'`).Scan(&round)
	if err != nil {
		if err := e.db.QueryRowContext(ctx, `INSERT INTO rounds (campaign_id, number, title_nb, title_nn, title_en, questionnaire_id, period_start, period_end, deadline, report_deadline)
			SELECT campaign_id, (SELECT max(number) + 1 FROM rounds), 'Ytelsestest', 'Yteevnetest', 'Benchmark round', questionnaire_id, current_date, current_date + 90, current_date + 90, current_date + 120
			FROM rounds ORDER BY number DESC LIMIT 1 RETURNING id`).Scan(&round); err != nil {
			return 0, nil, err
		}
	}
	var qs []int64
	err = e.db.NewSelect().Table("questions").Column("questions.id").
		Join("JOIN rounds AS r ON r.questionnaire_id = questions.questionnaire_id").
		Where("r.id = ? AND NOT ('NOT_POSSIBLE' = ANY(questions.options))", round).OrderExpr("questions.position").Scan(ctx, &qs)
	return round, qs, err
}

// Table formats rows as a Markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| measure | value | note |\n|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.Measure, r.Value, r.Note)
	}
	return b.String()
}

// dashboardQuery is the national dashboard: every office with its submitted services and cases,
// and per-question shares with intervals.
const dashboardQuery = `query($r: ID!) { statisticsBreakdown(roundId: $r, by: OFFICE) {
	office { code name { nb } } serviceCount caseCount
	overall { yes { share low high } partly { share } no { share } denominator }
	questions { question { code } options { yes { count share low high } partly { count share } no { count share } denominator } } } }`

// dashboardSQL computes the same counts by hand, as fast as one statement can, from the figures
// stored with each form's latest submitted revision (what the statistics count).
const dashboardSQL = `SELECT s.office_id, x.question_id,
	sum(x.n) FILTER (WHERE x.option = 'YES') AS yes, sum(x.n) FILTER (WHERE x.option = 'PARTLY') AS partly,
	sum(x.n) FILTER (WHERE x.option = 'NO') AS no, count(DISTINCT cr.service_id) AS services
	FROM revision_counts x JOIN counted_revisions cr ON cr.revision_id = x.revision_id JOIN services s ON s.id = cr.service_id
	WHERE cr.round_id = ?
	GROUP BY GROUPING SETS ((s.office_id, x.question_id), (s.office_id))`

// Dashboard times the national dashboard through GraphQL and the same figures by SQL alone.
func (e *Env) Dashboard(c *http.Client, round int64, repeats int) ([]Row, error) {
	vars := map[string]any{"r": strconv.FormatInt(round, 10)}
	if _, err := post(c, e.URL, dashboardQuery, vars); err != nil { // warm caches and plans
		return nil, err
	}
	gql, err := Timing(repeats, func() error { _, err := post(c, e.URL, dashboardQuery, vars); return err })
	if err != nil {
		return nil, err
	}
	sqlOnly, err := Timing(repeats, func() error {
		rows, err := e.db.QueryContext(context.Background(), dashboardSQL, round)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	return []Row{
		{"dashboard via GraphQL (median)", ms(gql), "10 offices × every question, shares with Wilson intervals, end to end over HTTP"},
		{"dashboard by hand-written SQL (median)", ms(sqlOnly), "the same counts in one statement, no HTTP, no JSON"},
		{"dashboard ratio GraphQL / SQL", fmt.Sprintf("%.2f", float64(gql)/float64(sqlOnly)), ""},
	}, nil
}

// StatementCounts reports the SQL statements of each main request (the session check included).
func (e *Env) StatementCounts(c *http.Client, round int64) ([]Row, error) {
	r := strconv.FormatInt(round, 10)
	vars := map[string]any{"r": r}
	queries := []struct{ name, query string }{
		{"services (50, with county, office, status)", `query($r: ID!) { services(first: 50) { nodes { name county { name } office { code } submissionStatus(roundId: $r) } } }`},
		{"submissions (50, with summaries)", `query($r: ID!) { submissions(roundId: $r, first: 50) { nodes { status service { name } summary { caseCount overall { yesShare } questions { question { code } distribution { yes } } } } } }`},
		{"national dashboard", dashboardQuery},
		{"statistics, national", `query($r: ID!) { statistics(roundId: $r) { caseCount questions { question { code } options { yes { share } } } } }`},
		{"round comparison", `query($r: ID!) { roundComparison(roundId: $r) { questions { comparability yesChange { difference significant } } } }`},
		{"trends", `query($r: ID!) { round(id: $r) { id } trends(campaignId: "1") { question { code } points { options { yes { share } } } signals { kind } } }`},
		{"funnel, national", `query($r: ID!) { funnel(roundId: $r) { counts { stage count } entries { service { name } stage } } }`},
		{"answer facts (1000)", `query($r: ID!) { answerFacts(filter: {roundId: $r}, first: 1000) { totalCount nodes { questionCode option } } }`},
	}
	var rows []Row
	for _, q := range queries {
		n, err := e.Statements(c, q.query, vars)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.name, err)
		}
		rows = append(rows, Row{"statements: " + q.name, strconv.FormatInt(n, 10), ""})
	}
	return rows, nil
}
