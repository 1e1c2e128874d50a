package pgembed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNotRunning says that no PostgreSQL runs in the data directory.
var ErrNotRunning = errors.New("no PostgreSQL runs in this data directory")

// PIDFile is what a running PostgreSQL writes into postmaster.pid of its data directory.
type PIDFile struct {
	PID       int
	DataDir   string
	Port      int
	SocketDir string // first Unix socket directory; "" when the server listens on TCP only
	Status    string // "starting", "ready", "stopping" or "standby"; "" before the server wrote it
}

// Socket is the path of the server's Unix socket.
func (p *PIDFile) Socket() string {
	return filepath.Join(p.SocketDir, ".s.PGSQL."+strconv.Itoa(p.Port))
}

// ReadPID reads dataDir/postmaster.pid. The error wraps fs.ErrNotExist when there is none.
func ReadPID(dataDir string) (*PIDFile, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(b), "\n")
	field := func(i int) string {
		if i < len(lines) {
			return strings.TrimSpace(lines[i])
		}
		return ""
	}
	pid, err := strconv.Atoi(field(0))
	if err != nil || pid <= 0 {
		return nil, fmt.Errorf("%s/postmaster.pid: no process id on its first line", dataDir)
	}
	port, _ := strconv.Atoi(field(3))
	if port == 0 {
		port = 5432
	}
	return &PIDFile{PID: pid, DataDir: field(1), Port: port, SocketDir: field(4), Status: field(7)}, nil
}

// Running returns the PostgreSQL that runs in dataDir, or nil when none does: no postmaster.pid,
// or one left behind by a server that died (kill -9, a power cut).
func Running(dataDir string) (*PIDFile, error) {
	p, err := ReadPID(dataDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !alive(p.PID) {
		return nil, nil
	}
	return p, nil
}

// alive reports whether pid is a running postgres process (not a stale pid reused by another program).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	name := strings.TrimSpace(string(comm))
	return strings.HasPrefix(name, "postgres") || strings.HasPrefix(name, "postmaster")
}

// Attach connects to the PostgreSQL already running in cfg.DataDir (started by `egenkontroll
// serve` or another command) through the socket its postmaster.pid names, waiting while it starts
// up. Stop on the returned Server leaves that PostgreSQL running. The error is ErrNotRunning when
// nothing runs there.
func Attach(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("pgembed: no data directory")
	}
	if cfg.Database == "" {
		cfg.Database = "egenkontroll"
	}
	abs, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	cfg.DataDir = abs
	deadline := time.Now().Add(60 * time.Second)
	for {
		p, err := Running(abs)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, ErrNotRunning
		}
		if p.Status == "ready" && p.SocketDir != "" {
			s := &Server{cfg: cfg, socketDir: p.SocketDir, attached: p, uid: os.Geteuid(), gid: os.Getegid()}
			s.bin, _ = FindBinDir()
			if cfg.BinDir != "" {
				s.bin = cfg.BinDir
			}
			if err := s.ping(ctx, "postgres"); err != nil {
				if errors.Is(err, syscall.EACCES) || strings.Contains(err.Error(), "permission denied") {
					return nil, fmt.Errorf("PostgreSQL runs in %s (pid %d), but this user may not use its socket %s: "+
						"run the command as the user that runs `egenkontroll serve`", abs, p.PID, p.Socket())
				}
				return nil, fmt.Errorf("PostgreSQL runs in %s (pid %d), but does not answer on %s: %w", abs, p.PID, p.Socket(), err)
			}
			if err := s.CreateDatabase(ctx, cfg.Database); err != nil {
				return nil, err
			}
			return s, nil
		}
		if p.Status != "" && p.Status != "starting" {
			return nil, fmt.Errorf("the PostgreSQL in %s (pid %d) is %s: wait until it has stopped and try again", abs, p.PID, p.Status)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the PostgreSQL in %s (pid %d) did not become ready within a minute", abs, p.PID)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Attached reports whether this Server is someone else's PostgreSQL that Attach connected to.
func (s *Server) Attached() bool { return s.attached != nil }

// Tool is the path of a PostgreSQL client program (pg_dump, pg_restore, psql) of the installed
// server's version.
func (s *Server) Tool(name string) (string, error) {
	bin := s.bin
	if bin == "" {
		var err error
		if bin, err = FindBinDir(); err != nil {
			return "", err
		}
	}
	p := filepath.Join(bin, name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s not found in %s: install the PostgreSQL client programs", name, bin)
	}
	return p, nil
}

// ClientArgs are the libpq connection options of PostgreSQL's own programs for database.
func (s *Server) ClientArgs(database string) []string {
	return []string{"--host", s.socketDir, "--port", "5432", "--username", superuser, "--dbname", database}
}

// Lease is one process's use of the private PostgreSQL of a data directory, shared with other
// processes: when none runs, the first process starts it and the last one out stops it; one that
// was already running (`egenkontroll serve`) is attached to and left running. Processes
// coordinate with a lock on the data directory.
type Lease struct {
	*Server
	Started bool // this process started PostgreSQL and stops it in Release
	lock    *os.File
}

// Use attaches to the PostgreSQL running in cfg.DataDir, or starts it when none runs.
//
// Every process using the directory's PostgreSQL holds a shared lock on the directory; starting
// and stopping take it exclusively, so a server is never stopped under another process's feet and
// two processes never both start one.
func Use(ctx context.Context, cfg Config) (*Lease, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("pgembed: no data directory")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	lock, err := os.Open(cfg.DataDir)
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("this user may not open the data directory %s: run the command as the user that runs "+
			"`egenkontroll serve` (PostgreSQL runs as the directory's owner): %w", cfg.DataDir, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open data directory: %w", err)
	}
	for attempt := 0; ; attempt++ {
		if err := flock(ctx, lock, syscall.LOCK_SH); err != nil {
			_ = lock.Close()
			return nil, err
		}
		s, err := Attach(ctx, cfg)
		if err == nil {
			return &Lease{Server: s, lock: lock}, nil
		}
		if !errors.Is(err, ErrNotRunning) {
			_ = lock.Close()
			return nil, err
		}
		// Nothing runs: start it if this process alone holds the lock. A failed upgrade drops the
		// shared lock too, so another process starting at the same moment can win; try again.
		if syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			s, err := Start(ctx, cfg)
			if err != nil {
				_ = lock.Close()
				return nil, err
			}
			if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_SH); err != nil {
				_ = s.Stop(context.Background())
				_ = lock.Close()
				return nil, fmt.Errorf("lock data directory: %w", err)
			}
			return &Lease{Server: s, Started: true, lock: lock}, nil
		}
		_ = syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
		select {
		case <-ctx.Done():
			_ = lock.Close()
			return nil, ctx.Err()
		case <-time.After(time.Duration(20+rand.IntN(80)) * time.Millisecond):
		}
	}
}

// Release ends this process's use. The process that started PostgreSQL waits until no other
// process uses it, then stops it; if ctx ends first it leaves PostgreSQL to the others (it gets a
// smart shutdown when this process exits, which waits for their sessions to end).
func (l *Lease) Release(ctx context.Context) error {
	defer func() { _ = l.lock.Close() }()
	if !l.Started {
		return nil
	}
	if err := flock(ctx, l.lock, syscall.LOCK_EX); err != nil {
		return fmt.Errorf("PostgreSQL left running for the other commands using it: %w", err)
	}
	return l.Stop(ctx)
}

// flock takes a lock on f, polling so that ctx can end the wait.
func flock(ctx context.Context, f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return fmt.Errorf("lock data directory: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// StartError says why PostgreSQL could not start: the FATAL, ERROR and PANIC lines (with their
// DETAIL and HINT) it logged during this start, not the rest of its log.
type StartError struct {
	DataDir string
	Exit    error    // how the postgres process ended
	Lines   []string // the lines that say why, without their time stamp
	InUseBy int      // pid of another PostgreSQL that has the data directory, when that is why
}

// Error says why PostgreSQL could not start, with the lines of its log that tell.
func (e *StartError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "PostgreSQL could not start in %s (%v)", e.DataDir, e.Exit)
	if len(e.Lines) > 0 {
		b.WriteString(":\n  " + strings.Join(e.Lines, "\n  "))
	}
	b.WriteString("\n")
	if e.InUseBy > 0 {
		fmt.Fprintf(&b, "Another PostgreSQL is using %s (pid %d): stop `egenkontroll serve` (Ctrl-C in its terminal) or the "+
			"command that started it, or give another data directory with --data.", e.DataDir, e.InUseBy)
	} else {
		fmt.Fprintf(&b, "The whole log is in %s.", filepath.Join(e.DataDir, "postgres.log"))
	}
	return b.String()
}

// logPrefix is the time stamp and process id PostgreSQL puts before each log line.
var logPrefix = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \S+ \[\d+\] `)

// startFailure reads what PostgreSQL logged since offset and picks the lines that say why it stopped.
func (s *Server) startFailure(logPath string, offset int64, exit error) *StartError {
	e := &StartError{DataDir: s.cfg.DataDir, Exit: exit}
	var all []string
	if f, err := os.Open(logPath); err == nil {
		if _, err := f.Seek(offset, io.SeekStart); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				all = append(all, logPrefix.ReplaceAllString(sc.Text(), ""))
			}
		}
		_ = f.Close()
	}
	keep := false
	for _, line := range all {
		switch {
		case strings.HasPrefix(line, "FATAL:"), strings.HasPrefix(line, "ERROR:"), strings.HasPrefix(line, "PANIC:"):
			keep = true
		case strings.HasPrefix(line, "DETAIL:"), strings.HasPrefix(line, "HINT:"):
		default:
			keep = false
		}
		if keep {
			e.Lines = append(e.Lines, line)
		}
		if strings.Contains(line, `lock file "postmaster.pid" already exists`) {
			if p, err := ReadPID(s.cfg.DataDir); err == nil {
				e.InUseBy = p.PID
			}
		}
	}
	if len(e.Lines) == 0 && len(all) > 0 { // nothing marked: the last lines of this start
		e.Lines = all[max(0, len(all)-5):]
	}
	return e
}

// logSize is the length of the log before a start, where this start's lines begin.
func logSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}
