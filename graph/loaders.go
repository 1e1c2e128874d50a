package graph

import (
	"context"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Loaders batch the lookups of one request: every key asked for at one place of the query (one
// field path, list indices left out) goes to the database in one statement, primed by the
// look-ahead (lookahead.go) before the place resolves, and a row loaded once there is not loaded
// again. Keeping places apart makes the number of statements a property of the query alone: two
// places never share a fetch, whichever runs first. The caches are dropped before every mutation
// and every subscription event, so nothing stale is ever served.
type Loaders struct {
	Office              *Batcher[int64, *store.Office]
	County              *Batcher[int64, *store.County]
	CountiesByOffice    *Batcher[int64, []store.County]
	ServiceCount        *Batcher[int64, int]
	Service             *Batcher[int64, *store.Service]
	Campaign            *Batcher[int64, *store.Campaign]
	Round               *Batcher[int64, *store.Round]
	RoundsByCampaign    *Batcher[int64, []store.Round]
	Questionnaire       *Batcher[int64, *store.Questionnaire]
	Section             *Batcher[int64, *store.Section]
	Sections            *Batcher[int64, []store.Section]
	Question            *Batcher[int64, *store.Question]
	Questions           *Batcher[int64, []store.Question]
	Lineage             *Batcher[int64, []store.Lineage]
	ReflectionQuestion  *Batcher[int64, *store.ReflectionQuestion]
	ReflectionQuestions *Batcher[int64, []store.ReflectionQuestion]
	SubmissionByKey     *Batcher[store.SubmissionKey, *store.Submission]
	Summary             *Batcher[store.SummaryKey, *store.Summary]
	Revisions           *Batcher[int64, []store.Revision]
	Answers             *Batcher[int64, []store.Answer]
	MissingCount        *Batcher[int64, int]
	MissingParts        *Batcher[int64, []domain.Missing]
	Participation       *Batcher[store.SubmissionKey, *store.Participation]
	Meeting             *Batcher[int64, *store.InfoMeeting]
	MeetingAttendees    *Batcher[int64, []int64]
	ReturnReasons       *Batcher[int64, []store.ReturnReason]
	SubmissionHistory   *Batcher[int64, []store.AuditEntry]
	CaseHistory         *Batcher[int64, []store.AuditEntry]
	PreviousGoals       *Batcher[store.FormKey, []store.GoalFollowUp]
	FormComparison      *Batcher[store.FormKey, *store.FormComparison]
	SupportResources    *Batcher[int64, []store.SupportResource]
	DeadlineChanges     *Batcher[int64, []store.DeadlineChange]
	RegisterHistory     *Batcher[int64, []store.ServiceHistoryEntry]
	ActivityMail        *Batcher[int64, []store.Outbox]
	InvitationMail      *Batcher[int64, store.Outbox]
	SentLetter          *Batcher[store.SubmissionKey, *store.InvitationLetter]
	Deadline            *Batcher[store.SubmissionKey, domain.Date]
}

// byID indexes rows by their own id.
func byID[T any](rows []T, err error, id func(*T) int64) (map[int64]*T, error) {
	if err != nil {
		return nil, err
	}
	m := make(map[int64]*T, len(rows))
	for i := range rows {
		m[id(&rows[i])] = &rows[i]
	}
	return m, nil
}

// groupBy groups rows by a parent id, keeping their order.
func groupBy[T any](keys []int64, rows []T, err error, parent func(*T) int64) (map[int64][]T, error) {
	if err != nil {
		return nil, err
	}
	m := make(map[int64][]T, len(keys))
	for _, k := range keys {
		m[k] = []T{}
	}
	for _, r := range rows {
		p := parent(&r)
		m[p] = append(m[p], r)
	}
	return m, nil
}

// scope is the caller's reach, which every loader of service data passes to the store: who may
// read what is decided where the rows are loaded, so every path through the graph gets the same
// answer.
func scope(ctx context.Context) auth.Scope { return auth.From(ctx).Scope() }

// NewLoaders makes the loaders of one request.
func NewLoaders(s *store.Store) *Loaders {
	l := &Loaders{}
	l.registerLoaders(s)
	l.questionnaireLoaders(s)
	l.formLoaders(s)
	return l
}

// registerLoaders sets the loaders of the register and the campaigns: offices, counties,
// services, campaigns, rounds, mail and letters.
func (l *Loaders) registerLoaders(s *store.Store) {
	l.Office = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Office, error) {
		rows, err := s.OfficesByID(ctx, ids)
		return byID(rows, err, func(o *store.Office) int64 { return o.ID })
	})
	l.County = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.County, error) {
		rows, err := s.CountiesByID(ctx, ids)
		return byID(rows, err, func(o *store.County) int64 { return o.ID })
	})
	l.CountiesByOffice = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.County, error) {
		rows, err := s.CountiesByOffice(ctx, ids)
		return groupBy(ids, rows, err, func(c *store.County) int64 { return c.OfficeID })
	})
	l.ServiceCount = NewBatcher(s.ServiceCounts)
	l.RegisterHistory = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.ServiceHistoryEntry, error) {
		return s.ServiceHistory(ctx, scope(ctx), ids)
	})
	// Outbox rows are read only through their activity or invitation, which were loaded in scope.
	l.ActivityMail = NewBatcher(s.OutboxByActivities)
	l.InvitationMail = NewBatcher(s.OutboxByInvitations)
	l.SentLetter = NewBatcher(func(ctx context.Context, keys []store.SubmissionKey) (map[store.SubmissionKey]*store.InvitationLetter, error) {
		return s.SentLettersByKey(ctx, scope(ctx), keys)
	})
	l.Deadline = NewBatcher(func(ctx context.Context, keys []store.SubmissionKey) (map[store.SubmissionKey]domain.Date, error) {
		return s.EffectiveDeadlines(ctx, scope(ctx), keys)
	})
	l.Service = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Service, error) {
		rows, err := s.ServicesByID(ctx, scope(ctx), ids)
		return byID(rows, err, func(o *store.Service) int64 { return o.ID })
	})
	l.Campaign = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Campaign, error) {
		rows, err := s.CampaignsByID(ctx, ids)
		return byID(rows, err, func(o *store.Campaign) int64 { return o.ID })
	})
	l.Round = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Round, error) {
		rows, err := s.RoundsByID(ctx, ids)
		return byID(rows, err, func(o *store.Round) int64 { return o.ID })
	})
}

// questionnaireLoaders sets the loaders of a campaign's rounds, the questionnaires and their
// parts, and the forms with their summaries and revisions.
func (l *Loaders) questionnaireLoaders(s *store.Store) {
	l.RoundsByCampaign = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.Round, error) {
		rows, err := s.RoundsByCampaign(ctx, ids)
		return groupBy(ids, rows, err, func(r *store.Round) int64 { return r.CampaignID })
	})
	l.Questionnaire = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Questionnaire, error) {
		rows, err := s.QuestionnairesByID(ctx, ids)
		return byID(rows, err, func(o *store.Questionnaire) int64 { return o.ID })
	})
	l.Section = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Section, error) {
		rows, err := s.SectionsByID(ctx, ids)
		return byID(rows, err, func(o *store.Section) int64 { return o.ID })
	})
	l.Sections = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.Section, error) {
		rows, err := s.SectionsByQuestionnaire(ctx, ids)
		return groupBy(ids, rows, err, func(r *store.Section) int64 { return r.QuestionnaireID })
	})
	l.Question = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.Question, error) {
		rows, err := s.QuestionsByID(ctx, ids)
		return byID(rows, err, func(o *store.Question) int64 { return o.ID })
	})
	l.Questions = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.Question, error) {
		rows, err := s.QuestionsByQuestionnaire(ctx, ids)
		return groupBy(ids, rows, err, func(r *store.Question) int64 { return r.QuestionnaireID })
	})
	l.Lineage = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.Lineage, error) {
		rows, err := s.LineageByQuestion(ctx, ids)
		return groupBy(ids, rows, err, func(r *store.Lineage) int64 { return r.QuestionID })
	})
	l.ReflectionQuestion = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.ReflectionQuestion, error) {
		rows, err := s.ReflectionQuestionsByID(ctx, ids)
		return byID(rows, err, func(o *store.ReflectionQuestion) int64 { return o.ID })
	})
	l.ReflectionQuestions = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.ReflectionQuestion, error) {
		rows, err := s.ReflectionQuestionsByQuestionnaire(ctx, ids)
		return groupBy(ids, rows, err, func(r *store.ReflectionQuestion) int64 { return r.QuestionnaireID })
	})
	l.SubmissionByKey = NewBatcher(func(ctx context.Context, keys []store.SubmissionKey) (map[store.SubmissionKey]*store.Submission, error) {
		rows, err := s.SubmissionsByKey(ctx, scope(ctx), keys)
		if err != nil {
			return nil, err
		}
		m := make(map[store.SubmissionKey]*store.Submission, len(rows))
		for i := range rows {
			m[store.SubmissionKey{ServiceID: rows[i].ServiceID, RoundID: rows[i].RoundID}] = &rows[i]
		}
		return m, nil
	})
	l.Summary = NewBatcher(func(ctx context.Context, keys []store.SummaryKey) (map[store.SummaryKey]*store.Summary, error) {
		return s.SummariesFor(ctx, scope(ctx), keys)
	})
	l.Revisions = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.Revision, error) {
		rows, err := s.RevisionsBySubmission(ctx, scope(ctx), ids)
		return groupBy(ids, rows, err, func(r *store.Revision) int64 { return r.SubmissionID })
	})
}

// formLoaders sets the loaders of what hangs off a form: answers, missing parts, participation,
// meetings, history and follow-up.
func (l *Loaders) formLoaders(s *store.Store) {
	l.Answers = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.Answer, error) {
		rows, err := answersWithQuestions(ctx, s, store.CaseSet{IDs: ids})
		return groupBy(ids, rows, err, answerCase)
	})
	l.MissingCount = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]int, error) {
		return s.MissingCounts(ctx, scope(ctx), ids)
	})
	l.MissingParts = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]domain.Missing, error) {
		return s.MissingParts(ctx, scope(ctx), ids)
	})
	l.SubmissionHistory = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.AuditEntry, error) {
		return s.SubmissionHistory(ctx, scope(ctx), ids)
	})
	l.Participation = NewBatcher(func(ctx context.Context, keys []store.SubmissionKey) (map[store.SubmissionKey]*store.Participation, error) {
		return s.Participations(ctx, scope(ctx), keys)
	})
	l.Meeting = NewBatcher(func(ctx context.Context, ids []int64) (map[int64]*store.InfoMeeting, error) {
		rows, err := s.MeetingsByID(ctx, scope(ctx), ids)
		return byID(rows, err, func(m *store.InfoMeeting) int64 { return m.ID })
	})
	l.MeetingAttendees = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]int64, error) {
		return s.MeetingAttendees(ctx, scope(ctx), ids)
	})
	l.ReturnReasons = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.ReturnReason, error) {
		return s.ReturnReasons(ctx, scope(ctx), ids)
	})
	l.CaseHistory = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.AuditEntry, error) {
		return s.CaseHistory(ctx, scope(ctx), ids)
	})
	l.SupportResources = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.SupportResource, error) {
		rows, err := s.SupportResourcesByRound(ctx, ids)
		return groupBy(ids, rows, err, func(r *store.SupportResource) int64 { return r.RoundID })
	})
	l.DeadlineChanges = NewBatcher(func(ctx context.Context, ids []int64) (map[int64][]store.DeadlineChange, error) {
		rows, err := s.DeadlineChangesByRound(ctx, scope(ctx), ids)
		return groupBy(ids, rows, err, func(c *store.DeadlineChange) int64 { return c.RoundID })
	})
	l.PreviousGoals = NewBatcher(func(ctx context.Context, keys []store.FormKey) (map[store.FormKey][]store.GoalFollowUp, error) {
		bySub, err := s.PreviousGoals(ctx, scope(ctx), keys)
		return byFormKey(keys, bySub), err
	})
	l.FormComparison = NewBatcher(func(ctx context.Context, keys []store.FormKey) (map[store.FormKey]*store.FormComparison, error) {
		bySub, err := s.FormComparisons(ctx, scope(ctx), keys)
		return byFormKey(keys, bySub), err
	})
}

type loadersKey struct{}

// loaderHolder keeps one set of loaders per field path of a request (or of a websocket
// connection, whose loaders are swapped for fresh ones per event), and the paths the look-ahead
// has primed.
type loaderHolder struct {
	store   *store.Store
	mu      sync.Mutex
	byPath  map[string]*Loaders
	primed  map[visitKey]bool
	below   map[*ast.Field]bool // loadsBelow's answers for this request's fields
	request *Loaders            // shared by every path: the checks of root fields (see requestLoaders)
	// shared, when set, is used instead: the loaders of one subscription event, shared by every
	// subscriber with the same scope (see useEventLoaders).
	shared *loaderHolder
}

// visitKey is a field path within one operation (a websocket runs many on one holder).
type visitKey struct {
	op   *graphql.OperationContext
	path string
}

// WithLoaders attaches fresh loaders to a request context.
func WithLoaders(ctx context.Context, s *store.Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, &loaderHolder{store: s, byPath: map[string]*Loaders{}, primed: map[visitKey]bool{}})
}

// ResetLoaders drops everything the loaders of ctx have cached.
func ResetLoaders(ctx context.Context) {
	if h, ok := ctx.Value(loadersKey{}).(*loaderHolder); ok {
		h.mu.Lock()
		h.byPath = map[string]*Loaders{}
		h.shared = nil
		h.primed = map[visitKey]bool{}
		h.request = nil
		h.mu.Unlock()
	}
}

func (h *loaderHolder) visit(op *graphql.OperationContext, path string) {
	h.mu.Lock()
	h.primed[visitKey{op, path}] = true
	h.mu.Unlock()
}

func (h *loaderHolder) visited(op *graphql.OperationContext, path string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.primed[visitKey{op, path}]
}

type loaderPathKey struct{}

// loaderPath is the loaders' path a resolver's context carries, and the field it belongs to: nil
// while the look-ahead runs a child field's resolver before gqlgen gives it a field context of its
// own (withLoaderPath), or else the field whose middleware computed it (withFieldPath). The field
// is kept because gqlgen hands a field's context on to its children, whose paths differ.
type loaderPath struct {
	fc   *graphql.FieldContext
	path string
}

// withLoaderPath makes loadersFrom answer the loaders of path, whatever the field context.
func withLoaderPath(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, loaderPathKey{}, loaderPath{path: path})
}

// withFieldPath makes loadersFrom answer the loaders of path for field fc, so a resolver does not
// compute the path its middleware has already computed.
func withFieldPath(ctx context.Context, fc *graphql.FieldContext, path string) context.Context {
	return context.WithValue(ctx, loaderPathKey{}, loaderPath{fc: fc, path: path})
}

func loadersFrom(ctx context.Context) *Loaders {
	h := ctx.Value(loadersKey{}).(*loaderHolder)
	var key string
	if lp, ok := ctx.Value(loaderPathKey{}).(loaderPath); ok && (lp.fc == nil || lp.fc == graphql.GetFieldContext(ctx)) {
		key = lp.path
	} else {
		key = pathKey(ctx)
	}
	h.mu.Lock()
	if h.shared != nil {
		shared := h.shared
		h.mu.Unlock()
		h = shared
		h.mu.Lock()
	}
	defer h.mu.Unlock()
	l, ok := h.byPath[key]
	if !ok {
		l = NewLoaders(h.store)
		h.byPath[key] = l
	}
	return l
}

// requestLoaders are shared by the whole request, for what root fields check before they run
// (does the round exist, may the caller see the service): a query asking the same thing under
// several aliases checks it once. Two aliases asking at once still make one statement: the
// second waits for the first one's fetch of the same key.
func requestLoaders(ctx context.Context) *Loaders {
	h := ctx.Value(loadersKey{}).(*loaderHolder)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.request == nil {
		h.request = NewLoaders(h.store)
	}
	return h.request
}

// pathKey is the field path of the resolver asking, without list indices:
// "submissions.nodes.summary.questions.question".
func pathKey(ctx context.Context) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	// The names of fc.Path() (list indexes left out), read from the chain of field contexts
	// directly: fc.Path() boxes every element of the path, and this runs for every object of
	// every list in a response (a tenth of the CPU of an office's list of summaries). Two walks
	// up the chain (the length, then the names from the end) keep the frame small: it runs deep
	// in the goroutine gqlgen starts for each item of a list, whose stack is copied when it grows.
	size := 0
	for it := fc; it != nil; it = it.Parent {
		if it.Index == nil && it.Field.Field != nil {
			size += len(it.Field.Alias) + 1
		}
	}
	b := make([]byte, size)
	end := size
	for it := fc; it != nil; it = it.Parent {
		if it.Index == nil && it.Field.Field != nil {
			end--
			b[end] = '.'
			end -= copy(b[end-len(it.Field.Alias):end], it.Field.Alias)
		}
	}
	return string(b)
}

// load resolves one key through a loader.
func load[K comparable, V any](ctx context.Context, l *Batcher[K, V], key K) (V, error) {
	return l.Load(ctx, key)
}

// byFormKey re-keys results by submission id to the form keys asked for.
func byFormKey[V any](keys []store.FormKey, bySub map[int64]V) map[store.FormKey]V {
	out := make(map[store.FormKey]V, len(keys))
	for _, k := range keys {
		out[k] = bySub[k.SubmissionID]
	}
	return out
}

// loadMany resolves keys through a loader, the missing ones in one statement.
func loadMany[K comparable, V any](ctx context.Context, l *Batcher[K, V], keys []K) ([]V, error) {
	return l.LoadMany(ctx, keys)
}

// Answer.question is a plain field that the reader of answers sets, not a resolver: an answer is
// the most numerous object in a response (a service's cases → answers is some 500 of them), and
// gqlgen resolves every resolver field in a goroutine of its own, which the look-ahead runs twice
// more, so a resolver here cost more than the rest of the list together.

// answersWithQuestions reads the answers of cases and the questions they answer, in two
// statements sent at the same time (one round trip), and sets each answer's question.
func answersWithQuestions(ctx context.Context, s *store.Store, set store.CaseSet) ([]store.Answer, error) {
	var (
		qs   []store.Question
		qErr error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		qs, qErr = s.QuestionsAnsweredIn(ctx, scope(ctx), set)
	}()
	answers, err := s.AnswersOf(ctx, scope(ctx), set)
	<-done
	if err != nil {
		return nil, err
	}
	if qErr != nil {
		return nil, qErr
	}
	byID := make(map[int64]*store.Question, len(qs))
	for i := range qs {
		byID[qs[i].ID] = &qs[i]
	}
	return answers, setQuestions(answers, byID)
}

// attachQuestions sets the question of each answer through the question loader (one statement
// for all of them, none for a question the request has read already).
func (l *Loaders) attachQuestions(ctx context.Context, answers []store.Answer) error {
	ids := make([]int64, 0, len(answers))
	for _, a := range answers {
		ids = append(ids, a.QuestionID)
	}
	qs, err := l.Question.LoadMany(ctx, ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]*store.Question, len(qs))
	for i, q := range qs {
		byID[ids[i]] = q
	}
	return setQuestions(answers, byID)
}

// answerCase is the case an answer belongs to, by which answers are grouped.
func answerCase(a *store.Answer) int64 { return a.CaseID }

// setQuestions sets each answer's question; a question missing is an error, since an answer's
// question never goes away (the foreign key).
func setQuestions(answers []store.Answer, byID map[int64]*store.Question) error {
	for i := range answers {
		if answers[i].Question = byID[answers[i].QuestionID]; answers[i].Question == nil {
			return fmt.Errorf("answer %d: question %d not found", answers[i].ID, answers[i].QuestionID)
		}
	}
	return nil
}
