package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/pgembed"
)

// runMainEnv makes the test binary run main: each command runs as its own process, as a person
// would run it, with its own exit status, standard output and standard error.
const runMainEnv = "EGK_TEST_RUN_MAIN"

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

func egenkontrollCmd(stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "DATABASE_URL=", "EGENKONTROLL_DATA=", "EGENKONTROLL_LISTEN=")
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

// egk runs one command and waits for it.
func egk(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := egenkontrollCmd(stdin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String()}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// together runs several commands at the same time.
func together(t *testing.T, runs ...[]string) []result {
	t.Helper()
	out := make([]result, len(runs))
	var wg sync.WaitGroup
	for i, args := range runs {
		wg.Go(func() {
			stdin := ""
			if args[0] == "user" {
				stdin = "en lang nok passordsetning\n"
			}
			out[i] = egk(t, stdin, args...)
		})
	}
	wg.Wait()
	return out
}

// tempData is a data directory whose parent the PostgreSQL user can enter (tests may run as root).
func tempData(t *testing.T, name string) string {
	t.Helper()
	parent, err := os.MkdirTemp("", "egk-cli-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(parent, 0o755)
	t.Cleanup(func() { os.RemoveAll(parent) })
	return filepath.Join(parent, name)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// --help of the top level, of serve and of every command and subcommand prints usage on standard
// output and exits 0; the top level and commands with subcommands list them one line each.
func TestHelp(t *testing.T) {
	cases := [][]string{{"--help"}, {"-h"}, {"help"}, {"help", "token"}}
	for _, c := range commands {
		cases = append(cases, []string{c.name, "--help"}, []string{c.name, "-h"})
		for _, s := range c.subs {
			cases = append(cases, []string{c.name, s.name, "--help"})
		}
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := egk(t, "", args...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "usage: ") || r.stderr != "" {
				t.Fatalf("want usage on stdout, exit 0 and nothing on stderr; got %s", r)
			}
			var listed []string
			switch {
			case len(args) == 1 || args[0] == "help":
				if args[0] == "help" && len(args) == 2 {
					listed = []string{"create", "list", "revoke"}
					break
				}
				for _, c := range commands {
					listed = append(listed, c.name)
				}
			case len(args) == 2 && lookup(args[0]).subs != nil:
				for _, s := range lookup(args[0]).subs {
					listed = append(listed, s.name)
				}
			default:
				if !strings.Contains(r.stdout, "-data") {
					t.Errorf("the flags are not listed:\n%s", r.stdout)
				}
			}
			for _, name := range listed {
				if !regexp.MustCompile(`(?m)^  ` + name + ` +\S`).MatchString(r.stdout) {
					t.Errorf("%q lacks its line:\n%s", name, r.stdout)
				}
			}
		})
	}
}

// A wrong command line is refused with exit status 2 and what is valid, before anything opens
// (or creates) the database.
func TestRefusedCommandLines(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"frobnicate"}, []string{`egenkontroll: unknown command "frobnicate"`, "\n  token ", "\n  status "}},
		{[]string{"user", "frobnicate", "--data", "DATA"}, []string{`egenkontroll user: unknown subcommand "frobnicate"; valid ones are create, list`, "\n  create "}},
		{[]string{"token", "frobnicate"}, []string{`unknown subcommand "frobnicate"; valid ones are create, list, revoke`}},
		{[]string{"token"}, []string{"egenkontroll token: say which: create, list, revoke"}},
		{[]string{"token", "--data", "DATA"}, []string{"egenkontroll token: say which: create, list, revoke"}},
		{[]string{"token", "create", "--data", "DATA", "--nme", "BI"}, []string{"egenkontroll token create: flag provided but not defined: -nme", `Run "egenkontroll token create --help"`}},
		{[]string{"token", "create", "--data", "DATA", "--name", "BI", "test"}, []string{`unexpected argument "test"`}},
		{[]string{"user", "list", "--data", "DATA", "--service", "x"}, []string{`invalid value "x" for flag -service`}},
		{[]string{"migrate", "--data", "DATA", "now"}, []string{`egenkontroll migrate: unexpected argument "now"`}},
		{[]string{"status", "--data", "DATA", "--listen"}, []string{"flag needs an argument: -listen"}},
		{[]string{"serve", "--data", "DATA", "--bogus"}, []string{"flag provided but not defined: -bogus"}},
		{[]string{"--bogus"}, []string{"egenkontroll serve: flag provided but not defined: -bogus"}},
		{[]string{"restore", "--data", "DATA"}, []string{"egenkontroll restore: say which backup with --from FILE"}},
		{[]string{"backup", "--data", "DATA", "--out"}, []string{"flag needs an argument: -out"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			data := tempData(t, "data")
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "DATA", data)
			}
			r := egk(t, "", args...)
			if r.code != 2 {
				t.Fatalf("want exit 2; got %s", r)
			}
			for _, want := range c.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q; got %s", want, r)
				}
			}
			if strings.Contains(r.stderr, "level=") || r.stdout != "" {
				t.Errorf("a refusal is a message, not a log or output; got %s", r)
			}
			if _, err := os.Stat(data); !os.IsNotExist(err) {
				t.Errorf("the data directory was created: the database was opened before the command line was checked")
			}
		})
	}
}

// When PostgreSQL cannot start, the command says why in PostgreSQL's own FATAL line and what to
// do, and exits 1; nothing of the rest of PostgreSQL's log.
func TestStartFailures(t *testing.T) {
	t.Run("serve while another PostgreSQL has the data directory", func(t *testing.T) {
		data := tempData(t, "data")
		pg, err := pgembed.Start(t.Context(), pgembed.Config{DataDir: data})
		if err != nil {
			t.Fatal(err)
		}
		defer pg.Stop(t.Context()) //nolint:errcheck
		r := egk(t, "", "serve", "--data", data, "--listen", freeAddr(t))
		wantFailure(t, r, `FATAL:  lock file "postmaster.pid" already exists`,
			fmt.Sprintf("Another PostgreSQL is using %s (pid %d): stop `egenkontroll serve`", data, pg.PID()))
	})
	t.Run("a data directory of another PostgreSQL version", func(t *testing.T) {
		data := tempData(t, "data")
		if err := os.MkdirAll(data, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, content := range map[string]string{"PG_VERSION": "9.6\n", "postgresql.conf": ""} {
			if err := os.WriteFile(filepath.Join(data, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		r := egk(t, "", "token", "list", "--data", data)
		wantFailure(t, r, "egenkontroll token: token list: PostgreSQL could not start in "+data,
			"FATAL:  database files are incompatible with server", "DETAIL:  The data directory was initialized by PostgreSQL version 9.6",
			"The whole log is in "+filepath.Join(data, "postgres.log"))
	})
	t.Run("restore of a missing file", func(t *testing.T) {
		data := tempData(t, "data")
		r := egk(t, "", "restore", "--from", filepath.Join(data, "none.dump"), "--data", data)
		wantFailure(t, r, "egenkontroll restore: read the backup: ", "no such file or directory")
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Error("the data directory was created for a backup that does not exist")
		}
	})
}

func wantFailure(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.code != 1 {
		t.Fatalf("want exit 1; got %s", r)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q; got %s", w, r)
		}
	}
	var message []string
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.HasPrefix(line, "time=") {
			message = append(message, line)
		}
	}
	if len(message) > 5 || strings.Contains(r.stderr, "LOG:") || strings.Contains(r.stderr, "level=ERROR") {
		t.Errorf("the message is more than the reason and what to do; got %s", r)
	}
}

// With `egenkontroll serve` running on ./data (make run), every command works beside it, several
// at once, through the server's own PostgreSQL, which is left running; a backup restores into a
// new data directory.
func TestCommandsBesideServe(t *testing.T) {
	data := tempData(t, "data")
	addr := freeAddr(t)
	base := "http://" + addr
	srv := startServe(t, data, addr)
	pg, err := pgembed.Running(data)
	if err != nil || pg == nil {
		t.Fatalf("serve's PostgreSQL: %v, %v", pg, err)
	}
	secret := commandsUseServesPostgres(t, data, addr, pg)
	credentialsWorkOnTheServer(t, base, secret)
	dump := filepath.Join(filepath.Dir(data), "backup.dump")
	dataLine := backupBesideServe(t, data, addr, dump, pg)
	restoreIntoNewData(t, filepath.Join(filepath.Dir(data), "restored"), dump, dataLine)
	srv.stop(t, data)
}

// servingProcess is `egenkontroll serve` running as its own process.
type servingProcess struct {
	cmd    *exec.Cmd
	served chan error
	stderr *bytes.Buffer
}

// startServe starts `egenkontroll serve` on the data directory and waits until it is ready.
func startServe(t *testing.T, data, addr string) *servingProcess {
	s := &servingProcess{cmd: egenkontrollCmd("", "serve", "--data", data, "--listen", addr), served: make(chan error, 1), stderr: &bytes.Buffer{}}
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.served <- s.cmd.Wait() }()
	t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		select {
		case err := <-s.served:
			t.Fatalf("serve stopped: %v\n%s", err, s.stderr.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready:\n%s", s.stderr.String())
		}
	}
}

// stop: serve stops cleanly and takes its PostgreSQL with it.
func (s *servingProcess) stop(t *testing.T, data string) {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.served:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, s.stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("serve did not stop")
	}
	if p, _ := pgembed.Running(data); p != nil {
		t.Fatal("PostgreSQL still runs after serve stopped")
	}
}

// commandsUseServesPostgres runs several commands at once beside serve: each uses the server's
// own PostgreSQL, and status reports it. It returns the secret of the token created.
func commandsUseServesPostgres(t *testing.T, data, addr string, pg *pgembed.PIDFile) string {
	usingServes := fmt.Sprintf(`msg="using the running private PostgreSQL" data=%s pid=%d`, data, pg.PID)
	rs := together(t,
		[]string{"token", "create", "--name", "BI test", "--scope", "national", "--data", data},
		[]string{"user", "create", "--username", "ola.drift", "--name", "Ola Drift", "--role", "ADMIN", "--password-stdin", "--data", data},
		[]string{"migrate", "--data", data},
		[]string{"status", "--data", data, "--listen", addr},
		[]string{"token", "list", "--data", data},
	)
	for _, r := range rs {
		if r.code != 0 || !strings.Contains(r.stderr, usingServes) && !strings.Contains(r.stdout, "running (pid") {
			t.Fatalf("beside serve: %s", r)
		}
	}
	status := rs[3].stdout
	for _, want := range []string{
		fmt.Sprintf("private PostgreSQL in %s: running (pid %d), socket %s", data, pg.PID, pg.Socket()),
		"none pending", " services, ", " accounts", "answers at http://" + addr + " (ready)"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	return regexp.MustCompile(`ekt_\S+`).FindString(rs[0].stdout)
}

// credentialsWorkOnTheServer: the token and the account created beside serve work on the server.
func credentialsWorkOnTheServer(t *testing.T, base, secret string) {
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+secret)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("the token created beside serve does not work on the server: %v %v", res, err)
	}
	body := `{"query":"mutation { login(input: {username: \"ola.drift\", password: \"en lang nok passordsetning\"}) { name } }"}`
	res, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "Ola Drift") {
		t.Fatalf("the account created beside serve cannot sign in: %s", b)
	}
}

// backupBesideServe backs up beside serve, and refuses to restore over the running server's
// database. It returns status's line of counts.
func backupBesideServe(t *testing.T, data, addr, dump string, pg *pgembed.PIDFile) string {
	rs := together(t, []string{"backup", "--data", data, "--out", dump}, []string{"status", "--data", data, "--listen", addr})
	for _, r := range rs {
		if r.code != 0 {
			t.Fatalf("beside serve: %s", r)
		}
	}
	dataLine := regexp.MustCompile(`(?m)^Data .*$`).FindString(rs[1].stdout)
	if !strings.Contains(dataLine, "1 active API tokens") {
		t.Errorf("status counts: %q", dataLine)
	}
	if r := egk(t, "", "restore", "--from", dump, "--data", data); r.code != 1 ||
		!strings.Contains(r.stderr, fmt.Sprintf("the PostgreSQL in %s is running (pid %d)", data, pg.PID)) {
		t.Errorf("restore over the running server's database: %s", r)
	}
	if now, _ := pgembed.Running(data); now == nil || now.PID != pg.PID {
		t.Fatalf("serve's PostgreSQL changed: %+v, was pid %d", now, pg.PID)
	}
	return dataLine
}

// restoreIntoNewData: the backup restores into a new data directory, with the same data, and
// not over data.
func restoreIntoNewData(t *testing.T, restored, dump, dataLine string) {
	if r := egk(t, "", "restore", "--from", dump, "--data", restored); r.code != 0 || !strings.Contains(r.stdout, "Restored ") {
		t.Fatalf("restore: %s", r)
	}
	r := egk(t, "", "status", "--data", restored, "--listen", freeAddr(t))
	if r.code != 0 || !strings.Contains(r.stdout, "not running (started for this report and stopped again)") ||
		!strings.Contains(r.stdout, dataLine) || !strings.Contains(r.stdout, "nothing answers") {
		t.Fatalf("status of the restored copy, want %q: %s", dataLine, r)
	}
	if r := egk(t, "", "restore", "--from", dump, "--data", restored); r.code != 1 || !strings.Contains(r.stderr, "already holds tables") {
		t.Errorf("restore over data: %s", r)
	}
}

// With nothing running, commands at the same time share one PostgreSQL: one starts it, the
// others use it, and it is stopped after the last one.
func TestCommandsWithNothingRunning(t *testing.T) {
	data := tempData(t, "data")
	rs := together(t,
		[]string{"migrate", "--data", data},
		[]string{"user", "create", "--username", "ola.drift", "--name", "Ola Drift", "--role", "ADMIN", "--password-stdin", "--data", data},
		[]string{"token", "create", "--name", "BI test", "--data", data},
	)
	started := 0
	for _, r := range rs {
		if r.code != 0 {
			t.Fatalf("%s", r)
		}
		if strings.Contains(r.stderr, `msg="started private PostgreSQL"`) {
			started++
		}
	}
	if started != 1 {
		t.Errorf("%d commands started PostgreSQL, want exactly 1:\n%v", started, rs)
	}
	if p, err := pgembed.Running(data); p != nil || err != nil {
		t.Fatalf("PostgreSQL still runs after the commands: %+v, %v", p, err)
	}
	r := egk(t, "", "status", "--data", data, "--listen", freeAddr(t))
	if r.code != 0 || !strings.Contains(r.stdout, "not running (started for this report and stopped again)") ||
		!strings.Contains(r.stdout, "1 accounts, 1 active API tokens") {
		t.Fatalf("status: %s", r)
	}
}
