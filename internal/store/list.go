package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Scope limits what a caller may see (auth decides it): everything, one office's services, one
// service, or nothing.
type Scope = auth.Scope

// applyScope restricts a query on services aliased s.
func applyScope(q *bun.SelectQuery, scope Scope) *bun.SelectQuery {
	return whereTerms(q, serviceTerms(scope))
}

// ServiceFilter filters the service list.
type ServiceFilter struct {
	OfficeID     int64
	CountyID     int64
	NameContains string
	Kind         domain.ServiceKind
	RoundID      int64
	Statuses     []domain.Status
	Late         *bool
	// IncludeMerged also lists services merged into another (inactive).
	IncludeMerged bool
}

// Validate checks a filter before the list is read: status and lateness are a round's, so
// filtering by them needs the round.
func (f ServiceFilter) Validate() error {
	if (len(f.Statuses) > 0 || f.Late != nil) && f.RoundID == 0 {
		return domain.ErrStatusFilterNeedsRound()
	}
	return nil
}

// Page asks for one page of a list.
type Page struct {
	First int
	After string
}

// MaxPageSize bounds one page so that no single request loads the whole country by accident.
const MaxPageSize = 500

// cursor is the keyset position in a list sorted by service name (unique) and id.
type cursor struct {
	Name string `json:"n"`
	ID   int64  `json:"i"`
}

// EncodeCursor makes an opaque cursor for a service name and id.
func EncodeCursor(name string, id int64) string {
	b, _ := json.Marshal(cursor{name, id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == 0 {
		return c, domain.ErrPageCursor()
	}
	return c, nil
}

// Validate checks a page before any list is read: at most MaxPageSize rows, and a cursor this
// server made.
func (p Page) Validate() error {
	if p.First < 0 || p.First > MaxPageSize {
		return domain.ErrPageSize()
	}
	if p.After != "" {
		if _, err := decodeCursor(p.After); err != nil {
			return err
		}
	}
	return nil
}

// ServicePage is one page of services.
type ServicePage struct {
	Services []Service
	HasNext  bool
	Total    int64
}

// Services is a page of the services in scope, by name,, filtered, in two statements (page and total).
func (s *Store) Services(ctx context.Context, scope Scope, f ServiceFilter, p Page) (*ServicePage, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = applyScope(q, scope)
		if f.OfficeID != 0 {
			q = q.Where("s.office_id = ?", f.OfficeID)
		}
		if f.CountyID != 0 {
			q = q.Where("s.county_id = ?", f.CountyID)
		}
		if f.Kind != "" {
			q = q.Where("s.kind = ?", f.Kind)
		}
		if !f.IncludeMerged {
			q = q.Where("s.merged_into_id IS NULL")
		}
		if t := strings.TrimSpace(f.NameContains); t != "" {
			pattern := "%" + escapeLike(t) + "%"
			q = q.Where("(s.name ILIKE ? OR EXISTS (SELECT 1 FROM jsonb_array_elements(s.municipalities) AS m WHERE m->>'name' ILIKE ?))", pattern, pattern)
		}
		if f.RoundID != 0 && (len(f.Statuses) > 0 || f.Late != nil) {
			q = q.Join("LEFT JOIN submissions AS sub ON sub.service_id = s.id AND sub.round_id = ?", f.RoundID)
			if len(f.Statuses) > 0 {
				q = q.Where("coalesce(sub.status, 'NOT_STARTED') IN (?)", bun.List(f.Statuses))
			}
			if f.Late != nil {
				q = q.Where("coalesce(sub.late, false) = ?", *f.Late)
			}
		}
		return q
	}
	total, err := filter(s.db.NewSelect().TableExpr("services AS s")).Count(ctx)
	if err != nil {
		return nil, err
	}
	var rows []Service
	q := filter(s.db.NewSelect().Model(&rows))
	if p.After != "" {
		c, err := decodeCursor(p.After)
		if err != nil {
			return nil, err
		}
		q = q.Where("(s.name, s.id) > (?, ?)", c.Name, c.ID)
	}
	if err := q.OrderExpr("s.name, s.id").Limit(int64(p.First) + 1).Scan(ctx); err != nil {
		return nil, err
	}
	page := &ServicePage{Total: total}
	if len(rows) > p.First {
		rows, page.HasNext = rows[:p.First], true
	}
	page.Services = rows
	return page, nil
}

// SubmissionFilter filters a round's submissions.
type SubmissionFilter struct {
	OfficeID int64
	CountyID int64
	Statuses []domain.Status
	Late     *bool
}

// SubmissionRow is a submission with the service name it is sorted by.
type SubmissionRow struct {
	Submission
	ServiceName string `bun:"service_name"`
}

// SubmissionPage is one page of submissions.
type SubmissionPage struct {
	Rows    []SubmissionRow
	HasNext bool
	Total   int64
}

// Submissions is a page of a round's submissions, by service name, in two statements.
func (s *Store) Submissions(ctx context.Context, scope Scope, roundID int64, f SubmissionFilter, p Page) (*SubmissionPage, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = applyScope(q.Join("JOIN services AS s ON s.id = sub.service_id"), scope).Where("sub.round_id = ?", roundID)
		if f.OfficeID != 0 {
			q = q.Where("s.office_id = ?", f.OfficeID)
		}
		if f.CountyID != 0 {
			q = q.Where("s.county_id = ?", f.CountyID)
		}
		if len(f.Statuses) > 0 {
			q = q.Where("sub.status IN (?)", bun.List(f.Statuses))
		}
		if f.Late != nil {
			q = q.Where("sub.late = ?", *f.Late)
		}
		return q
	}
	total, err := filter(s.db.NewSelect().TableExpr("submissions AS sub")).Count(ctx)
	if err != nil {
		return nil, err
	}
	var rows []SubmissionRow
	q := filter(s.db.NewSelect().Model((*Submission)(nil)).ColumnExpr("sub.*").ColumnExpr("s.name AS service_name"))
	if p.After != "" {
		c, err := decodeCursor(p.After)
		if err != nil {
			return nil, err
		}
		q = q.Where("(s.name, s.id) > (?, ?)", c.Name, c.ID)
	}
	if err := q.OrderExpr("s.name, s.id").Limit(int64(p.First)+1).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	page := &SubmissionPage{Total: total}
	if len(rows) > p.First {
		rows, page.HasNext = rows[:p.First], true
	}
	subs := make([]Submission, len(rows))
	for i := range rows {
		subs[i] = rows[i].Submission
	}
	if err := s.forScope(ctx, scope, subs); err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Submission = subs[i]
	}
	page.Rows = rows
	return page, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
