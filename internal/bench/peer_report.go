package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

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
	db *bun.DB
	ok bool
}

func newStatementCounter(ctx context.Context, db *bun.DB) *statementCounter {
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
