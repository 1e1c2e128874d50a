package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" { // the test binary as the egenkontroll command (see cli_test.go)
		main()
	}
	testutil.Main(m)
}

// A new installation gets its first administrator from the command line, with the password read
// from standard input, and that account can sign in.
func TestUserCreateCommand(t *testing.T) {
	dsn := testutil.NewDSN(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	args := []string{"create", "--database-url", dsn, "--username", "Ola.Drift", "--name", "Ola Drift", "--role", "admin", "--password-stdin"}
	if err := userCmd(ctx, log, args, strings.NewReader("en lang nok passordsetning\n")); err != nil {
		t.Fatal(err)
	}
	// Refused input is an error, not an account.
	if err := userCmd(ctx, log, []string{"create", "--database-url", dsn, "--username", "kort", "--name", "Kort", "--role", "ADMIN", "--password-stdin"},
		strings.NewReader("kort\n")); err == nil {
		t.Fatal("a short password was accepted")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sys := auth.WithCaller(ctx, auth.System)
	u, _, err := st.Login(sys, "ola.drift", "en lang nok passordsetning", "test")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != auth.RoleAdmin {
		t.Fatalf("role %s, want ADMIN", u.Role)
	}
	users, err := st.Users(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 {
		t.Fatalf("%d accounts, want only the one created", len(users))
	}
}
