package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Reads that decide, where the rows are loaded, what a caller may read (auth.Scope says it):
// services and their forms within the caller's reach, working papers (cases, answers, drafts,
// audit trail) only inside the service, and for everyone else the summary form as last sent.

// MinCases is the floor below which figures are withheld from everyone outside the service.
const MinCases = 5

// caseWork restricts a query to the working papers the scope may read; col names the row's service.
func caseWork(q *bun.SelectQuery, scope Scope, col string) *bun.SelectQuery {
	return whereTerms(q, caseWorkTerms(scope, col))
}

// The conditions of a scope, stated once for the queries bun builds (applyScope, caseWork) and
// for the prepared statements that take them as parameters (ServicesByID, caseSetQuery).

// scopeTerms are the conditions a scope puts on a query: each column must equal its value, or,
// with none set, the query reads nothing.
type scopeTerms struct {
	none  bool
	terms []scopeTerm
}

type scopeTerm struct {
	col string
	val int64
}

// serviceTerms are applyScope's conditions on services (s).
func serviceTerms(scope Scope) scopeTerms {
	if scope.None {
		return scopeTerms{none: true}
	}
	var t scopeTerms
	if scope.ServiceID != 0 {
		t.terms = append(t.terms, scopeTerm{"s.id", scope.ServiceID})
	}
	if scope.OfficeID != 0 {
		t.terms = append(t.terms, scopeTerm{"s.office_id", scope.OfficeID})
	}
	return t
}

// caseWorkTerms are caseWork's conditions on working papers whose service is col.
func caseWorkTerms(scope Scope, col string) scopeTerms {
	if scope.None || !scope.CaseWork {
		return scopeTerms{none: true}
	}
	if scope.ServiceID != 0 {
		return scopeTerms{terms: []scopeTerm{{col, scope.ServiceID}}}
	}
	return scopeTerms{}
}

// whereTerms adds t to a query bun builds.
func whereTerms(q *bun.SelectQuery, t scopeTerms) *bun.SelectQuery {
	if t.none {
		return q.Where("false")
	}
	for _, term := range t.terms {
		q = q.Where("? = ?", bun.Safe(term.col), term.val)
	}
	return q
}

// withParams adds t to the condition cond of a prepared statement whose arguments so far are
// args, each value as the next parameter ($n).
func (t scopeTerms) withParams(cond string, args []any) (string, []any) {
	if t.none {
		return cond + " AND false", args
	}
	for _, term := range t.terms {
		args = append(args, term.val)
		cond += fmt.Sprintf(" AND %s = $%d", term.col, len(args))
	}
	return cond, args
}

// VisibleService loads a service the scope reaches; anything else is NOT_FOUND.
func (s *Store) VisibleService(ctx context.Context, scope Scope, id int64) (*Service, error) {
	var out Service
	err := applyScope(s.db.NewSelect().Model(&out).Where("s.id = ?", id), scope).Scan(ctx)
	if err := notFoundIfNoRows(err, domain.NounService, id); err != nil {
		return nil, err
	}
	return &out, nil
}

// VisibleCase loads a case the scope may read (only the service's own people); anything else is
// NOT_FOUND.
func (s *Store) VisibleCase(ctx context.Context, scope Scope, id int64) (*Case, error) {
	rows, err := s.CasesByID(ctx, scope, []int64{id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, domain.ErrNotFound(domain.NounCase, id)
	}
	return &rows[0], nil
}

// VisibleSubmission loads a summary form the scope reaches, as the scope may read it (see
// forScope); anything else is NOT_FOUND.
func (s *Store) VisibleSubmission(ctx context.Context, scope Scope, id int64) (*Submission, error) {
	var out []Submission
	err := applyScope(s.db.NewSelect().Model(&out).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("sub.id = ?", id), scope).Scan(ctx)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, domain.ErrNotFound(domain.NounSubmission, id)
	}
	if err := s.forScope(ctx, scope, out); err != nil {
		return nil, err
	}
	return &out[0], nil
}

// forScope replaces, for readers outside the service, everything that is still the service's own
// work by what it last sent: the assessment, reflections and plan of the latest submitted
// revision, or nothing when it has never submitted. One statement for any number of forms.
func (s *Store) forScope(ctx context.Context, scope Scope, subs []Submission) error {
	var outside []int64
	for i := range subs {
		if !scope.SeesCaseWork(subs[i].ServiceID) {
			outside = append(outside, subs[i].ID)
		}
	}
	if len(outside) == 0 {
		return nil
	}
	latest, err := s.latestRevisions(ctx, scope, outside)
	if err != nil {
		return err
	}
	sent := make(map[int64]*Snapshot, len(latest))
	for id, rev := range latest {
		sent[id] = &rev.Snapshot
	}
	projectForScope(scope, subs, sent)
	return nil
}

// latestSentColumn selects, next to a form, what an outsider reads of it: the parts of its latest
// submitted revision that replace the service's own work (NULL before the first submit). With it,
// SubmissionsByKey answers outsiders in one statement instead of two. The latest revision is the
// form's row of counted_forms (migration 0022), and the snapshot is decompressed once, its cases
// and figures dropped in one operation: taking each part with its own -> decompressed the whole
// snapshot (some 20 kB) once per part, which was most of an office's list of forms.
const latestSentColumn = `(SELECT rev.snapshot - '{summary,cases,totalsCases}'::text[]
	FROM counted_forms AS cf JOIN submission_revisions AS rev ON rev.id = cf.revision_id
	WHERE cf.submission_id = sub.id) AS latest_sent`

// projectForScope replaces, in the forms the scope reads from outside the service, the service's
// own work by what it last sent (sent, by form; missing before the first submit).
func projectForScope(scope Scope, subs []Submission, sent map[int64]*Snapshot) {
	for i := range subs {
		sub := &subs[i]
		if scope.SeesCaseWork(sub.ServiceID) {
			continue
		}
		sub.LastCaseNumber = 0
		sub.Totals, sub.EntryMode = nil, domain.EntryCases
		if snap, ok := sent[sub.ID]; ok && snap != nil {
			if snap.EntryMode == domain.EntryTotals {
				sub.EntryMode = domain.EntryTotals
			}
			sub.Assessment, sub.Reflections, sub.ImprovementPlan = snap.Assessment, snap.Reflections, snap.ImprovementPlan
			sub.QuestionComments = snap.QuestionComments
			sub.Feedback = snap.Feedback
			sub.setDecision(snap.WayForward)
			sub.GoalResults = snap.GoalResults
		} else {
			sub.Assessment, sub.Reflections, sub.ImprovementPlan = "", []ReflectionAnswer{}, Plan{Goals: []Goal{}}
			sub.QuestionComments, sub.Feedback = nil, nil
			sub.setDecision(nil)
			sub.GoalResults = nil
		}
		sub.Feedback, sub.GoalResults = nonNil(sub.Feedback), nonNil(sub.GoalResults)
		if sub.QuestionComments == nil {
			sub.QuestionComments = []QuestionComment{}
		}
		if sub.Reflections == nil {
			sub.Reflections = []ReflectionAnswer{}
		}
	}
}

// latestRevisions loads the newest submitted revision of each form.
func (s *Store) latestRevisions(ctx context.Context, scope Scope, submissionIDs []int64) (map[int64]*Revision, error) {
	var rows []Revision
	err := applyScope(s.db.NewSelect().Model(&rows).DistinctOn("rev.submission_id").
		Join("JOIN submissions AS sub ON sub.id = rev.submission_id").
		Join("JOIN services AS s ON s.id = sub.service_id").
		Where("rev.submission_id IN (?)", bun.List(submissionIDs)), scope).
		OrderExpr("rev.submission_id, rev.revision DESC").Scan(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*Revision, len(rows))
	for i := range rows {
		out[rows[i].SubmissionID] = &rows[i]
	}
	return out, nil
}

// latestSummaries loads the summary of the newest submitted revision of each form: the summary
// part of its snapshot only, and its cases only for a snapshot stored before the summary carried
// the days and outcomes (fillFromCases). The newest revision is the form's row of counted_forms
// (migration 0022), so no sort over the revisions is needed, and the cases of the snapshot, most of
// its size, are neither sent nor decoded: an office's list of forms reads a few kB per form.
func (s *Store) latestSummaries(ctx context.Context, scope Scope, submissionIDs []int64) (map[int64]*Summary, error) {
	var rows []struct {
		SubmissionID int64          `bun:"submission_id"`
		Summary      Summary        `bun:"summary,type:jsonb"`
		Cases        []SnapshotCase `bun:"cases,type:jsonb"`
	}
	err := applyScope(s.db.NewSelect().TableExpr("counted_forms AS cf").
		Join("JOIN submission_revisions AS rev ON rev.id = cf.revision_id").
		Join("JOIN services AS s ON s.id = cf.service_id").
		ColumnExpr("cf.submission_id, rev.snapshot->'summary' AS summary").
		ColumnExpr(`CASE WHEN jsonb_typeof(rev.snapshot->'summary'->'daysValues') = 'array'
			AND jsonb_typeof(rev.snapshot->'summary'->'outcomes') = 'array' THEN NULL ELSE rev.snapshot->'cases' END AS cases`).
		Where("cf.submission_id IN (?)", bun.List(submissionIDs)), scope).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*Summary, len(rows))
	for i := range rows {
		sum := &rows[i].Summary
		fillFromCases(sum, rows[i].Cases)
		out[rows[i].SubmissionID] = sum
	}
	return out, nil
}

// RevisionsBySubmission loads the submitted revisions of forms the scope reaches, newest first.
// Readers outside the service get the summary form only: the case-level part of each snapshot is
// dropped, and figures on fewer than MinCases cases are withheld.
func (s *Store) RevisionsBySubmission(ctx context.Context, scope Scope, ids []int64) ([]Revision, error) {
	var out []Revision
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		Revision
		ServiceID int64 `bun:"service_id"`
	}
	err := applyScope(s.db.NewSelect().Model((*Revision)(nil)).ColumnExpr("rev.*, sub.service_id").
		Join("JOIN submissions AS sub ON sub.id = rev.submission_id").
		Join("JOIN services AS s ON s.id = sub.service_id").
		Where("rev.submission_id IN (?)", bun.List(ids)), scope).
		OrderExpr("rev.revision DESC").Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out = make([]Revision, 0, len(rows))
	for _, r := range rows {
		fillFromCases(&r.Snapshot.Summary, r.Snapshot.Cases)
		r.Snapshot.TotalsCases = nil
		if !scope.SeesCaseWork(r.ServiceID) {
			r.Snapshot.Cases = nil
			withholdSmall(&r.Snapshot.Summary)
		}
		out = append(out, r.Revision)
	}
	return out, nil
}

// SummaryKey names a form whose summary is asked for, with its service (which decides whether the
// caller reads the live summary of the cases or the one last sent).
type SummaryKey struct{ SubmissionID, ServiceID int64 }

// SummariesFor computes the summary of each form as the scope may read it: the service's own
// people get it live from the cases; everyone else gets the summary of the latest submitted
// revision (empty before the first), with figures on fewer than MinCases cases withheld.
func (s *Store) SummariesFor(ctx context.Context, scope Scope, keys []SummaryKey) (map[SummaryKey]*Summary, error) {
	out := make(map[SummaryKey]*Summary, len(keys))
	var inside, outside []int64
	for _, k := range keys {
		if scope.SeesCaseWork(k.ServiceID) {
			inside = append(inside, k.SubmissionID)
		} else if !scope.None {
			outside = append(outside, k.SubmissionID)
		}
	}
	live, err := summaries(ctx, s.db, inside)
	if err != nil {
		return nil, err
	}
	var sent map[int64]*Summary
	if len(outside) > 0 {
		if sent, err = s.latestSummaries(ctx, scope, outside); err != nil {
			return nil, err
		}
	}
	for _, k := range keys {
		switch {
		case scope.SeesCaseWork(k.ServiceID):
			out[k] = live[k.SubmissionID]
		case sent[k.SubmissionID] != nil:
			sum := sent[k.SubmissionID]
			withholdSmall(sum)
			out[k] = sum
		case !scope.None:
			out[k] = &Summary{Questions: []QuestionSummary{}, DaysValues: []int{}, Outcomes: []OutcomeCount{}}
		}
	}
	return out, nil
}

// asSeen returns a form just changed as the caller may read it (a county office that returns a
// form sees what the service last sent, not its draft).
func (s *Store) asSeen(ctx context.Context, sub *Submission) (*Submission, error) {
	one := []Submission{*sub}
	if err := s.forScope(ctx, auth.From(ctx).Scope(), one); err != nil {
		return nil, err
	}
	return &one[0], nil
}
