package seed

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// DemoPassword is the password of every demo account. Demo accounts are only created together
// with demo data (the embedded default, or `egenkontroll seed --demo`), never in production.
const DemoPassword = "egenkontroll-demo"

// DemoUser is a demo account for one role.
type DemoUser struct {
	Username    string
	DisplayName string
	Role        auth.Role
	Service     string // the service's name, for service roles
	Office      string // the office's code, for county advisors
}

// DemoUsers has at least one account for every role, inside and outside the same organisations,
// so the demo shows what each role sees.
var DemoUsers = []DemoUser{
	{"leder.bergen", "Barnevernleder i Bergen", auth.RoleServiceLeader, "Barneverntjenesten i Bergen", ""},
	{"saksbehandler.bergen", "Saksbehandler i Bergen", auth.RoleServiceStaff, "Barneverntjenesten i Bergen", ""},
	{"leder.tromso", "Barnevernleder i Tromsø", auth.RoleServiceLeader, "Barneverntjenesten i Tromsø", ""},
	{"leder.alta", "Barnevernleder i Alta", auth.RoleServiceLeader, "Barneverntjenesten i Alta", ""}, // round 2 not started in the demo
	{"radgiver.vestland", "Rådgiver hos Statsforvalteren i Vestland", auth.RoleCountyAdvisor, "", "vestland"},
	{"radgiver.troms-finnmark", "Rådgiver hos Statsforvalteren i Troms og Finnmark", auth.RoleCountyAdvisor, "", "troms-og-finnmark"},
	{"analytiker", "Analytiker i Helsetilsynet", auth.RoleNationalAnalyst, "", ""},
	{"admin", "Driftsansvarlig", auth.RoleAdmin, "", ""},
}

func demoUsers(ctx context.Context, tx bun.Tx, st *store.Store) error {
	for _, u := range DemoUsers {
		in := store.UserInput{Username: u.Username, DisplayName: u.DisplayName, Password: DemoPassword, Role: u.Role}
		if u.Service != "" {
			if err := tx.NewSelect().Table("services").Column("id").Where("name = ?", u.Service).Scan(ctx, &in.ServiceID); err != nil {
				return fmt.Errorf("demo user %s: service %q: %w", u.Username, u.Service, err)
			}
		}
		if u.Office != "" {
			if err := tx.NewSelect().Table("governor_offices").Column("id").Where("code = ?", u.Office).Scan(ctx, &in.OfficeID); err != nil {
				return fmt.Errorf("demo user %s: office %q: %w", u.Username, u.Office, err)
			}
		}
		if _, err := st.EnsureUser(ctx, tx, in); err != nil {
			return err
		}
		// Leaders have an address, so reminders to their service have somewhere to go (and, with
		// no SMTP server, show up in the log).
		if u.Role == auth.RoleServiceLeader {
			if _, err := tx.NewUpdate().Table("users").Set("email = ?", u.Username+"@demo.egenkontroll.invalid").
				Where("username = ? AND email IS NULL", u.Username).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}
