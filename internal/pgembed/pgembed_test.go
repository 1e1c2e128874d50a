package pgembed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"
)

func openDB(t *testing.T, s *Server, db string) *sql.DB {
	t.Helper()
	conn := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(s.DSN(db))))
	t.Cleanup(func() { conn.Close() })
	return conn
}

// dataDir returns a fresh data directory the server's user can reach.
func dataDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "egk-pgembed-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "data")
}

func start(t *testing.T, dir string) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Start(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func stop(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

// processUID is the owner of a running process.
func processUID(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "Uid:" {
			uid, _ := strconv.Atoi(f[1])
			return uid
		}
	}
	t.Fatal("no Uid in /proc status")
	return -1
}

// TestStartRestartKeepsData is the life of the embedded default: initialise, write, stop, start
// again on the same directory, and find the data.
func TestStartRestartKeepsData(t *testing.T) {
	dir := dataDir(t)
	s := start(t, dir)
	if os.Geteuid() == 0 && processUID(t, s.PID()) == 0 {
		t.Fatal("PostgreSQL runs as root; it must run as an unprivileged user")
	}
	db := openDB(t, s, "egenkontroll")
	if _, err := db.Exec(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	stop(t, s)
	if _, err := os.Stat(s.SocketDir()); !os.IsNotExist(err) {
		t.Errorf("socket directory %s left behind", s.SocketDir())
	}

	s = start(t, dir)
	defer stop(t, s)
	var v string
	if err := openDB(t, s, "egenkontroll").QueryRow(`SELECT v FROM kept`).Scan(&v); err != nil || v != "still here" {
		t.Fatalf("after restart: %q, %v", v, err)
	}
}

// TestRecoversAfterKill starts again after PostgreSQL was killed without a chance to clean up.
func TestRecoversAfterKill(t *testing.T) {
	dir := dataDir(t)
	s := start(t, dir)
	if _, err := openDB(t, s, "egenkontroll").Exec(`CREATE TABLE survived (v int); INSERT INTO survived VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(s.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.exited
	_ = os.RemoveAll(s.SocketDir())
	s2 := start(t, dir)
	defer stop(t, s2)
	var v int
	if err := openDB(t, s2, "egenkontroll").QueryRow(`SELECT v FROM survived`).Scan(&v); err != nil || v != 42 {
		t.Fatalf("after kill -9 and restart: %d, %v", v, err)
	}
}

func TestMissingBinaries(t *testing.T) {
	_, err := Start(context.Background(), Config{DataDir: dataDir(t), BinDir: t.TempDir()})
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("got %v, want ErrNotInstalled", err)
	}
	if !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Fatalf("the message must say what to install: %v", err)
	}
}

func TestUnreachableDataDirAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the server to another user")
	}
	private := t.TempDir() // 0700, root's own
	_ = os.Chmod(private, 0o700)
	_, err := Start(context.Background(), Config{DataDir: filepath.Join(private, "data")})
	if err == nil || !strings.Contains(err.Error(), "cannot enter") {
		t.Fatalf("expected a clear error about the unreachable parent directory, got %v", err)
	}
}

const childEnv = "EGK_PGEMBED_CHILD_DIR"

// TestAsNonRoot runs the whole start/restart cycle as an ordinary user. Run as root (CI), it
// re-runs this test binary as an unprivileged user.
func TestAsNonRoot(t *testing.T) {
	if dir := os.Getenv(childEnv); dir != "" {
		if os.Geteuid() == 0 {
			t.Fatal("child still runs as root")
		}
		s := start(t, dir)
		if uid := processUID(t, s.PID()); uid != os.Geteuid() {
			t.Fatalf("postgres runs as uid %d, want %d (the caller)", uid, os.Geteuid())
		}
		if _, err := openDB(t, s, "egenkontroll").Exec(`CREATE TABLE t (v int)`); err != nil {
			t.Fatal(err)
		}
		stop(t, s)
		s = start(t, dir)
		defer stop(t, s)
		if _, err := openDB(t, s, "egenkontroll").Exec(`INSERT INTO t VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		return
	}
	if os.Geteuid() != 0 {
		t.Setenv(childEnv, dataDir(t))
		TestAsNonRoot(t)
		return
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skip("no unprivileged user to run as")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	// go test builds into a private directory; copy the binary where the user can run it.
	work, err := os.MkdirTemp("", "egk-nonroot-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(work)
	_ = os.Chmod(work, 0o755)
	self, _ := os.Executable()
	bin := filepath.Join(work, "pgembed.test")
	if err := copyFile(self, bin); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(work, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, uid, gid); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestAsNonRoot$", "-test.v")
	cmd.Dir = home
	cmd.Env = append(os.Environ(), childEnv+"="+filepath.Join(home, "data"), "HOME="+home, "TMPDIR="+home)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestAsNonRoot") {
		t.Fatalf("non-root run failed: %v\n%s", err, out)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
