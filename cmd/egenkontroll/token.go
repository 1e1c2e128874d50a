package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// tokenCmd manages read-only API tokens from the command line (as the system, audited).
func tokenCmd(ctx context.Context, log *slog.Logger, args []string) error {
	sc, args, err := newSubcommand("token", args, "create, list or revoke")
	if err != nil {
		return err
	}
	name := sc.flags.String("name", "", "what the token is for (create)")
	scope := sc.flags.String("scope", "national", "national, office:ID or service:ID (create)")
	expires := sc.flags.String("expires", "", "last day the token works, YYYY-MM-DD (create; default: never)")
	id := sc.flags.Int64("id", 0, "token id (revoke)")
	st, ctx, stopDB, err := sc.open(ctx, log, args)
	if err != nil {
		return err
	}
	defer stopDB()
	switch sub := sc.name; sub {
	case "create":
		in := store.TokenInput{Name: strings.TrimSpace(*name)}
		kind, value, _ := strings.Cut(*scope, ":")
		n, _ := strconv.ParseInt(value, 10, 64)
		switch {
		case kind == "national" && value == "":
		case kind == "office" && n > 0:
			in.OfficeID = n
		case kind == "service" && n > 0:
			in.ServiceID = n
		default:
			return fmt.Errorf("token: --scope must be national, office:ID or service:ID, not %q", *scope)
		}
		if *expires != "" {
			d, err := domain.ParseDate(*expires)
			if err != nil {
				return err
			}
			t := d.EndInOslo()
			in.ExpiresAt = &t
		}
		tok, secret, err := st.CreateToken(ctx, in)
		if err != nil {
			return err
		}
		fmt.Printf("Created token %d %q (%s).\nSecret, shown only now; send it as `Authorization: Bearer <secret>`:\n\n%s\n\n", tok.ID, tok.Name, *scope, secret)
	case "list":
		toks, err := st.Tokens(ctx)
		if err != nil {
			return err
		}
		for _, t := range toks {
			scope := "national"
			if t.OfficeID != nil {
				scope = fmt.Sprintf("office:%d", *t.OfficeID)
			} else if t.ServiceID != nil {
				scope = fmt.Sprintf("service:%d", *t.ServiceID)
			}
			state := "active"
			if t.RevokedAt != nil {
				state = "revoked " + t.RevokedAt.Format(time.DateOnly)
			} else if t.ExpiresAt != nil && t.ExpiresAt.Before(time.Now()) {
				state = "expired"
			}
			fmt.Printf("%4d  %-40s %-14s %s\n", t.ID, t.Name, scope, state)
		}
	case "revoke":
		t, err := st.RevokeToken(ctx, *id)
		if err != nil {
			return err
		}
		fmt.Printf("Revoked token %d %q.\n", t.ID, t.Name)
	default:
		return fmt.Errorf("token: unknown command %q (create, list or revoke)", sub)
	}
	return nil
}
