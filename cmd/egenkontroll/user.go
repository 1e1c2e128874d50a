package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// userCmd creates and lists accounts from the command line (as the system, audited). It is how a
// new installation gets its first administrator; after that, administrators use the web app.
func userCmd(ctx context.Context, log *slog.Logger, args []string, stdin io.Reader) error {
	sc, args, err := newSubcommand("user", args, "create or list")
	if err != nil {
		return err
	}
	username := sc.flags.String("username", "", "log-in name (create)")
	name := sc.flags.String("name", "", "the person's name (create)")
	role := sc.flags.String("role", "", "SERVICE_STAFF, SERVICE_LEADER, COUNTY_ADVISOR, NATIONAL_ANALYST or ADMIN (create)")
	serviceID := sc.flags.Int64("service", 0, "service id, for SERVICE_STAFF and SERVICE_LEADER (create)")
	officeID := sc.flags.Int64("office", 0, "office id, for COUNTY_ADVISOR (create)")
	oidcSubject := sc.flags.String("oidc-subject", "", "the identity provider's subject or claim for this person (create)")
	passwordStdin := sc.flags.Bool("password-stdin", false, "read the password from the first line of standard input (create); never as a flag, where other users of the machine can see it")
	st, ctx, stopDB, err := sc.open(ctx, log, args)
	if err != nil {
		return err
	}
	defer stopDB()
	in := store.UserInput{Username: *username, DisplayName: *name, Role: auth.Role(strings.ToUpper(*role)), ServiceID: *serviceID,
		OfficeID: *officeID, OIDCSubject: *oidcSubject}
	if sc.name == "create" && *passwordStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("user: read the password: %w", err)
		}
		in.Password = strings.TrimRight(line, "\r\n")
	}
	switch sub := sc.name; sub {
	case "create":
		u, err := st.CreateUser(ctx, in)
		if err != nil {
			return err
		}
		fmt.Printf("Created account %d %q (%s).\n", u.ID, u.Username, u.Role)
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Printf("%d\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Role, u.DisplayName, state)
		}
	default:
		return fmt.Errorf("user: unknown subcommand %q (create or list)", sub)
	}
	return nil
}
