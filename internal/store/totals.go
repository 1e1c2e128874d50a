package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Entered totals (issue 12, "the summary form without re-typing"). A service that keeps its cases in
// Helsetilsynet's Excel forms enters the summary directly: per question the counts of each option,
// the days as a list without case identity, the outcomes and the number of cases. A form has either
// cases (EntryCases) or entered totals (EntryTotals), never both. The totals are working papers of
// the service like its drafts; on submit they become the revision's summary, and the revision's
// figures (migration 0009) come from positions derived from them (totalsCases), so the statistics
// count a form of totals exactly like a form of cases with the same counts.

// EntryMode says how a form's summary is made.
type EntryMode string

const (
	// EntryCases: the summary is computed from the form's cases.
	EntryCases EntryMode = "CASES"
	// EntryTotals: the service entered the totals directly.
	EntryTotals EntryMode = "TOTALS"
)

// MaxTotalsCases is the most cases a form of entered totals may report.
const MaxTotalsCases = 10000

// Totals are a summary form's figures entered directly.
type Totals struct {
	CaseCount  int              `json:"caseCount"`
	Questions  []QuestionTotals `json:"questions"`
	DaysValues []int            `json:"daysValues"`
	Outcomes   []OutcomeCount   `json:"outcomes"`
}

// QuestionTotals are the counts of each option on one question.
type QuestionTotals struct {
	QuestionID int64        `json:"questionId"`
	Counts     Distribution `json:"counts"`
}

// TotalsField names a place in entered totals, for a problem's path. Question is the index of the
// question in the input (-1 for none); Option is set for one option's count; Index is the position
// in the days or outcomes list.
type TotalsField struct {
	Kind     string // "caseCount", "question", "count", "questionSum", "days", "daysList", "outcome", "outcomeSum"
	Question int
	Option   domain.Option
	Index    int
}

// TotalsPath names the place in the GraphQL input (saveSummaryTotals).
func TotalsPath(f TotalsField) string {
	switch f.Kind {
	case "caseCount":
		return "caseCount"
	case "question":
		return fmt.Sprintf("questions[%d].questionId", f.Question)
	case "count":
		return fmt.Sprintf("questions[%d].counts.%s", f.Question, f.Option)
	case "questionSum":
		return fmt.Sprintf("questions[%d].counts", f.Question)
	case "days":
		return fmt.Sprintf("daysValues[%d]", f.Index)
	case "daysList":
		return "daysValues"
	case "outcome":
		return fmt.Sprintf("outcomes[%d]", f.Index)
	case "outcomeSum":
		return "outcomes"
	}
	return f.Kind
}

// CheckTotals validates entered totals against the questionnaire's questions (in order) and returns
// every problem, each at the place locate names (TotalsPath for the graph; a workbook's cell for an
// upload). final adds what submit needs: every required question counted for every case, and the
// days of every case where the questionnaire collects them.
func CheckTotals(questions []Question, collectsDays bool, t Totals, final bool, locate func(TotalsField) string) []domain.Problem {
	if locate == nil {
		locate = TotalsPath
	}
	var out []domain.Problem
	n := t.CaseCount
	if n < 0 || n > MaxTotalsCases {
		out = append(out, domain.Problemf(locate(TotalsField{Kind: "caseCount", Question: -1}), domain.CodeBadInput,
			"Antall saker må være mellom 0 og %d.", "Talet på saker må vere mellom 0 og %d.", "The number of cases must be between 0 and %d.", MaxTotalsCases))
		n = max(0, min(n, MaxTotalsCases))
	}
	if final && t.CaseCount <= 0 {
		out = append(out, domain.Problemf(locate(TotalsField{Kind: "caseCount", Question: -1}), domain.CodeRequiredMissing,
			"Oppgi hvor mange saker som er gjennomgått.", "Oppgi kor mange saker som er gjennomgått.", "Give the number of cases reviewed."))
	}
	byID := make(map[int64]*Question, len(questions))
	for i := range questions {
		byID[questions[i].ID] = &questions[i]
	}
	seen := map[int64]bool{}
	for i, qt := range t.Questions {
		q := byID[qt.QuestionID]
		if q == nil || seen[qt.QuestionID] {
			out = append(out, domain.Problemf(locate(TotalsField{Kind: "question", Question: i}), domain.CodeBadInput,
				"Spørsmålet hører ikke til skjemaversjonen, eller står to ganger.", "Spørsmålet høyrer ikkje til skjemaversjonen, eller står to gonger.",
				"The question is not part of the questionnaire version, or appears twice."))
			continue
		}
		seen[qt.QuestionID] = true
		for _, o := range domain.Options {
			c := qt.Counts.Count(o)
			at := locate(TotalsField{Kind: "count", Question: i, Option: o})
			label := domain.OptionLabel(o)
			switch {
			case c < 0:
				out = append(out, domain.Problem{Path: at, Code: domain.CodeBadInput, Text: domain.Text{
					NB: fmt.Sprintf("Antallet «%s» på spørsmål %s kan ikke være negativt.", label.NB, q.Code),
					NN: fmt.Sprintf("Talet «%s» på spørsmål %s kan ikkje vere negativt.", label.NN, q.Code),
					EN: fmt.Sprintf("The count of %q on question %s cannot be negative.", label.EN, q.Code)}})
			case c > 0 && !slices.Contains(q.Options, o):
				out = append(out, domain.Problem{Path: at, Code: domain.CodeOptionNotAllowed, Text: domain.Text{
					NB: fmt.Sprintf("Svaralternativet «%s» er ikke tillatt på spørsmål %s.", label.NB, q.Code),
					NN: fmt.Sprintf("Svaralternativet «%s» er ikkje tillate på spørsmål %s.", label.NN, q.Code),
					EN: fmt.Sprintf("The option %q is not allowed on question %s.", label.EN, q.Code)}})
			case c > n:
				out = append(out, domain.Problem{Path: at, Code: domain.CodeBadInput, Text: domain.Text{
					NB: fmt.Sprintf("Antallet «%s» på spørsmål %s (%d) er større enn antall saker (%d).", label.NB, q.Code, c, n),
					NN: fmt.Sprintf("Talet «%s» på spørsmål %s (%d) er større enn talet på saker (%d).", label.NN, q.Code, c, n),
					EN: fmt.Sprintf("The count of %q on question %s (%d) is above the number of cases (%d).", label.EN, q.Code, c, n)}})
			}
		}
		if sum := qt.Counts.Total(); sum > n {
			out = append(out, domain.Problemf(locate(TotalsField{Kind: "questionSum", Question: i}), domain.CodeBadInput,
				"Svarene på spørsmål %s er til sammen %d, flere enn antall saker (%d).", "Svara på spørsmål %s er til saman %d, fleire enn talet på saker (%d).",
				"The answers to question %s add up to %d, more than the number of cases (%d).", q.Code, sum, n))
		}
	}
	if final {
		counted := map[int64]int{}
		index := map[int64]int{}
		for i, qt := range t.Questions {
			counted[qt.QuestionID] = qt.Counts.Total()
			index[qt.QuestionID] = i
		}
		for _, q := range questions {
			if !q.Required || counted[q.ID] == n {
				continue
			}
			i, ok := index[q.ID]
			if !ok {
				i = -1
			}
			at := locate(TotalsField{Kind: "questionSum", Question: i})
			if i < 0 {
				at = locate(TotalsField{Kind: "question", Question: -1}) + ":" + q.Code
			}
			out = append(out, domain.Problemf(at, domain.CodeRequiredMissing,
				"Spørsmål %s er besvart for %d av %d saker.", "Spørsmål %s er svara på for %d av %d saker.",
				"Question %s is answered for %d of %d cases.", q.Code, counted[q.ID], n))
		}
	}
	if len(t.DaysValues) > 0 && !collectsDays {
		out = append(out, domain.ProblemFrom(locate(TotalsField{Kind: "daysList", Question: -1}), domain.CheckDays(&t.DaysValues[0], false)))
	} else {
		for j, d := range t.DaysValues {
			if err := domain.CheckDays(&d, true); err != nil {
				out = append(out, domain.ProblemFrom(locate(TotalsField{Kind: "days", Question: -1, Index: j}), err))
			}
		}
		if len(t.DaysValues) > n || (final && collectsDays && len(t.DaysValues) != n) {
			out = append(out, domain.Problemf(locate(TotalsField{Kind: "daysList", Question: -1}), domain.CodeBadInput,
				"Oppgi antall dager for hver sak: %d verdier for %d saker.", "Oppgi talet på dagar for kvar sak: %d verdiar for %d saker.",
				"Give the days for every case: %d values for %d cases.", len(t.DaysValues), n))
		}
	}
	outcomes, seenOutcome := 0, map[domain.Outcome]bool{}
	for j, o := range t.Outcomes {
		at := locate(TotalsField{Kind: "outcome", Question: -1, Index: j})
		switch {
		case !o.Outcome.Valid() || seenOutcome[o.Outcome]:
			out = append(out, domain.Problemf(at, domain.CodeBadInput, "Ukjent eller gjentatt utfall.", "Ukjent eller gjenteke utfall.", "Unknown or repeated outcome."))
		case o.Count < 0 || o.Count > n:
			out = append(out, domain.Problemf(at, domain.CodeBadInput, "Antallet må være mellom 0 og antall saker (%d).",
				"Talet må vere mellom 0 og talet på saker (%d).", "The count must be between 0 and the number of cases (%d).", n))
		}
		seenOutcome[o.Outcome] = true
		outcomes += max(0, o.Count)
	}
	if outcomes > n {
		out = append(out, domain.Problemf(locate(TotalsField{Kind: "outcomeSum", Question: -1}), domain.CodeBadInput,
			"Utfallene er til sammen %d, flere enn antall saker (%d).", "Utfalla er til saman %d, fleire enn talet på saker (%d).",
			"The outcomes add up to %d, more than the number of cases (%d).", outcomes, n))
	}
	return out
}

// normalized is the totals in the questionnaire's order, every question present, the days sorted,
// the outcomes in the order of the law without zeros: two entries of the same figures are equal.
func (t Totals) normalized(questions []Question) Totals {
	by := map[int64]Distribution{}
	for _, qt := range t.Questions {
		by[qt.QuestionID] = qt.Counts
	}
	out := Totals{CaseCount: t.CaseCount, Questions: make([]QuestionTotals, 0, len(questions)), DaysValues: slices.Clone(t.DaysValues)}
	for _, q := range questions {
		out.Questions = append(out.Questions, QuestionTotals{QuestionID: q.ID, Counts: by[q.ID]})
	}
	if out.DaysValues == nil {
		out.DaysValues = []int{}
	}
	slices.Sort(out.DaysValues)
	n := map[domain.Outcome]int{}
	for _, o := range t.Outcomes {
		n[o.Outcome] += o.Count
	}
	out.Outcomes = outcomeCounts(n)
	return out
}

// summary is the summary the totals give, as summaries computes it from cases. Complete cases are
// those the totals show fully answered: at most the cases, the answers on each required question
// and the outcomes, and, where days are collected, the days given.
func (t Totals) summary(questionIDs []int64, required map[int64]bool, collectsDays bool) *Summary {
	sum := &Summary{CaseCount: t.CaseCount, Questions: []QuestionSummary{}, DaysValues: slices.Clone(t.DaysValues), Outcomes: slices.Clone(t.Outcomes)}
	by := map[int64]Distribution{}
	for _, qt := range t.Questions {
		by[qt.QuestionID] = qt.Counts
	}
	complete := t.CaseCount
	for _, id := range questionIDs {
		d := by[id]
		sum.Questions = append(sum.Questions, QuestionSummary{QuestionID: id, Distribution: d})
		for _, o := range domain.Options {
			sum.Overall.Add(o, d.Count(o))
		}
		if required[id] {
			complete = min(complete, d.Total())
		}
	}
	if sum.DaysValues == nil {
		sum.DaysValues = []int{}
	}
	slices.Sort(sum.DaysValues)
	if sum.Outcomes == nil {
		sum.Outcomes = []OutcomeCount{}
	}
	if collectsDays {
		complete = min(complete, len(sum.DaysValues))
		sum.Days = daysSummary(sum.DaysValues)
	}
	// A case is complete only with its outcome (domain.MissingInCase); totals give no closing
	// month, which the service states for the form as a whole.
	withOutcome := 0
	for _, o := range sum.Outcomes {
		withOutcome += o.Count
	}
	complete = min(complete, withOutcome)
	sum.CompleteCaseCount = max(0, complete)
	return sum
}

// daysSummary is what percentile_cont(0.5), min and max give over sorted values.
func daysSummary(sorted []int) *DaysSummary {
	d := &DaysSummary{Count: len(sorted)}
	if len(sorted) == 0 {
		return d
	}
	lo, hi := sorted[0], sorted[len(sorted)-1]
	d.Min, d.Max = &lo, &hi
	m := len(sorted) / 2
	med := float64(sorted[m])
	if len(sorted)%2 == 0 {
		med = (float64(sorted[m-1]) + float64(sorted[m])) / 2
	}
	d.Median = &med
	return d
}

// positions are the cases the figures of a revision of totals rest on (snapshot totalsCases): as
// many as the cases, each with one value of the days list, one outcome and one option per question,
// handed out in order (the first cases get Ja, then Delvis, …). Every count, the days and the
// outcomes are exactly the totals'. What totals cannot tell is which answers went together in one
// case; this order puts equal answers together, which gives the widest interval where a figure is
// clustered by case (one service's own section figures): the conservative choice.
func (t Totals) positions() []SnapshotCase {
	out := make([]SnapshotCase, t.CaseCount)
	for i := range out {
		out[i] = SnapshotCase{Number: i + 1, Answers: []SnapshotAnswer{}}
	}
	for _, qt := range t.Questions {
		i := 0
		for _, o := range domain.Options {
			for k := 0; k < qt.Counts.Count(o) && i < len(out); k++ {
				opt := o
				out[i].Answers = append(out[i].Answers, SnapshotAnswer{QuestionID: qt.QuestionID, Option: &opt})
				i++
			}
		}
	}
	for i, d := range t.DaysValues {
		if i < len(out) {
			d := d
			out[i].DaysToFirstActivity = &d
		}
	}
	i := 0
	for _, o := range t.Outcomes {
		for k := 0; k < o.Count && i < len(out); k++ {
			oc := o.Outcome
			out[i].Outcome = &oc
			i++
		}
	}
	return out
}

// questionsOf loads the questions of a questionnaire in order.
func questionsOf(ctx context.Context, db bun.IDB, questionnaireID int64) ([]Question, error) {
	var qs []Question
	err := db.NewSelect().Model(&qs).Where("q.questionnaire_id = ?", questionnaireID).OrderExpr("q.position").Scan(ctx)
	return qs, err
}

// SaveTotals enters the summary totals of a service's form in a round directly, replacing any
// totals entered before. Every problem is reported at once (INVALID_TOTALS with each path) and
// nothing changes; a form that has cases is refused (delete them first, or enter cases).
func (s *Store) SaveTotals(ctx context.Context, serviceID, roundID int64, t Totals, expectedVersion *int) (*Submission, error) {
	return s.SaveTotalsAt(ctx, serviceID, roundID, t, expectedVersion, nil)
}

// SaveTotalsAt is SaveTotals with the problems named by locate (an uploaded workbook's cells).
func (s *Store) SaveTotalsAt(ctx context.Context, serviceID, roundID int64, t Totals, expectedVersion *int, locate func(TotalsField) string) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if err := saveTotals(ctx, tx, f, t, locate); err != nil {
			return err
		}
		sub = f.sub
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save totals for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &sub, nil
}

func saveTotals(ctx context.Context, tx bun.Tx, f *lockedForm, t Totals, locate func(TotalsField) string) error {
	var cases int
	if err := tx.NewSelect().TableExpr("cases").ColumnExpr("count(*)").Where("submission_id = ?", f.sub.ID).Scan(ctx, &cases); err != nil {
		return err
	}
	if cases > 0 {
		return domain.ErrBadInput("caseCount",
			fmt.Sprintf("Skjemaet har allerede %d saker. Slett sakene før du fyller inn totaler direkte.", cases),
			fmt.Sprintf("Skjemaet har allereie %d saker. Slett sakene før du fyller inn totalar direkte.", cases),
			fmt.Sprintf("The form already has %d cases. Delete them before entering totals directly.", cases))
	}
	questions, err := questionsOf(ctx, tx, f.quest.ID)
	if err != nil {
		return err
	}
	if problems := CheckTotals(questions, f.quest.CollectsDaysToFirstActivity, t, false, locate); len(problems) > 0 {
		return domain.ErrProblems(problems)
	}
	norm := t.normalized(questions)
	if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
		return err
	}
	old := map[string]any{"entryMode": f.sub.EntryMode, "totals": f.sub.Totals}
	f.sub.EntryMode, f.sub.Totals = EntryTotals, &norm
	f.sub.Version++
	if _, err := tx.NewUpdate().Model(&f.sub).Column("entry_mode", "totals", "version").WherePK().Exec(ctx); err != nil {
		return err
	}
	return f.audit(ctx, tx, "submission.totals", "submission", f.sub.ID, old, map[string]any{"entryMode": f.sub.EntryMode, "totals": norm})
}

// ClearTotals removes the entered totals of a form: it goes back to cases (and has none).
func (s *Store) ClearTotals(ctx context.Context, submissionID int64, expectedVersion *int) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if f.sub.EntryMode != EntryTotals {
			sub = f.sub
			return nil
		}
		if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
			return err
		}
		old := map[string]any{"entryMode": f.sub.EntryMode, "totals": f.sub.Totals}
		f.sub.EntryMode, f.sub.Totals = EntryCases, nil
		f.sub.Version++
		if _, err := tx.NewUpdate().Model(&f.sub).Column("entry_mode", "totals", "version").WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.totals_cleared", "submission", f.sub.ID, old, map[string]any{"entryMode": EntryCases})
	})
	if err != nil {
		return nil, fmt.Errorf("clear totals of submission %d: %w", submissionID, err)
	}
	return &sub, nil
}

// EnteredTotals are the totals of a form as the caller may read them: inside the service only, nil
// for a form of cases.
func (sub *Submission) EnteredTotals() *Totals {
	if sub.EntryMode != EntryTotals {
		return nil
	}
	return sub.Totals
}

// errTotalsEntered refuses cases on a form of entered totals.
func errTotalsEntered() error {
	return domain.ErrBadInput("entryMode",
		"Skjemaet har totaler fylt inn direkte. Fjern totalene før du registrerer saker.",
		"Skjemaet har totalar fylte inn direkte. Fjern totalane før du registrerer saker.",
		"The form has totals entered directly. Remove the totals before recording cases.")
}

// ImportedCase is one case of an uploaded per-case workbook, with the place of each of its fields
// for problems.
type ImportedCase struct {
	Outcome             *domain.Outcome
	DaysToFirstActivity *int
	Answers             []ImportedAnswer
	// At names the cells: "outcome", "days", or a question's id as text.
	At func(field string) string
}

// ImportedAnswer is one answer of an imported case.
type ImportedAnswer struct {
	QuestionID int64
	Option     *domain.Option
	Comment    *string
	// CommentAt names the comment's cell.
	CommentAt string
}

// ImportCases adds the cases of an uploaded per-case workbook to the service's form in the round,
// all or none: every problem is reported at once (INVALID_TOTALS with each cell), comments go
// through the personal-data screen (warnings too, unless confirmed), and nothing is stored unless
// all is valid. A form of entered totals takes no cases.
func (s *Store) ImportCases(ctx context.Context, serviceID, roundID int64, cases []ImportedCase) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if f.sub.EntryMode == EntryTotals {
			return errTotalsEntered()
		}
		questions, err := questionsOf(ctx, tx, f.quest.ID)
		if err != nil {
			return err
		}
		byID := map[int64]*Question{}
		for i := range questions {
			byID[questions[i].ID] = &questions[i]
		}
		ts := domain.NewTextScreen(ctx)
		var problems []domain.Problem
		for _, c := range cases {
			if c.Outcome != nil && !c.Outcome.Valid() {
				problems = append(problems, domain.Problemf(c.At("outcome"), domain.CodeBadInput, "Ukjent utfall.", "Ukjent utfall.", "Unknown outcome."))
			}
			if err := domain.CheckDays(c.DaysToFirstActivity, f.quest.CollectsDaysToFirstActivity); err != nil {
				problems = append(problems, domain.ProblemFrom(c.At("days"), err))
			}
			for _, a := range c.Answers {
				q := byID[a.QuestionID]
				if q == nil {
					problems = append(problems, domain.Problemf(c.At(fmt.Sprint(a.QuestionID)), domain.CodeBadInput,
						"Spørsmålet hører ikke til skjemaversjonen.", "Spørsmålet høyrer ikkje til skjemaversjonen.", "The question is not part of the questionnaire version."))
					continue
				}
				if err := domain.CheckAnswer(q.Rules(), a.Option, nil, nil); err != nil {
					problems = append(problems, domain.ProblemFrom(c.At(fmt.Sprint(a.QuestionID)), err))
				}
				if a.Comment != nil && *a.Comment != "" {
					if !q.CommentAllowed {
						problems = append(problems, domain.ProblemFrom(a.CommentAt, domain.CheckAnswer(q.Rules(), nil, a.Comment, nil)))
					} else if err := ts.Check(a.CommentAt, *a.Comment, domain.MaxCommentLen); err != nil {
						problems = append(problems, domain.ProblemFrom(a.CommentAt, err))
					}
				}
			}
		}
		if err := ts.Err(); err != nil {
			if de, ok := domain.AsError(err); ok {
				hits, _ := de.Extra["warnings"].([]domain.WarningHit)
				seen := map[string]bool{}
				for _, h := range hits {
					if !seen[h.Field] {
						seen[h.Field] = true
						problems = append(problems, domain.Problem{Path: h.Field, Code: domain.CodePersonalDataWarning, Text: de.Text})
					}
				}
			}
		}
		if len(problems) > 0 {
			return domain.ErrProblems(problems)
		}
		if len(cases) == 0 {
			return domain.ErrProblems([]domain.Problem{domain.Problemf("", domain.CodeRequiredMissing,
				"Arbeidsboken har ingen utfylte saker.", "Arbeidsboka har ingen utfylte saker.", "The workbook has no filled-in cases.")})
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		rows := make([]Case, len(cases))
		for i, c := range cases {
			f.sub.LastCaseNumber++
			rows[i] = Case{SubmissionID: f.sub.ID, ServiceID: serviceID, RoundID: roundID, Number: f.sub.LastCaseNumber,
				Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Version: 1, CreatedAt: t, UpdatedAt: t}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
		var answers []Answer
		for i, c := range cases {
			for _, a := range c.Answers {
				if a.Option == nil && (a.Comment == nil || *a.Comment == "") {
					continue
				}
				answers = append(answers, Answer{CaseID: rows[i].ID, QuestionID: a.QuestionID, Option: a.Option, Comment: a.Comment,
					Version: 1, CreatedAt: t, UpdatedAt: t})
			}
		}
		if len(answers) > 0 {
			if _, err := tx.NewInsert().Model(&answers).Exec(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column("last_case_number").WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "case.import", "submission", f.sub.ID, nil,
			map[string]any{"cases": len(rows), "answers": len(answers), "firstNumber": rows[0].Number})
	})
	if err != nil {
		return nil, fmt.Errorf("import cases for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &sub, nil
}

// Baseline is one service's submitted summary of an earlier round, brought in from Helsetilsynet's
// summary workbook (round 1 was done in Excel).
type Baseline struct {
	ServiceID int64
	Totals    Totals
	// Locate names the cells of the totals; Source names the file, for problems that are not in a cell.
	Locate func(TotalsField) string
	Source string
}

// ImportBaselines stores each baseline as its service's submitted summary form of the round
// (entered totals, revision 1), so the next round compares with it (Helsetilsynet's campaign
// staff, and the command line). All or nothing, in one transaction: every problem of every
// baseline is reported at once, and a service that already has a form in the round is refused.
// progress, if set, is told of each service stored.
func (s *Store) ImportBaselines(ctx context.Context, roundID int64, baselines []Baseline, progress func(i int, b Baseline, sub *Submission)) ([]Submission, error) {
	var out []Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var problems []domain.Problem
		forms := make([]*lockedForm, len(baselines))
		seen := map[int64]bool{}
		for i, b := range baselines {
			f, err := lockForm(ctx, tx, b.ServiceID, roundID, auth.ActManage)
			if err != nil {
				if de, ok := domain.AsError(err); ok && de.Code == domain.CodeNotFound {
					problems = append(problems, domain.ProblemFrom(b.Source, err))
					continue
				}
				return err
			}
			var cases int
			if err := tx.NewSelect().TableExpr("cases").ColumnExpr("count(*)").Where("submission_id = ?", f.sub.ID).Scan(ctx, &cases); err != nil {
				return err
			}
			if seen[b.ServiceID] || f.sub.Revision > 0 || cases > 0 || f.sub.EntryMode == EntryTotals {
				problems = append(problems, domain.Problemf(b.Source, domain.CodeBadInput,
					"Tjenesten har allerede et samleskjema i runden (eller står to ganger i importen).",
					"Tenesta har allereie eit samleskjema i runden (eller står to gonger i importen).",
					"The service already has a summary form in the round (or appears twice in the import)."))
			}
			seen[b.ServiceID] = true
			questions, err := questionsOf(ctx, tx, f.quest.ID)
			if err != nil {
				return err
			}
			problems = append(problems, CheckTotals(questions, f.quest.CollectsDaysToFirstActivity, b.Totals, true, b.Locate)...)
			baselines[i].Totals = b.Totals.normalized(questions)
			forms[i] = f
		}
		if len(problems) > 0 {
			return domain.ErrProblems(problems)
		}
		for i, f := range forms {
			t := now()
			if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
				return err
			}
			f.sub.EntryMode, f.sub.Totals = EntryTotals, &baselines[i].Totals
			f.sub.Revision++
			if err := f.apply(ctx, tx, domain.EventSubmit, t); err != nil {
				return err
			}
			if _, err := tx.NewUpdate().Model(&f.sub).Column("entry_mode", "totals", "revision", "late").WherePK().Exec(ctx); err != nil {
				return err
			}
			if _, err := StoreRevision(ctx, tx, &f.sub, t); err != nil {
				return err
			}
			if err := f.audit(ctx, tx, "submission.baseline_import", "submission", f.sub.ID, nil,
				map[string]any{"caseCount": baselines[i].Totals.CaseCount, "source": baselines[i].Source}); err != nil {
				return err
			}
			out = append(out, f.sub)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import the baseline of round %d: %w", roundID, err)
	}
	if progress != nil {
		for i := range out {
			progress(i, baselines[i], &out[i])
		}
	}
	return out, nil
}

// ServicesByName maps every service's name to its id (the command line's baseline import names
// services by name where a workbook does not carry the id).
func (s *Store) ServicesByName(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		ID   int64
		Name string
	}
	if err := s.DB.NewSelect().Table("services").Column("id", "name").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Name] = r.ID
	}
	return out, nil
}
