package pgembed

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSuperviseRestartsAfterKill is finding 3 of issue 14 at the bottom: kill -9 of the private
// PostgreSQL is noticed, logged and healed, twice in a row, on the same socket (the DSN handed out
// keeps working) with the data intact; Stop then ends supervision without a restart.
func TestSuperviseRestartsAfterKill(t *testing.T) {
	s := start(t, dataDir(t))
	db := openDB(t, s, "egenkontroll")
	if _, err := db.Exec(`CREATE TABLE survived (v int); INSERT INTO survived VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	down, up := make(chan struct{}, 4), make(chan struct{}, 4)
	done := make(chan error, 1)
	go func() {
		done <- s.Supervise(context.Background(), SuperviseOptions{
			OnDown: func() { down <- struct{}{} },
			OnUp:   func() { up <- struct{}{} },
		})
	}()
	for round := 1; round <= 2; round++ {
		pid := s.PID()
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for _, ch := range []chan struct{}{down, up} {
			select {
			case <-ch:
			case err := <-done:
				t.Fatalf("round %d: Supervise returned %v", round, err)
			case <-time.After(60 * time.Second):
				t.Fatalf("round %d: PostgreSQL was not restarted", round)
			}
		}
		if s.PID() == pid {
			t.Fatalf("round %d: the same postmaster pid %d after a restart", round, pid)
		}
		// The pool of before the kill works again: dead connections are replaced.
		var v int
		var err error
		for range 3 {
			if err = db.QueryRow(`SELECT v FROM survived`).Scan(&v); err == nil {
				break
			}
		}
		if err != nil || v != 42 {
			t.Fatalf("round %d: after kill -9 and restart: %d, %v", round, v, err)
		}
	}
	stop(t, s)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Supervise after Stop: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Supervise did not end with Stop")
	}
	select {
	case <-down:
		t.Fatal("Stop was taken for a crash")
	default:
	}
}

// TestSuperviseGivesUp: when PostgreSQL cannot start again (here its configuration is broken),
// Supervise tries the given number of times and returns an error for the caller to exit with.
func TestSuperviseGivesUp(t *testing.T) {
	dir := dataDir(t)
	s := start(t, dir)
	defer stop(t, s)
	f, err := os.OpenFile(filepath.Join(dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("\nthis is not a setting\n")
	f.Close()
	if err := syscall.Kill(s.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	downs := 0
	begin := time.Now()
	err = s.Supervise(context.Background(), SuperviseOptions{Attempts: 3, MinBackoff: 10 * time.Millisecond,
		OnDown: func() { downs++ }})
	if err == nil {
		t.Fatal("Supervise returned nil although PostgreSQL could not start")
	}
	if downs != 1 {
		t.Errorf("OnDown called %d times, want 1", downs)
	}
	if time.Since(begin) > 45*time.Second {
		t.Errorf("giving up took %s", time.Since(begin))
	}
	t.Logf("gave up with: %v", err)
}

// TestSuperviseEndsWithContext: supervision of a healthy server ends with its context.
func TestSuperviseEndsWithContext(t *testing.T) {
	s := start(t, dataDir(t))
	defer stop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := s.Supervise(ctx, SuperviseOptions{}); err != nil {
		t.Fatal(err)
	}
}
