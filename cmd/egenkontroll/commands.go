package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// command is one word of the command line. Commands with subcommands (token create) list them,
// so that a wrong one is refused before anything opens the database. A new command is one entry.
type command struct {
	name    string
	summary string // one line in the top-level usage
	subs    []sub
	run     func(ctx context.Context, log *slog.Logger, args []string) error
}

// sub is a subcommand: its synopsis is its line in the command's usage.
type sub struct{ name, synopsis string }

var tokenSubs = []sub{
	{"create", "egenkontroll token create --name NAME --scope national|office:ID|service:ID [--expires YYYY-MM-DD]"},
	{"list", "egenkontroll token list"},
	{"revoke", "egenkontroll token revoke --id ID"},
}

var userSubs = []sub{
	{"create", `egenkontroll user create --username NAME --name "Full Name" --role ROLE [--service ID|--office ID] (--password-stdin|--oidc-subject SUBJECT)`},
	{"list", "egenkontroll user list"},
}

var commands = []command{
	{name: "serve", summary: "start the server (the default command)", run: serve},
	{name: "status", summary: "is the private database running and on which socket, its migrations and data, does a server answer", run: statusCmd},
	{name: "migrate", summary: "apply database migrations and exit", run: migrate},
	{name: "seed", summary: "load reference data (--demo adds demo data and accounts, --synthetic a national-scale set) and exit", run: seedCmd},
	{name: "token", summary: "create, list or revoke read-only API tokens for BI tools", subs: tokenSubs, run: tokenCmd},
	{name: "user", summary: "create or list accounts (the first administrator of a new installation)", subs: userSubs,
		run: func(ctx context.Context, log *slog.Logger, args []string) error {
			return userCmd(ctx, log, args, os.Stdin)
		}},
	{name: "questionnaire", summary: "export a questionnaire version as a file, or import one (README: Questionnaire files)", subs: questionnaireSubs,
		run: func(ctx context.Context, log *slog.Logger, args []string) error {
			return questionnaireCmd(ctx, log, args, os.Stdin, os.Stdout, os.Stderr)
		}},
	{name: "invite", summary: "invite every active service of a county office to a round, showing the progress", subs: inviteSubs, run: inviteCmd},
	{name: "baseline", summary: "import an earlier round's results (Helsetilsynet's summary workbooks) as the services' submitted forms, or write the template",
		subs: baselineSubs, run: func(ctx context.Context, log *slog.Logger, args []string) error {
			return baselineCmd(ctx, log, args, os.Stdout)
		}},
	{name: "backup", summary: "write the database to a file (pg_dump, custom format)", run: backupCmd},
	{name: "restore", summary: "load a backup into an empty database, such as a new --data directory (pg_restore)", run: restoreCmd},
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func (c *command) sub(name string) *sub {
	for i := range c.subs {
		if c.subs[i].name == name {
			return &c.subs[i]
		}
	}
	return nil
}

func (c *command) subNames() string {
	names := make([]string, len(c.subs))
	for i, s := range c.subs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// run is the command line: it returns the exit status, 0 for success and for --help, 2 for a
// command line that is wrong (before anything opens the database), 1 when the command failed.
func run(log *slog.Logger, args []string, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 {
		switch {
		case isHelp(args[0]) && len(args) > 1 && lookup(args[1]) != nil: // egenkontroll help token
			args = []string{args[1], "--help"}
			name, args = args[0], args[1:]
		case isHelp(args[0]):
			topUsage(stdout)
			return 0
		case !strings.HasPrefix(args[0], "-"):
			name, args = args[0], args[1:]
		}
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "egenkontroll: unknown command %q\n\n", name)
		topUsage(stderr)
		return 2
	}
	if c.subs != nil {
		switch {
		case len(args) > 0 && isHelp(args[0]):
			c.usage(stdout)
			return 0
		case len(args) == 0 || strings.HasPrefix(args[0], "-"):
			fmt.Fprintf(stderr, "egenkontroll %s: say which: %s\n\n", name, c.subNames())
			c.usage(stderr)
			return 2
		case c.sub(args[0]) == nil:
			fmt.Fprintf(stderr, "egenkontroll %s: unknown subcommand %q; valid ones are %s\n\n", name, args[0], c.subNames())
			c.usage(stderr)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	err := c.run(ctx, log, args)
	var help *helpRequest
	var bad *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		help.print(stdout)
		return 0
	case errors.As(err, &bad):
		fmt.Fprintf(stderr, "egenkontroll %s: %v\nRun \"egenkontroll %s --help\" for its flags.\n", bad.name, bad.err, bad.name)
		return 2
	default:
		fmt.Fprintf(stderr, "egenkontroll %s: %v\n", name, err)
		return 1
	}
}

func topUsage(w io.Writer) {
	fmt.Fprint(w, "usage: egenkontroll [COMMAND] [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
With no --database-url, every command uses the private PostgreSQL in --data (./data): the one that
"egenkontroll serve" runs, or else one started for the command and stopped after it.

Run "egenkontroll COMMAND --help" for the flags of a command. Every flag can be set by its
environment variable instead.
`)
}

func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: egenkontroll %s SUBCOMMAND [flags]\n\n%s\n\nSubcommands:\n", c.name, c.summary)
	for _, s := range c.subs {
		fmt.Fprintf(w, "  %-7s %s\n", s.name, s.synopsis)
	}
	fmt.Fprintf(w, "\nRun \"egenkontroll %s SUBCOMMAND --help\" for its flags.\n", c.name)
}

// helpRequest is --help: usage on standard output and exit status 0, never an error.
type helpRequest struct{ flags *flag.FlagSet }

func (h *helpRequest) Error() string { return "help requested" }

func (h *helpRequest) print(w io.Writer) {
	name := h.flags.Name()
	cmd, subName, _ := strings.Cut(name, " ")
	c := lookup(cmd)
	switch {
	case c != nil && subName != "" && c.sub(subName) != nil:
		fmt.Fprintf(w, "usage: %s\n\n", c.sub(subName).synopsis)
	case c != nil:
		fmt.Fprintf(w, "usage: egenkontroll %s [flags]\n\n%s\n\n", name, c.summary)
	default:
		fmt.Fprintf(w, "usage: egenkontroll %s [flags]\n\n", name)
	}
	fmt.Fprint(w, "Flags:\n")
	h.flags.SetOutput(w)
	h.flags.PrintDefaults()
}

// usageError is a command line that is wrong: exit status 2.
type usageError struct {
	name string
	err  error
}

func (u *usageError) Error() string { return u.name + ": " + u.err.Error() }
func (u *usageError) Unwrap() error { return u.err }

// parseFlags parses a command's flags: --help becomes a helpRequest, a wrong flag or a stray
// argument a usageError; the flag package itself prints nothing.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &helpRequest{fs}
		}
		return &usageError{fs.Name(), err}
	}
	if fs.NArg() > 0 {
		return &usageError{fs.Name(), fmt.Errorf("unexpected argument %q (a value with spaces needs quotes)", fs.Arg(0))}
	}
	return nil
}
