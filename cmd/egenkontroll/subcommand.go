package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// subcommand is one action of a command with subcommands (`token create`, `user list`): its flag
// set already holds the database flags.
type subcommand struct {
	name  string
	flags *flag.FlagSet
	db    dbFlags
}

// newSubcommand takes the subcommand off args; the caller adds its flags and calls parse.
func newSubcommand(command string, args []string, choices string) (*subcommand, []string, error) {
	if len(args) == 0 {
		return nil, nil, &usageError{command, errors.New("say " + choices)}
	}
	sc := &subcommand{name: args[0], flags: flag.NewFlagSet(command+" "+args[0], flag.ContinueOnError)}
	sc.db.register(sc.flags)
	return sc, args[1:], nil
}

// open parses the flags and opens the migrated database, with a context in which every change is
// made, and audited, as the command line.
func (sc *subcommand) open(ctx context.Context, log *slog.Logger, args []string) (*store.Store, context.Context, func(), error) {
	if err := parseFlags(sc.flags, args); err != nil {
		return nil, nil, nil, err
	}
	st, _, stop, err := sc.db.openMigrated(ctx, log)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", sc.flags.Name(), err)
	}
	return st, auth.WithCaller(ctx, &auth.Caller{Kind: auth.KindSystem, Name: "command line"}), stop, nil
}
