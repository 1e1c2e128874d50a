package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"
)

var inviteSubs = []sub{
	{"office", "egenkontroll invite office --round ID --office ID"},
}

// inviteCmd invites every active service of a county office, not yet invited, to a round (as the
// command line, audited): the same job as the web app's, its progress drawn as it goes.
func inviteCmd(ctx context.Context, log *slog.Logger, args []string) error {
	return inviteTo(ctx, log, args, os.Stderr)
}

func inviteTo(ctx context.Context, log *slog.Logger, args []string, progress io.Writer) error {
	sc, args, err := newSubcommand("invite", args, "office")
	if err != nil {
		return err
	}
	round := sc.flags.Int64("round", 0, "the round")
	office := sc.flags.Int64("office", 0, "the county governor office whose services are invited")
	st, ctx, stopDB, err := sc.open(ctx, log, args)
	if err != nil {
		return err
	}
	defer stopDB()
	if *round <= 0 || *office <= 0 {
		return fmt.Errorf("invite office: give --round and --office")
	}
	ij, err := st.StartInviteOffice(ctx, *round, *office, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(progress, "job %d: %d services to invite\n", ij.Job.ID, ij.Job.Total)
	if err := st.Run(ctx, ij, jobBar(progress)); err != nil {
		fmt.Fprintln(progress)
		return err
	}
	fmt.Fprintf(progress, "\ninvited %d services to round %d\n", ij.Job.Done, *round)
	return nil
}

// jobBar draws the progress of a job on w.
func jobBar(w io.Writer) func(done, total int) {
	return func(done, total int) {
		const width = 30
		filled := width
		if total > 0 {
			filled = width * done / total
		}
		fmt.Fprintf(w, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total)
	}
}
