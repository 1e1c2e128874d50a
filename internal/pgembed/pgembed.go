// Package pgembed runs a private PostgreSQL server from the binaries installed on the machine:
// the default database of `egenkontroll serve` when no DATABASE_URL is given, and of the tests.
package pgembed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"
)

// ErrNotInstalled says that no PostgreSQL server binaries were found.
var ErrNotInstalled = errors.New("PostgreSQL server binaries not found (looked in PATH and /usr/lib/postgresql/*/bin): " +
	"install them with `apt-get install postgresql` (nothing needs to run), or set DATABASE_URL to use an existing server")

// errStaleMemory: a previous server's processes still hold the data directory's shared memory.
var errStaleMemory = errors.New("a previous PostgreSQL of this data directory is still exiting")

// Config says where and how to run the server.
type Config struct {
	DataDir  string       // cluster directory; created if missing
	RunAs    string       // OS user when running as root; "" = "postgres" if it exists, else "nobody"
	BinDir   string       // "" = find postgres in PATH, else the newest /usr/lib/postgresql/*/bin
	Database string       // created if missing; default "egenkontroll"
	Logger   *slog.Logger // optional
	Settings []string     // more server settings, "name=value" (the benchmark loads pg_stat_statements)
}

// Server is a running private PostgreSQL.
type Server struct {
	cfg       Config
	bin       string
	socketDir string
	cmd       *exec.Cmd
	exited    chan struct{}
	exitErr   error
	stopOnce  sync.Once
	cred      *syscall.Credential
	uid, gid  int
	attached  *PIDFile // set by Attach: someone else's server, never stopped here
	// mu guards cmd and exited, which a restart by Supervise replaces, and stopping, which Stop
	// closes so that no restart follows.
	mu       sync.Mutex
	stopping chan struct{}
}

// superuser is the cluster's superuser; the socket's directory is private, so trust is safe.
const superuser = "egenkontroll"

// FindBinDir locates the directory of the PostgreSQL server binaries.
func FindBinDir() (string, error) {
	if p, err := exec.LookPath("postgres"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
				return d, nil
			}
		}
	}
	return "", ErrNotInstalled
}

func versionOf(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// Start initialises the cluster if needed, starts PostgreSQL and waits until it accepts connections.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("pgembed: no data directory")
	}
	if cfg.Database == "" {
		cfg.Database = "egenkontroll"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	bin := cfg.BinDir
	if bin == "" {
		var err error
		if bin, err = FindBinDir(); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(filepath.Join(bin, "postgres")); err != nil {
		return nil, fmt.Errorf("%w (no postgres in %s)", ErrNotInstalled, bin)
	}
	abs, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	cfg.DataDir = abs
	s := &Server{cfg: cfg, bin: bin, uid: os.Geteuid(), gid: os.Getegid(), stopping: make(chan struct{})}
	if os.Geteuid() == 0 {
		if err := s.dropRoot(); err != nil {
			return nil, err
		}
	}
	if err := s.prepareDataDir(); err != nil {
		return nil, err
	}
	if err := s.initdb(ctx); err != nil {
		return nil, err
	}
	// After a crash (kill -9), the old server's backends can hold its shared memory for a moment;
	// wait for them instead of failing the start.
	for attempt := 0; ; attempt++ {
		err := s.start(ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, errStaleMemory) || attempt >= 40 {
			return nil, err
		}
		cfg.Logger.Info("waiting for the previous PostgreSQL's processes to exit", "attempt", attempt+1)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	if err := s.CreateDatabase(ctx, cfg.Database); err != nil {
		_ = s.Stop(context.Background())
		return nil, err
	}
	return s, nil
}

// dropRoot picks the unprivileged user PostgreSQL runs as, since it refuses to run as root.
func (s *Server) dropRoot() error {
	name := s.cfg.RunAs
	if name == "" {
		name = "postgres"
		if _, err := user.Lookup(name); err != nil {
			name = "nobody"
		}
	}
	u, err := user.Lookup(name)
	if err != nil {
		return fmt.Errorf("PostgreSQL cannot run as root and user %q does not exist: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if uid == 0 {
		return fmt.Errorf("PostgreSQL cannot run as root; choose another user than %q", name)
	}
	s.uid, s.gid = uid, gid
	s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	return nil
}

func (s *Server) prepareDataDir() error {
	dir := s.cfg.DataDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if s.cred != nil {
		// The run-as user must reach the directory through every parent.
		for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
			st, err := os.Stat(p)
			if err != nil {
				return err
			}
			if st.Mode().Perm()&0o001 == 0 {
				if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != s.uid {
					return fmt.Errorf("PostgreSQL runs as uid %d, which cannot enter %s (mode %v): choose a data directory "+
						"whose parents are world-searchable, or run without root", s.uid, p, st.Mode().Perm())
				}
			}
			if p == "/" {
				break
			}
		}
		if err := chownTree(dir, s.uid, s.gid); err != nil {
			return err
		}
	}
	return os.Chmod(dir, 0o700)
}

// chownTree hands the data directory to the run-as user (after an earlier run as another user).
func chownTree(dir string, uid, gid int) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) == uid {
		return nil
	}
	return filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, name), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Setpgid: true}
	cmd.Dir = s.cfg.DataDir
	return cmd
}

func (s *Server) initdb(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(s.cfg.DataDir, "PG_VERSION")); err == nil {
		return nil
	}
	s.cfg.Logger.Info("initialising PostgreSQL data directory", "dir", s.cfg.DataDir)
	out, err := s.command(ctx, "initdb", "-D", s.cfg.DataDir, "-U", superuser, "--auth=trust", "--encoding=UTF8",
		"--locale=C.UTF-8", "--no-instructions").CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	return nil
}

func (s *Server) start(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "egk-pg-")
	if err != nil {
		return err
	}
	if s.cred != nil {
		if err := os.Chown(dir, s.uid, s.gid); err != nil {
			return err
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	s.socketDir = dir
	if err := s.launch(ctx); err != nil {
		_ = os.RemoveAll(dir)
		return err
	}
	return nil
}

// launch runs the postmaster on the socket directory already chosen (a restart keeps it, so the
// DSN handed out stays valid) and waits until it accepts connections.
func (s *Server) launch(ctx context.Context) error {
	dir := s.socketDir
	logPath := filepath.Join(s.cfg.DataDir, "postgres.log")
	logStart := logSize(logPath)
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if s.cred != nil {
		_ = logFile.Chown(s.uid, s.gid)
	}
	// Not CommandContext: the server must outlive the start-up context and be stopped by Stop.
	args := []string{"-D", s.cfg.DataDir, "-k", dir,
		"-c", "listen_addresses=", "-c", "max_connections=200", "-c", "shared_buffers=128MB",
		"-c", "fsync=on", "-c", "log_min_messages=warning", "-c", "unix_socket_permissions=0700"}
	for _, kv := range s.cfg.Settings {
		args = append(args, "-c", kv)
	}
	cmd := exec.Command(filepath.Join(s.bin, "postgres"), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Setpgid keeps a terminal's Ctrl-C from reaching PostgreSQL before we stop it in order;
	// Pdeathsig stops it if this process dies without cleaning up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		err := cmd.Wait()
		_ = logFile.Close()
		s.mu.Lock()
		s.exitErr = err
		s.mu.Unlock()
		close(exited)
	}()
	s.mu.Lock()
	select {
	case <-s.stopping:
		// Stop came first (during a restart): this server must not outlive it.
		s.mu.Unlock()
		_ = cmd.Process.Signal(syscall.SIGINT)
		<-exited
		return errStopped
	default:
	}
	s.cmd, s.exited = cmd, exited
	s.mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if err := s.ping(ctx, "postgres"); err == nil {
			s.cfg.Logger.Info("PostgreSQL is up", "socket", dir, "pid", cmd.Process.Pid)
			return nil
		}
		select {
		case <-exited:
			log := tail(logPath, 20)
			if strings.Contains(tail(logPath, 3), "pre-existing shared memory block") {
				return fmt.Errorf("%w:\n%s", errStaleMemory, log)
			}
			return s.startFailure(logPath, logStart, s.exitError())
		case <-ctx.Done():
			halt(cmd, exited)
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			halt(cmd, exited)
			return fmt.Errorf("postgres did not accept connections within a minute; its log says:\n%s", tail(logPath, 20))
		}
	}
}

// halt stops a postmaster that did not come up: fast shutdown, then kill.
func halt(cmd *exec.Cmd, exited <-chan struct{}) {
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

func tail(path string, lines int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// DSN returns a connection string for database (pgdriver syntax: the host parameter is the socket file).
func (s *Server) DSN(database string) string {
	q := url.Values{}
	q.Set("host", filepath.Join(s.socketDir, ".s.PGSQL.5432"))
	q.Set("sslmode", "disable")
	return (&url.URL{Scheme: "postgres", User: url.User(superuser), Path: "/" + database, RawQuery: q.Encode()}).String()
}

// SocketDir is the directory of the Unix socket (for psql -h).
func (s *Server) SocketDir() string { return s.socketDir }

func (s *Server) open(database string) *sql.DB {
	return sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(s.DSN(database)), pgdriver.WithTimeout(5*time.Second)))
}

func (s *Server) ping(ctx context.Context, database string) error {
	db := s.open(database)
	defer func() { _ = db.Close() }()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// CreateDatabase creates a database unless it exists.
func (s *Server) CreateDatabase(ctx context.Context, name string) error {
	db := s.open("postgres")
	defer func() { _ = db.Close() }()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := db.ExecContext(ctx, `CREATE DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

// DropDatabase drops a database, ending its connections.
func (s *Server) DropDatabase(ctx context.Context, name string) error {
	db := s.open("postgres")
	defer func() { _ = db.Close() }()
	_, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+strings.ReplaceAll(name, `"`, `""`)+`" WITH (FORCE)`)
	return err
}

// PID is the process id of the postmaster.
func (s *Server) PID() int {
	if s.attached != nil {
		return s.attached.PID
	}
	cmd, _ := s.current()
	return cmd.Process.Pid
}

// current is the postmaster now running (or last run) and the channel closed when it exits.
func (s *Server) current() (*exec.Cmd, chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd, s.exited
}

func (s *Server) exitError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitErr
}

// Stop shuts PostgreSQL down (fast shutdown: open transactions are rolled back, committed data is
// safe) and waits for it to exit, killing it if ctx ends first.
func (s *Server) Stop(ctx context.Context) error {
	var err error
	s.stopOnce.Do(func() {
		s.mu.Lock()
		if s.stopping != nil { // nil when attached
			close(s.stopping)
		}
		cmd, exited := s.cmd, s.exited
		s.mu.Unlock()
		if cmd == nil || cmd.Process == nil {
			return
		}
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-ctx.Done():
			_ = cmd.Process.Kill()
			<-exited
			err = fmt.Errorf("postgres did not stop in time and was killed: %w", ctx.Err())
		}
		if s.socketDir != "" {
			_ = os.RemoveAll(s.socketDir)
		}
	})
	return err
}
