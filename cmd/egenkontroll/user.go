package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
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
	if len(args) == 0 {
		return errors.New("user: say create or list")
	}
	sub, args := args[0], args[1:]
	fset := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	username := fset.String("username", "", "log-in name (create)")
	name := fset.String("name", "", "the person's name (create)")
	role := fset.String("role", "", "SERVICE_STAFF, SERVICE_LEADER, COUNTY_ADVISOR, NATIONAL_ANALYST or ADMIN (create)")
	serviceID := fset.Int64("service", 0, "service id, for SERVICE_STAFF and SERVICE_LEADER (create)")
	officeID := fset.Int64("office", 0, "office id, for COUNTY_ADVISOR (create)")
	oidcSubject := fset.String("oidc-subject", "", "the identity provider's subject or claim for this person (create)")
	passwordStdin := fset.Bool("password-stdin", false, "read the password from the first line of standard input (create); never as a flag, where other users of the machine can see it")
	if err := fset.Parse(args); err != nil {
		return err
	}
	in := store.UserInput{Username: *username, DisplayName: *name, Role: auth.Role(strings.ToUpper(*role)), ServiceID: *serviceID,
		OfficeID: *officeID, OIDCSubject: *oidcSubject}
	if sub == "create" && *passwordStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("user: read the password: %w", err)
		}
		in.Password = strings.TrimRight(line, "\r\n")
	}
	st, _, stopDB, err := db.openMigrated(ctx, log)
	if err != nil {
		return err
	}
	defer stopDB()
	ctx = auth.WithCaller(ctx, &auth.Caller{Kind: auth.KindSystem, Name: "command line"})
	switch sub {
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
