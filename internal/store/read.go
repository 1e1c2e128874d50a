package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Batch reads: each takes many keys and answers with one statement, so the graph's dataloaders keep
// the number of statements per request constant whatever the number of rows.

// where selects rows of T whose column col is one of ids, ordered by order. The keys go in as one
// array parameter of a statement prepared once per connection (prepared.go), so the text is the
// same for any number of keys and PostgreSQL plans it once, not on every request.
func where[T any](ctx context.Context, s *Store, col string, ids []int64, order string) ([]T, error) {
	var out []T
	if len(ids) == 0 {
		return out, nil
	}
	query := s.builtQuery(fmt.Sprintf("where %T.%s order %s", out, col, order), func() string {
		q := s.db.NewSelect().Model((*T)(nil)).Where("?TableAlias.? = ANY(?)", bun.Ident(col), bun.Safe("$1::bigint[]"))
		if order != "" {
			q = q.OrderExpr(order)
		}
		return q.String()
	})
	if err := s.scanAllPrepared(ctx, query, []any{idArray(ids)}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// all selects every row of T, ordered by order.
func all[T any](ctx context.Context, db bun.IDB, order string) ([]T, error) {
	var out []T
	if err := db.NewSelect().Model(&out).OrderExpr(order).Scan(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// one returns the single row of T with the given id, or a NOT_FOUND domain error.
func one[T any](ctx context.Context, db bun.IDB, id int64, noun domain.Noun) (*T, error) {
	var out T
	err := db.NewSelect().Model(&out).Where("?TableAlias.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrNotFound(noun, id)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Offices lists the county governor offices by name.
func (s *Store) Offices(ctx context.Context) ([]Office, error) {
	return all[Office](ctx, s.db, "o.name_nb")
}

// OfficesByID loads the offices of ids in one statement (the graph's office loader).
func (s *Store) OfficesByID(ctx context.Context, ids []int64) ([]Office, error) {
	return where[Office](ctx, s, "id", ids, "")
}

// Counties lists the counties by number.
func (s *Store) Counties(ctx context.Context) ([]County, error) {
	return all[County](ctx, s.db, "cty.number")
}

// CountiesByID loads the counties of ids in one statement.
func (s *Store) CountiesByID(ctx context.Context, ids []int64) ([]County, error) {
	return where[County](ctx, s, "id", ids, "")
}

// CountiesByOffice loads the counties of many offices in one statement, by number.
func (s *Store) CountiesByOffice(ctx context.Context, officeIDs []int64) ([]County, error) {
	return where[County](ctx, s, "office_id", officeIDs, "cty.number")
}

// ServicesByID loads the services of ids that the scope reaches; the others are left out.
func (s *Store) ServicesByID(ctx context.Context, scope Scope, ids []int64) ([]Service, error) {
	var out []Service
	if len(ids) == 0 {
		return out, nil
	}
	// applyScope's conditions as parameters, so that each shape of scope is one prepared
	// statement (every nested service of every request is read here).
	where, args := serviceTerms(scope).withParams("s.id = ANY($1::bigint[])", []any{idArray(ids)})
	query := s.builtQuery("services where "+where, func() string {
		return s.db.NewSelect().Model((*Service)(nil)).Where(where).String()
	})
	err := s.scanAllPrepared(ctx, query, args, &out)
	return out, err
}

// Campaigns lists every campaign in the order they were made.
func (s *Store) Campaigns(ctx context.Context) ([]Campaign, error) {
	return all[Campaign](ctx, s.db, "cmp.id")
}

// CampaignsByID loads the campaigns of ids in one statement.
func (s *Store) CampaignsByID(ctx context.Context, ids []int64) ([]Campaign, error) {
	return where[Campaign](ctx, s, "id", ids, "")
}

// Rounds lists every round, newest period first.
func (s *Store) Rounds(ctx context.Context) ([]Round, error) {
	return all[Round](ctx, s.db, "r.period_start DESC, r.id DESC")
}

// RoundsByID loads the rounds of ids in one statement.
func (s *Store) RoundsByID(ctx context.Context, ids []int64) ([]Round, error) {
	return where[Round](ctx, s, "id", ids, "")
}

// RoundsByCampaign loads the rounds of many campaigns in one statement, by number.
func (s *Store) RoundsByCampaign(ctx context.Context, campaignIDs []int64) ([]Round, error) {
	return where[Round](ctx, s, "campaign_id", campaignIDs, "r.number")
}

// Questionnaires lists the versions the caller may read: published ones, and drafts for campaign staff.
func (s *Store) Questionnaires(ctx context.Context) ([]Questionnaire, error) {
	out := []Questionnaire{}
	err := visibleQuestionnaires(ctx, s.db.NewSelect().Model(&out)).OrderExpr("qn.campaign_id, qn.version").Scan(ctx)
	return out, err
}

// QuestionnairesByID loads the questionnaire versions of ids in one statement (ids come from
// rounds and forms the caller already reaches, so drafts are not filtered here).
func (s *Store) QuestionnairesByID(ctx context.Context, ids []int64) ([]Questionnaire, error) {
	return where[Questionnaire](ctx, s, "id", ids, "")
}

// SectionsByQuestionnaire loads the sections of many versions in one statement, in order.
func (s *Store) SectionsByQuestionnaire(ctx context.Context, ids []int64) ([]Section, error) {
	return where[Section](ctx, s, "questionnaire_id", ids, "sec.position")
}

// SectionsByID loads the sections of ids in one statement.
func (s *Store) SectionsByID(ctx context.Context, ids []int64) ([]Section, error) {
	return where[Section](ctx, s, "id", ids, "")
}

// QuestionsByQuestionnaire loads the questions of many versions in one statement, in order.
func (s *Store) QuestionsByQuestionnaire(ctx context.Context, ids []int64) ([]Question, error) {
	return where[Question](ctx, s, "questionnaire_id", ids, "q.position")
}

// QuestionsByID loads the questions of ids in one statement.
func (s *Store) QuestionsByID(ctx context.Context, ids []int64) ([]Question, error) {
	return where[Question](ctx, s, "id", ids, "")
}

// LineageByQuestion loads how many questions continue questions of earlier versions, in one
// statement: what makes a figure comparable across rounds.
func (s *Store) LineageByQuestion(ctx context.Context, ids []int64) ([]Lineage, error) {
	return where[Lineage](ctx, s, "question_id", ids, "ql.predecessor_id")
}

// ReflectionQuestionsByQuestionnaire loads the reflection and feedback questions of many versions
// in one statement, in order.
func (s *Store) ReflectionQuestionsByQuestionnaire(ctx context.Context, ids []int64) ([]ReflectionQuestion, error) {
	return where[ReflectionQuestion](ctx, s, "questionnaire_id", ids, "rq.position")
}

// ReflectionQuestionsByID loads the reflection and feedback questions of ids in one statement.
func (s *Store) ReflectionQuestionsByID(ctx context.Context, ids []int64) ([]ReflectionQuestion, error) {
	return where[ReflectionQuestion](ctx, s, "id", ids, "")
}

// CasesByID loads the cases of ids that the scope may read: only the service's own people do.
func (s *Store) CasesByID(ctx context.Context, scope Scope, ids []int64) ([]Case, error) {
	var out []Case
	query, args, ok := s.caseSetQuery("cases", scope, CaseSet{IDs: ids}, func(cases string) *bun.SelectQuery {
		return s.db.NewSelect().Model((*Case)(nil)).Where(cases)
	})
	if !ok {
		return out, nil
	}
	err := s.scanAllPrepared(ctx, query, args, &out)
	return out, err
}

// Office returns one office or NOT_FOUND (Office, County, Round and Questionnaire return one object
// or a NOT_FOUND error).
func (s *Store) Office(ctx context.Context, id int64) (*Office, error) {
	return one[Office](ctx, s.db, id, domain.NounOffice)
}

// County returns one county or NOT_FOUND.
func (s *Store) County(ctx context.Context, id int64) (*County, error) {
	return one[County](ctx, s.db, id, domain.NounCounty)
}
func (s *Store) service(ctx context.Context, id int64) (*Service, error) {
	return one[Service](ctx, s.db, id, domain.NounService)
}

// Round returns one round or NOT_FOUND.
func (s *Store) Round(ctx context.Context, id int64) (*Round, error) {
	return one[Round](ctx, s.db, id, domain.NounRound)
}

// Questionnaire returns one version the caller may read (published, or any for campaign staff),
// or NOT_FOUND.
func (s *Store) Questionnaire(ctx context.Context, id int64) (*Questionnaire, error) {
	var q Questionnaire
	if err := visibleQuestionnaires(ctx, s.db.NewSelect().Model(&q).Where("qn.id = ?", id)).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounQuestionnaire, id)
	}
	return &q, nil
}

// SubmissionKey identifies a submission by service and round.
type SubmissionKey struct{ ServiceID, RoundID int64 }

// keyColumns splits keys into a column of services and one of rounds, for the batched reads'
// `(service_id, round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))`.
func keyColumns(keys []SubmissionKey) (services, rounds []int64) {
	services, rounds = make([]int64, len(keys)), make([]int64, len(keys))
	for i, k := range keys {
		services[i], rounds[i] = k.ServiceID, k.RoundID
	}
	return services, rounds
}

// SubmissionsByKey loads the submissions of many (service, round) pairs in one statement.
// The scope decides which are returned and what of them (see forScope).
func (s *Store) SubmissionsByKey(ctx context.Context, scope Scope, keys []SubmissionKey) ([]Submission, error) {
	var out []Submission
	if len(keys) == 0 {
		return out, nil
	}
	services, rounds := keyColumns(keys)
	q := applyScope(s.db.NewSelect().Model((*Submission)(nil)).ColumnExpr("sub.*").Join("JOIN services AS s ON s.id = sub.service_id").
		Where("(sub.service_id, sub.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))",
			pgArray(services), pgArray(rounds)), scope)
	if scope.CaseWork || scope.None {
		// Only the service's own people (or nobody): nothing to replace.
		err := q.Scan(ctx, &out)
		return out, err
	}
	// Everyone else reads what was last sent, loaded in the same statement.
	var rows []struct {
		Submission
		LatestSent *Snapshot `bun:"latest_sent,type:jsonb"`
	}
	if err := q.ColumnExpr(latestSentColumn).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out = make([]Submission, len(rows))
	sent := make(map[int64]*Snapshot, len(rows))
	for i := range rows {
		out[i] = rows[i].Submission
		sent[out[i].ID] = rows[i].LatestSent
	}
	projectForScope(scope, out, sent)
	return out, nil
}

// CasesOf lists a service's cases in a round by number.
func (s *Store) CasesOf(ctx context.Context, scope Scope, serviceID, roundID int64) ([]Case, error) {
	var out []Case
	query, args, ok := s.caseSetQuery("cases by number", scope, CaseSet{ServiceID: serviceID, RoundID: roundID}, func(cases string) *bun.SelectQuery {
		return s.db.NewSelect().Model((*Case)(nil)).Where(cases).OrderExpr("c.number")
	})
	if !ok {
		return out, nil
	}
	err := s.scanAllPrepared(ctx, query, args, &out)
	return out, err
}

// ServiceCounts returns the number of active services per office (merged ones left out).
func (s *Store) ServiceCounts(ctx context.Context, officeIDs []int64) (map[int64]int, error) {
	var rows []struct {
		OfficeID int64
		N        int
	}
	out := map[int64]int{}
	if len(officeIDs) == 0 {
		return out, nil
	}
	err := s.db.NewSelect().TableExpr("services").ColumnExpr("office_id, count(*) AS n").
		Where("office_id IN (?) AND merged_into_id IS NULL", bun.List(officeIDs)).GroupExpr("office_id").Scan(ctx, &rows)
	for _, r := range rows {
		out[r.OfficeID] = r.N
	}
	return out, err
}

// pgArray formats a slice as a PostgreSQL array literal argument.
func pgArray[T any](xs []T) any { return pgdialectArray(xs) }

var errNoRows = sql.ErrNoRows

// notFoundIfNoRows turns "no rows" into NOT_FOUND of the noun, and wraps any other error.
func notFoundIfNoRows(err error, noun domain.Noun, id any) error {
	if errors.Is(err, errNoRows) {
		return domain.ErrNotFound(noun, id)
	}
	if err != nil {
		return fmt.Errorf("load %s %v: %w", noun.EN, id, err)
	}
	return nil
}
