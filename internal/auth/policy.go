// Package auth decides who may see and do what: callers (users with a role in an organisation,
// read-only API tokens, anonymous visitors), the rule of every root field of the graph, and the
// scope that limits which services' data a caller reaches. It knows nothing of HTTP or SQL.
package auth

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Role is what a user does in their organisation (DESIGN.md §1).
type Role string

const (
	RoleServiceStaff    Role = "SERVICE_STAFF"
	RoleServiceLeader   Role = "SERVICE_LEADER"
	RoleCountyAdvisor   Role = "COUNTY_ADVISOR"
	RoleNationalAnalyst Role = "NATIONAL_ANALYST"
	RoleAdmin           Role = "ADMIN"
)

// Roles lists every role.
var Roles = []Role{RoleServiceStaff, RoleServiceLeader, RoleCountyAdvisor, RoleNationalAnalyst, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Kind is what kind of caller a request comes from.
type Kind string

const (
	KindAnonymous Kind = "ANONYMOUS"
	KindUser      Kind = "USER"
	KindToken     Kind = "TOKEN"
	KindSystem    Kind = "SYSTEM" // the server itself: seeding, migrations
)

// Caller is who makes a request and which organisation they act for.
type Caller struct {
	Kind      Kind
	UserID    int64
	TokenID   int64
	SessionID string // hash of the session secret
	Name      string
	Role      Role  // users only
	OfficeID  int64 // a county advisor's office, or an office-scoped token's office
	ServiceID int64 // a service user's service, or a service-scoped token's service
}

// Anonymous is the caller of a request without credentials.
var Anonymous = &Caller{Kind: KindAnonymous}

// System is the server acting on its own (seeding).
var System = &Caller{Kind: KindSystem, Name: "system"}

type callerKey struct{}

// WithCaller returns a context carrying the caller.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// From returns the caller of ctx, Anonymous when none is set.
func From(ctx context.Context) *Caller {
	if c, ok := ctx.Value(callerKey{}).(*Caller); ok && c != nil {
		return c
	}
	return Anonymous
}

// Signed reports whether the caller is a signed-in user or a valid token.
func (c *Caller) Signed() bool { return c.Kind == KindUser || c.Kind == KindToken }

// National reports whether the caller sees every county.
func (c *Caller) National() bool {
	switch c.Kind {
	case KindSystem:
		return true
	case KindUser:
		return c.Role == RoleNationalAnalyst || c.Role == RoleAdmin
	case KindToken:
		return c.OfficeID == 0 && c.ServiceID == 0
	}
	return false
}

// Organisation names the caller's organisation for the audit trail.
func (c *Caller) Organisation() string {
	switch {
	case c.ServiceID != 0:
		return fmt.Sprintf("service:%d", c.ServiceID)
	case c.OfficeID != 0:
		return fmt.Sprintf("office:%d", c.OfficeID)
	case c.Kind == KindSystem:
		return "system"
	case c.National():
		return "national"
	}
	return "none"
}

// Scope is the part of the country whose services' data a caller reaches. Zero fields mean no
// limit on that level; None means nothing at all. Stores and batch loaders take a Scope and decide
// with its methods, where objects are loaded, what the caller may read: this file is the only
// place that turns roles and organisations into that decision.
type Scope struct {
	OfficeID  int64
	ServiceID int64
	None      bool
	// CaseWork is set for the people who work inside the service (its staff and leader) and for
	// the server itself: they read the service's cases, answers, drafts and audit trail. Everyone
	// else (county offices, Helsetilsynet, administrators, API tokens) reads only what leaves the
	// service on submit: the summary form of the last submitted revision (document 002:
	// "faglige vurderinger på tjenestenivå – ikke enkeltsaker eller personopplysninger").
	CaseWork bool
}

// Scope returns the caller's scope.
func (c *Caller) Scope() Scope {
	if !c.Signed() && c.Kind != KindSystem {
		return Scope{None: true}
	}
	if c.Kind == KindSystem {
		return Scope{CaseWork: true}
	}
	if c.National() {
		return Scope{}
	}
	inside := c.EditsForms() && c.ServiceID != 0
	return Scope{OfficeID: c.OfficeID, ServiceID: c.ServiceID, CaseWork: inside}
}

// SeesService reports whether the scope reaches a service of the given office: its register entry,
// participation, status and submitted summary form.
func (s Scope) SeesService(serviceID, officeID int64) bool {
	switch {
	case s.None:
		return false
	case s.ServiceID != 0:
		return s.ServiceID == serviceID
	case s.OfficeID != 0:
		return s.OfficeID == officeID
	}
	return true
}

// SeesOffice reports whether the scope reaches an office's own work: its meetings, follow-up
// activity and county report. Services never do.
func (s Scope) SeesOffice(officeID int64) bool {
	return !s.None && s.ServiceID == 0 && (s.OfficeID == 0 || s.OfficeID == officeID)
}

// SeesCaseWork reports whether the scope reads a service's working papers: cases, answers, the
// draft summary form and the audit trail. Only the service's own people (and the server) do.
func (s Scope) SeesCaseWork(serviceID int64) bool {
	return !s.None && s.CaseWork && (s.ServiceID == 0 || s.ServiceID == serviceID)
}

// InsideOneService reports whether the scope is the people of one service, who see that service's
// own figures whole (small numbers are withheld only from readers outside the service).
func (s Scope) InsideOneService() bool { return !s.None && s.CaseWork && s.ServiceID != 0 }

// OfficeWork says whose office work (meetings, follow-up, county reports) the scope reads: every
// office (0, true), one office (id, true) or none (false).
func (s Scope) OfficeWork() (officeID int64, ok bool) {
	if s.None || s.ServiceID != 0 {
		return 0, false
	}
	return s.OfficeID, true
}

// BelongsToService reports whether the role works in a service (and an account with it must name one).
func (r Role) BelongsToService() bool { return r == RoleServiceStaff || r == RoleServiceLeader }

// BelongsToOffice reports whether the role works at a county governor office.
func (r Role) BelongsToOffice() bool { return r == RoleCountyAdvisor }

// EditsForms reports whether the caller fills in cases and answers (a service's staff and leader).
func (c *Caller) EditsForms() bool { return c.Kind == KindUser && c.Role.BelongsToService() }

// SubmitsForms reports whether the caller writes and submits the summary form (a service leader).
func (c *Caller) SubmitsForms() bool { return c.Kind == KindUser && c.Role == RoleServiceLeader }

// Target is where an object belongs: the service and its office.
type Target struct {
	ServiceID int64
	OfficeID  int64
}

// CanSee reports whether the caller may read an object of the target service.
func (c *Caller) CanSee(t Target) bool { return c.Scope().SeesService(t.ServiceID, t.OfficeID) }

// CanSeeOffice reports whether the caller may read an office's own data (its follow-up work).
func (c *Caller) CanSeeOffice(officeID int64) bool { return c.Scope().SeesOffice(officeID) }

// Action is something that changes data.
type Action string

const (
	ActEditForm   Action = "EDIT_FORM"   // cases, answers, draft of the summary form
	ActEditDraft  Action = "EDIT_DRAFT"  // the leader's part of the summary form: assessment, reflections, plan
	ActSubmitForm Action = "SUBMIT_FORM" // submit and re-open the summary form
	ActFollowUp   Action = "FOLLOW_UP"   // county work: return, accept, unlock, reminders, report
	ActManage     Action = "MANAGE"      // rounds and questionnaires
	ActAdminister Action = "ADMINISTER"  // accounts and API tokens
	ActRedact     Action = "REDACT"      // remove confidential text from a service's form, its history included
	// ActRegister changes the service register: rename, merge and split services. A county
	// office for its own services, Helsetilsynet for every service.
	ActRegister Action = "REGISTER"
	// ActInviteLeader invites a service's leader (a county office, for its own services).
	ActInviteLeader Action = "INVITE_LEADER"
	// ActInviteStaff invites a service's staff (the service's leader).
	ActInviteStaff Action = "INVITE_STAFF"
)

// Can checks that the caller may do act on the target. A target outside the caller's reach is
// NOT_FOUND rather than FORBIDDEN, so that nobody learns what exists outside their organisation.
func (c *Caller) Can(act Action, t Target) error {
	if c.Kind == KindSystem {
		return nil
	}
	if !c.Signed() {
		return ErrUnauthenticated()
	}
	if c.Kind == KindToken {
		return ErrForbidden()
	}
	if act == ActManage {
		if c.ManagesCampaigns() {
			return nil
		}
		return ErrForbidden()
	}
	if !c.CanSee(t) && act != ActAdminister {
		if t.ServiceID == 0 {
			return domain.ErrNotFound(domain.NounOffice, t.OfficeID)
		}
		return domain.ErrNotFound(domain.NounService, t.ServiceID)
	}
	allowed := map[Action][]Role{
		ActEditForm:   {RoleServiceStaff, RoleServiceLeader},
		ActEditDraft:  {RoleServiceLeader},
		ActSubmitForm: {RoleServiceLeader},
		ActFollowUp:   {RoleCountyAdvisor},
		ActAdminister: {RoleAdmin},
		// The service's leader for their own service; an administrator for any service, on request.
		ActRedact:       {RoleServiceLeader, RoleAdmin},
		ActRegister:     {RoleCountyAdvisor, RoleNationalAnalyst},
		ActInviteLeader: {RoleCountyAdvisor},
		ActInviteStaff:  {RoleServiceLeader},
	}[act]
	for _, r := range allowed {
		if r == c.Role {
			return nil
		}
	}
	return ErrForbidden()
}

// CampaignStaff are the roles that manage campaigns: Helsetilsynet's campaign staff, who are its
// national analysts. An administrator is the operator (accounts, tokens) and manages none.
var CampaignStaff = []Role{RoleNationalAnalyst}

// ManagesCampaigns reports whether the caller manages campaigns, rounds (their dates, guidance and
// support material) and questionnaire versions: Helsetilsynet's campaign staff (CampaignStaff) and
// the server itself. Every such change is decided here (Can(ActManage, …) asks this method).
func (c *Caller) ManagesCampaigns() bool {
	if c.Kind == KindSystem {
		return true
	}
	if c.Kind != KindUser {
		return false
	}
	for _, r := range CampaignStaff {
		if r == c.Role {
			return true
		}
	}
	return false
}

// SeesJob reports whether the caller reads the progress of a piece of long work: one they started,
// their own office's (county work), and every job for Helsetilsynet's campaign staff.
func (c *Caller) SeesJob(officeID int64, createdBy int64) bool {
	if c.Kind == KindSystem {
		return true
	}
	if c.Kind != KindUser {
		return false
	}
	if createdBy != 0 && createdBy == c.UserID {
		return true
	}
	if c.ManagesCampaigns() {
		return true
	}
	return officeID != 0 && c.Role.BelongsToOffice() && c.OfficeID == officeID
}

// ErrUnauthenticated says that the request needs a signed-in user or a token.
func ErrUnauthenticated() *domain.Error {
	return &domain.Error{Code: domain.CodeUnauthenticated, Text: domain.Text{
		NB: "Du må logge inn.", NN: "Du må logge inn.", EN: "You must sign in."}}
}

// ErrForbidden says that the caller may not do this.
func ErrForbidden() *domain.Error {
	return &domain.Error{Code: domain.CodeForbidden, Text: domain.Text{
		NB: "Du har ikke tilgang til å gjøre dette.", NN: "Du har ikkje tilgang til å gjere dette.",
		EN: "You are not allowed to do this."}}
}

func (r *Role) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Role(s).Valid() {
		return fmt.Errorf("%v is not a valid Role", v)
	}
	*r = Role(s)
	return nil
}

func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// ReadsSupervisionFeedback reports whether the caller reads every service's reflections on the
// supervision side by side. Document 002 addresses them to Helsetilsynet, so its analysts do; a
// county office reads them per service on the submitted summary form like the rest of it.
func (c *Caller) ReadsSupervisionFeedback() bool {
	return c.Kind == KindSystem || (c.Kind == KindUser && c.Role == RoleNationalAnalyst)
}
