package store

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The models below are bound directly to GraphQL types (gqlgen.yml), so a column added here and
// in schema.graphql needs no copying code in between.

// Office is a county governor office (Statsforvalteren).
type Office struct {
	bun.BaseModel `bun:"table:governor_offices,alias:o"`
	ID            int64       `bun:",pk,autoincrement"`
	Code          string      `bun:",notnull"`
	Name          domain.Text `bun:"embed:name_"`
	// WebURL is the office's public web page, the services' contact for subject matter ("" when unknown).
	WebURL string `bun:"web_url,notnull"`
}

// County is a county (fylke).
type County struct {
	bun.BaseModel `bun:"table:counties,alias:cty"`
	ID            int64  `bun:",pk,autoincrement"`
	Number        string `bun:",notnull"`
	Name          string `bun:",notnull"`
	OfficeID      int64  `bun:",notnull"`
}

// Municipality is a municipality served by a service.
type Municipality struct {
	Number string `json:"number"`
	Name   string `json:"name"`
}

// Service is a child welfare service (barnevernstjeneste).
type Service struct {
	bun.BaseModel `bun:"table:services,alias:s"`
	ID            int64              `bun:",pk,autoincrement"`
	Name          string             `bun:",notnull"`
	Kind          domain.ServiceKind `bun:",notnull"`
	CountyID      int64              `bun:",notnull"`
	OfficeID      int64              `bun:",notnull"`
	// Municipalities are kept by the database from service_municipalities (migration 0014).
	Municipalities []Municipality `bun:",type:jsonb,notnull"`
	CreatedAt      time.Time      `bun:",nullzero,notnull,default:current_timestamp"`
	// MergedIntoID is the service this one was merged into; a merged service is inactive.
	MergedIntoID *int64     `bun:"merged_into_id"`
	MergedAt     *time.Time `bun:"merged_at"`
}

// Active reports whether the service still serves municipalities (it was not merged into another).
func (s *Service) Active() bool { return s.MergedIntoID == nil }

// Campaign is a supervision campaign.
type Campaign struct {
	bun.BaseModel `bun:"table:campaigns,alias:cmp"`
	ID            int64       `bun:",pk,autoincrement"`
	Code          string      `bun:",notnull"`
	Title         domain.Text `bun:"embed:title_"`
	Topic         domain.Text `bun:"embed:topic_"`
	// DescriptionText is the campaign's description; empty in all languages when none.
	DescriptionText domain.Text `bun:"embed:description_"`
	CreatedAt       time.Time   `bun:",nullzero,notnull,default:current_timestamp"`
}

// Description is the campaign's description, nil when none.
func (c *Campaign) Description() *domain.Text {
	if c.DescriptionText.IsZero() {
		return nil
	}
	return &c.DescriptionText
}

// Questionnaire is a version of the self-assessment form.
type Questionnaire struct {
	bun.BaseModel               `bun:"table:questionnaires,alias:qn"`
	ID                          int64       `bun:",pk,autoincrement"`
	CampaignID                  int64       `bun:",notnull"`
	Version                     int         `bun:",notnull"`
	Title                       domain.Text `bun:"embed:title_"`
	CollectsDaysToFirstActivity bool        `bun:",notnull"`
	Official                    bool        `bun:",notnull"` // Helsetilsynet's official texts, not stand-ins
	CreatedAt                   time.Time   `bun:",nullzero,notnull,default:current_timestamp"`
	// CollectsOutcome and CollectsMonths tell whether each case records its § 2-5 outcome and the
	// months the investigation started and ended.
	CollectsOutcome bool `bun:",notnull,default:true"`
	CollectsMonths  bool `bun:",notnull,default:true"`
	// DescendsFrom is the version this one continues (its questions' lineage points into it).
	DescendsFrom *int64 `bun:",nullzero"`
	// PublishedAt is when the version was published; nil for a draft, which may still change and
	// which no round may use. A published version never changes.
	PublishedAt *time.Time `bun:",nullzero"`
	PublishedBy *int64     `bun:",nullzero"`
}

// Published reports whether the version is published (immutable).
func (q *Questionnaire) Published() bool { return q.PublishedAt != nil }

// Status is PUBLISHED once the version is published and DRAFT before: a draft may still change.
func (q *Questionnaire) Status() domain.QuestionnaireStatus {
	if q.Published() {
		return domain.QuestionnairePublished
	}
	return domain.QuestionnaireDraft
}

// Section is a section of a questionnaire.
type Section struct {
	bun.BaseModel   `bun:"table:sections,alias:sec"`
	ID              int64       `bun:",pk,autoincrement"`
	QuestionnaireID int64       `bun:",notnull"`
	Position        int         `bun:",notnull"`
	Code            string      `bun:",notnull"`
	Title           domain.Text `bun:"embed:title_"`
}

// Question is a case question.
type Question struct {
	bun.BaseModel   `bun:"table:questions,alias:q"`
	ID              int64           `bun:",pk,autoincrement"`
	QuestionnaireID int64           `bun:",notnull"`
	SectionID       int64           `bun:",notnull"`
	Position        int             `bun:",notnull"`
	Code            string          `bun:",notnull"`
	Text            domain.Text     `bun:"embed:text_"`
	GuidanceText    domain.Text     `bun:"embed:guidance_"`
	LegalBasisText  string          `bun:"legal_basis,notnull"`
	Options         []domain.Option `bun:",array,notnull"`
	CommentAllowed  bool            `bun:",notnull"`
	Required        bool            `bun:",notnull"`
	// NotPossibleGuidanceText tells when "Ikke mulig" applies; empty unless NOT_POSSIBLE is allowed.
	NotPossibleGuidanceText domain.Text `bun:"embed:not_possible_guidance_"`
}

// NotPossibleGuidance is the guidance on "Ikke mulig", nil when the question has none.
func (q *Question) NotPossibleGuidance() *domain.Text {
	if q.NotPossibleGuidanceText.IsZero() {
		return nil
	}
	return &q.NotPossibleGuidanceText
}

// Rules returns what the domain rules need to know about the question.
func (q *Question) Rules() domain.QuestionRules {
	return domain.QuestionRules{Code: q.Code, Options: q.Options, CommentAllowed: q.CommentAllowed}
}

// Guidance is the guidance text, nil when the question has none.
func (q *Question) Guidance() *domain.Text {
	if q.GuidanceText.IsZero() {
		return nil
	}
	return &q.GuidanceText
}

// LegalBasis is the legal anchor, nil when none is given.
func (q *Question) LegalBasis() *string {
	if q.LegalBasisText == "" {
		return nil
	}
	return &q.LegalBasisText
}

// Lineage links a question to a question of an earlier questionnaire version.
type Lineage struct {
	bun.BaseModel `bun:"table:question_lineage,alias:ql"`
	QuestionID    int64                `bun:",pk"`
	PredecessorID int64                `bun:",pk"`
	Comparability domain.Comparability `bun:",notnull"`
}

// ReflectionQuestion is a free-text question of the summary form.
type ReflectionQuestion struct {
	bun.BaseModel   `bun:"table:reflection_questions,alias:rq"`
	ID              int64  `bun:",pk,autoincrement"`
	QuestionnaireID int64  `bun:",notnull"`
	Position        int    `bun:",notnull"`
	Code            string `bun:",notnull"`
	// Kind is domain.ReflectionKindReflection (on the results) or domain.ReflectionKindFeedback
	// (on the supervision itself).
	Kind         domain.ReflectionKind `bun:",notnull,default:'REFLECTION'"`
	Text         domain.Text           `bun:"embed:text_"`
	GuidanceText domain.Text           `bun:"embed:guidance_"`
}

// Guidance is the guidance text, nil when the question has none.
func (q *ReflectionQuestion) Guidance() *domain.Text {
	if q.GuidanceText.IsZero() {
		return nil
	}
	return &q.GuidanceText
}

// Round is a self-assessment round.
type Round struct {
	bun.BaseModel    `bun:"table:rounds,alias:r"`
	ID               int64        `bun:",pk,autoincrement"`
	CampaignID       int64        `bun:",notnull"`
	Number           int          `bun:",notnull"`
	Title            domain.Text  `bun:"embed:title_"`
	QuestionnaireID  int64        `bun:",notnull"`
	PeriodStart      domain.Date  `bun:",type:date,notnull"`
	PeriodEnd        domain.Date  `bun:",type:date,notnull"`
	Deadline         domain.Date  `bun:",type:date,notnull"`
	OriginalDeadline *domain.Date `bun:",type:date"`
	ReportDeadline   domain.Date  `bun:",type:date,notnull"` // when the county offices report to Helsetilsynet
	// PreviousRoundID is the round this one is compared with (same campaign, earlier), if any.
	PreviousRoundID *int64 `bun:"previous_round_id"`
	Version         int    `bun:",notnull,default:1"`
	// SamplingGuidanceText tells the services how to choose the round's cases (data).
	SamplingGuidanceText domain.Text `bun:"embed:sampling_guidance_"`
	// FiguresPublishedAt is when Helsetilsynet published the round's national and county figures.
	FiguresPublishedAt *time.Time `bun:",nullzero"`
	FiguresPublishedBy *int64     `bun:",nullzero"`
}

// SamplingGuidance is the round's guidance on choosing cases, nil when none is set.
func (r *Round) SamplingGuidance() *domain.Text {
	if r.SamplingGuidanceText.IsZero() {
		return nil
	}
	return &r.SamplingGuidanceText
}

// ReflectionAnswer is an answer to a reflection question, kept in the submission's jsonb.
type ReflectionAnswer struct {
	QuestionID int64  `json:"questionId"`
	Answer     string `json:"answer"`
}

// Plan is an improvement plan, kept in the submission's jsonb.
// QuestionComment is the service's comment on one question of the summary form, written at
// service level (never about a case).
type QuestionComment struct {
	QuestionID int64  `json:"questionId"`
	Comment    string `json:"comment"`
}

// Plan is a service's improvement plan: its goals in order, each with its actions.
type Plan struct {
	Goals []Goal `json:"goals"`
}

// Goal is a goal of an improvement plan.
type Goal struct {
	QuestionID  *int64   `json:"questionId,omitempty"`
	Description string   `json:"description"`
	Target      string   `json:"target"`
	Measure     string   `json:"measure"`
	Actions     []Action `json:"actions"`
}

// Action is an action of a goal.
type Action struct {
	Description string       `json:"description"`
	Owner       string       `json:"owner"`
	DueDate     *domain.Date `json:"dueDate,omitempty"`
	// StartDate is when the action began or begins; round 2's cases should start after it.
	StartDate *domain.Date        `json:"startDate,omitempty"`
	Status    domain.ActionStatus `json:"status"`
}

// Submission is a service's summary form (samleskjema) in a round.
type Submission struct {
	bun.BaseModel   `bun:"table:submissions,alias:sub"`
	ID              int64              `bun:",pk,autoincrement"`
	ServiceID       int64              `bun:",notnull"`
	RoundID         int64              `bun:",notnull"`
	Status          domain.Status      `bun:",notnull"`
	Assessment      string             `bun:",notnull"`
	Reflections     []ReflectionAnswer `bun:",type:jsonb,notnull"`
	ImprovementPlan Plan               `bun:",type:jsonb,notnull"`
	Feedback        []ReflectionAnswer `bun:",type:jsonb,notnull,default:'[]'"`
	// WayForward is the decision on the way forward (rounds after the first); nil until made.
	WayForward        *domain.WayForward `bun:"way_forward"`
	WayForwardComment string             `bun:",notnull"`
	// GoalResults are the service's judgements of the previous round's goals (rounds after the first).
	GoalResults      []GoalJudgement   `bun:",type:jsonb,notnull,default:'[]'"`
	QuestionComments []QuestionComment `bun:",type:jsonb,notnull"`
	// EntryMode says whether the summary comes from cases or from totals entered directly (Totals,
	// working papers of the service like the drafts; nil for a form of cases). See totals.go.
	EntryMode      domain.EntryMode `bun:",notnull,default:'CASES'"`
	Totals         *Totals          `bun:",type:jsonb"`
	Revision       int              `bun:",notnull"`
	LastCaseNumber int              `bun:",notnull"`
	Version        int              `bun:",notnull"`
	Late           bool             `bun:",notnull"`
	StartedAt      time.Time        `bun:",nullzero,notnull,default:current_timestamp"`
	SubmittedAt    *time.Time       `bun:",nullzero"`
	ReturnedAt     *time.Time       `bun:",nullzero"`
	// The county office's non-binding mark that it has gone through the form ("gjennomgått"):
	// when, by whom, and which submitted revision. Nil when not set.
	ReviewedAt       *time.Time `bun:",nullzero"`
	ReviewedBy       *int64
	ReviewedByName   *string
	ReviewedRevision *int
	UpdatedAt        time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// ReviewMark is the county office's non-binding mark that it has gone through a submitted form.
type ReviewMark struct {
	At       time.Time
	By       string
	Revision int
	// Outdated: the service has submitted a newer revision since.
	Outdated bool
}

func reviewMark(at *time.Time, by *string, revision *int, latest int) *ReviewMark {
	if at == nil || revision == nil {
		return nil
	}
	m := &ReviewMark{At: *at, Revision: *revision, Outdated: latest > *revision}
	if by != nil {
		m.By = *by
	}
	return m
}

// Reviewed is the county office's "gjennomgått" mark, or nil.
func (s *Submission) Reviewed() *ReviewMark {
	return reviewMark(s.ReviewedAt, s.ReviewedByName, s.ReviewedRevision, s.Revision)
}

// Reviewed is the county office's "gjennomgått" mark on the service's form, or nil.
func (r *FunnelRow) Reviewed() *ReviewMark {
	return reviewMark(r.ReviewedAt, r.ReviewedByName, r.ReviewedRevision, r.Revision)
}

// Revision is a submitted revision of a summary form.
type Revision struct {
	bun.BaseModel `bun:"table:submission_revisions,alias:rev"`
	ID            int64     `bun:",pk,autoincrement"`
	SubmissionID  int64     `bun:",notnull"`
	Revision      int       `bun:",notnull"`
	SubmittedAt   time.Time `bun:",notnull"`
	Late          bool      `bun:",notnull"`
	Snapshot      Snapshot  `bun:",type:jsonb,notnull"`
}

// Snapshot is the whole form as it was submitted.
type Snapshot struct {
	Assessment       string              `json:"assessment"`
	QuestionComments []QuestionComment   `json:"questionComments"`
	Reflections      []ReflectionAnswer  `json:"reflections"`
	Feedback         []ReflectionAnswer  `json:"feedback,omitempty"`
	WayForward       *WayForwardDecision `json:"wayForward,omitempty"`
	GoalResults      []GoalJudgement     `json:"goalResults,omitempty"`
	ImprovementPlan  Plan                `json:"improvementPlan"`
	Summary          Summary             `json:"summary"`
	Cases            []SnapshotCase      `json:"cases"`
	// EntryMode is TOTALS for a form of totals entered directly (empty before issue 12: CASES).
	EntryMode domain.EntryMode `json:"entryMode,omitempty"`
	// TotalsCases are the positions the figures of a revision of totals rest on (Totals.positions);
	// never shown, only read by the database to derive the revision's figures (migration 0017).
	TotalsCases []SnapshotCase `json:"totalsCases,omitempty"`
}

// SnapshotCase is a case as it was submitted.
type SnapshotCase struct {
	Number              int               `json:"number"`
	StartedMonth        *domain.YearMonth `json:"startedMonth,omitempty"`
	ClosedMonth         *domain.YearMonth `json:"closedMonth,omitempty"`
	Outcome             *domain.Outcome   `json:"outcome,omitempty"`
	DaysToFirstActivity *int              `json:"daysToFirstActivity,omitempty"`
	Answers             []SnapshotAnswer  `json:"answers"`
}

// SnapshotAnswer is an answer as it was submitted.
type SnapshotAnswer struct {
	QuestionID int64          `json:"questionId"`
	Option     *domain.Option `json:"option,omitempty"`
	Comment    *string        `json:"comment,omitempty"`
}

// Case is one anonymous reviewed investigation case.
type Case struct {
	bun.BaseModel       `bun:"table:cases,alias:c"`
	ID                  int64             `bun:",pk,autoincrement" json:"id"`
	SubmissionID        int64             `bun:",notnull" json:"submissionId"`
	ServiceID           int64             `bun:",notnull" json:"serviceId"`
	RoundID             int64             `bun:",notnull" json:"roundId"`
	Number              int               `bun:",notnull" json:"number"`
	StartedMonth        *domain.YearMonth `bun:",type:date" json:"startedMonth"`
	ClosedMonth         *domain.YearMonth `bun:",type:date" json:"closedMonth"`
	Outcome             *domain.Outcome   `json:"outcome"`
	DaysToFirstActivity *int              `json:"daysToFirstActivity"`
	Version             int               `bun:",notnull" json:"version"`
	CreatedAt           time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
	UpdatedAt           time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"updatedAt"`
}

// Answer is the answer to one question for one case.
type Answer struct {
	bun.BaseModel `bun:"table:answers,alias:a"`
	ID            int64          `bun:",pk,autoincrement" json:"id"`
	CaseID        int64          `bun:",notnull" json:"caseId"`
	QuestionID    int64          `bun:",notnull" json:"questionId"`
	Option        *domain.Option `json:"option"`
	Comment       *string        `json:"comment"`
	Version       int            `bun:",notnull" json:"version"`
	CreatedAt     time.Time      `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
	UpdatedAt     time.Time      `bun:",nullzero,notnull,default:current_timestamp" json:"updatedAt"`
	// Question is the question answered, when the reader attached it (graph: the answers'
	// loader); not a column.
	Question *Question `bun:"-" json:"-"`
}

// Fields of a revision read from its snapshot (GraphQL SubmissionRevision).

// CaseCount is the number of cases in the form as submitted.
func (r *Revision) CaseCount() int { return r.Snapshot.Summary.CaseCount }

// Assessment is the service's overall assessment as submitted.
func (r *Revision) Assessment() string { return r.Snapshot.Assessment }

// Reflections are the answers to the reflection questions as submitted.
func (r *Revision) Reflections() []ReflectionAnswer { return r.Snapshot.Reflections }

// QuestionComments are the comments per question at submission (none in snapshots from before them).
func (r *Revision) QuestionComments() []QuestionComment {
	if r.Snapshot.QuestionComments == nil {
		return []QuestionComment{}
	}
	return r.Snapshot.QuestionComments
}

// ImprovementPlan is the plan as submitted.
func (r *Revision) ImprovementPlan() *Plan { return &r.Snapshot.ImprovementPlan }

// Feedback are the reflections on the supervision at submission (none in snapshots from before them).
func (r *Revision) Feedback() []ReflectionAnswer { return nonNil(r.Snapshot.Feedback) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Summary is the form's summary (case counts and shares) as submitted.
func (r *Revision) Summary() *Summary { return &r.Snapshot.Summary }

// WayForwardDecision is the service's decision on the way forward with its comment.
type WayForwardDecision struct {
	Decision domain.WayForward `json:"decision"`
	Comment  string            `json:"comment"`
}

// Decision returns the form's decision on the way forward, nil until one is made.
func (s *Submission) Decision() *WayForwardDecision {
	if s.WayForward == nil {
		return nil
	}
	return &WayForwardDecision{Decision: *s.WayForward, Comment: s.WayForwardComment}
}

// setDecision sets the form's decision fields from a decision (nil clears them).
func (s *Submission) setDecision(d *WayForwardDecision) {
	if d == nil {
		s.WayForward, s.WayForwardComment = nil, ""
		return
	}
	w := d.Decision
	s.WayForward, s.WayForwardComment = &w, d.Comment
}
