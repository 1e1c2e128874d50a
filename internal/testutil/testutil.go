// Package testutil gives integration tests a real PostgreSQL: one private server per test binary
// and a fresh database per test.
package testutil

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/egenkontroll/egenkontroll/internal/pgembed"
)

// EnvDatabaseURL names an admin connection to an existing server to use instead of starting one.
const EnvDatabaseURL = "EGENKONTROLL_TEST_DATABASE_URL"

var (
	server   *pgembed.Server
	adminDSN string
	counter  atomic.Int64
)

// Main starts the server for the test binary, runs the tests and stops it:
//
//	func TestMain(m *testing.M) { testutil.Main(m) }
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if dsn := os.Getenv(EnvDatabaseURL); dsn != "" {
		adminDSN = dsn
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "egk-test-")
	if err != nil {
		log.Print(err)
		return 1
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			log.Printf("remove test PostgreSQL folder: %v", err)
		}
	}()
	// The server may run as another user (when tests run as root); let it into the folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		log.Print(err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	server, err = pgembed.Start(ctx, pgembed.Config{DataDir: dir + "/pg", Database: "postgres"})
	cancel()
	if err != nil {
		log.Printf("start test PostgreSQL: %v", err)
		return 1
	}
	adminDSN = server.DSN("postgres")
	code := m.Run()
	sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer scancel()
	if err := server.Stop(sctx); err != nil {
		log.Printf("stop test PostgreSQL: %v", err)
	}
	return code
}

func openSQL(dsn string) *sql.DB {
	return sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(dsn), pgdriver.WithTimeout(30*time.Second)))
}

// dsnFor replaces the database of the admin DSN.
func dsnFor(name string) string {
	u, err := url.Parse(adminDSN)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// NewDSN creates a fresh, empty database for the test and returns its DSN. It is dropped when
// the test ends.
func NewDSN(t testing.TB) string {
	t.Helper()
	if adminDSN == "" {
		t.Fatal("testutil: call testutil.Main from TestMain")
	}
	name := fmt.Sprintf("test_%d_%d_%s", os.Getpid(), counter.Add(1), sanitize(t.Name()))
	admin := openSQL(adminDSN)
	defer func() { _ = admin.Close() }()
	if _, err := admin.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin := openSQL(adminDSN)
		defer func() { _ = admin.Close() }()
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return dsnFor(name)
}

// NewDB creates a fresh, empty database for the test and returns a connection to it.
func NewDB(t testing.TB) *bun.DB {
	t.Helper()
	db := bun.NewDB(openSQL(NewDSN(t)), pgdialect.New())
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// OpenDB opens the database at dsn for a test's own statements (arranging rows, reading what the
// code under test wrote), beside the store's pool, which nothing outside internal/store reaches.
func OpenDB(t testing.TB, dsn string) *bun.DB {
	t.Helper()
	db := bun.NewDB(openSQL(dsn), pgdialect.New())
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func sanitize(s string) string {
	s = strings.ToLower(s)
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			out = append(out, r)
		} else {
			out = append(out, '_')
		}
	}
	if len(out) > 30 {
		out = out[:30]
	}
	return string(out)
}
