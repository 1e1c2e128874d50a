package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/seed/content"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The demo data tells a true-to-life story: most services did round 1 and sent summary and plan
// (some late, most marked as gone through by the county office, one with a request for correction), about two thirds have done round 2 with better results
// on the questions their plans targeted, and a few services never started. It is generated from a
// fixed seed per service, so every database gets the same story.

// hardness shifts the chance of Ja per question family: the child's conversation and cooperation
// and timeliness are where the real audits found most weaknesses.
var hardness = map[string]float64{
	"1.1": 0.12, "1.3": -0.05, "2.3": -0.08, "2.4": -0.15,
	"3.1": -0.05, "3.2": -0.18, "3.3": -0.12, "3.4": -0.2, "3.5": -0.15, "3.7": -0.12, "3.7a": -0.05, "3.7b": -0.2,
	"4.2": -0.05, "4.3": -0.12, "5.1": 0.1, "5.2": 0.05,
}

func rngFor(parts ...string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(parts, "|")))
	v := h.Sum64()
	return rand.New(rand.NewPCG(v, v>>7|1))
}

type roundInfo struct {
	round     store.Round
	collects  bool
	questions []store.Question
	reflects  []store.ReflectionQuestion
}

func loadRound(ctx context.Context, tx bun.Tx, number int) (*roundInfo, error) {
	ri := &roundInfo{}
	if err := tx.NewSelect().Model(&ri.round).Join("JOIN campaigns AS cmp ON cmp.id = r.campaign_id").
		Where("r.number = ?", number).OrderExpr("r.id").Limit(1).Scan(ctx); err != nil {
		return nil, fmt.Errorf("round %d: %w", number, err)
	}
	var qn store.Questionnaire
	if err := tx.NewSelect().Model(&qn).Where("qn.id = ?", ri.round.QuestionnaireID).Scan(ctx); err != nil {
		return nil, err
	}
	ri.collects = qn.CollectsDaysToFirstActivity
	if err := tx.NewSelect().Model(&ri.questions).Where("q.questionnaire_id = ?", qn.ID).OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, err
	}
	if err := tx.NewSelect().Model(&ri.reflects).Where("rq.questionnaire_id = ?", qn.ID).OrderExpr("rq.position").Scan(ctx); err != nil {
		return nil, err
	}
	return ri, nil
}

// demoServiceNames are the services the demo story is about (content.Services); the rest of the
// country is in the register, not invited and not started.
func demoServiceNames() []string {
	names := make([]string, 0, len(content.Services))
	for _, s := range content.Services {
		names = append(names, s.Name)
	}
	return names
}

func demo(ctx context.Context, tx bun.Tx, rep *Report) error {
	var services []store.Service
	if err := tx.NewSelect().Model(&services).Where("s.name IN (?)", bun.List(demoServiceNames())).OrderExpr("s.name").Scan(ctx); err != nil {
		return err
	}
	r1, err := loadRound(ctx, tx, 1)
	if err != nil {
		return err
	}
	r2, err := loadRound(ctx, tx, 2)
	if err != nil {
		return err
	}
	returnedOne := false
	for _, svc := range services {
		rng := rngFor(svc.Name, "service")
		quality := clamp(0.68+rng.NormFloat64()*0.12, 0.35, 0.92)
		if rng.Float64() < 0.1 {
			continue // never took part
		}
		// Most round-1 forms are submitted and gone through by the county office (a non-binding
		// mark); one was sent back with a request for correction.
		status1, reviewed1 := domain.StatusSubmitted, true
		switch x := rng.Float64(); {
		case x < 0.08:
			status1, reviewed1 = domain.StatusInProgress, false
		case x < 0.28:
			reviewed1 = false
		}
		if !returnedOne && status1 == domain.StatusSubmitted && !reviewed1 {
			status1, returnedOne = domain.StatusReturned, true
		}
		targets, err := demoSubmission(ctx, tx, rep, svc, r1, status1, reviewed1, quality, nil)
		if err != nil {
			return fmt.Errorf("demo round 1 for %s: %w", svc.Name, err)
		}
		if status1 == domain.StatusInProgress || rng.Float64() < 0.35 {
			continue // has not done round 2 yet
		}
		status2, reviewed2 := domain.StatusInProgress, false
		switch x := rng.Float64(); {
		case x < 0.45:
			status2, reviewed2 = domain.StatusSubmitted, true
		case x < 0.75:
			status2 = domain.StatusSubmitted
		}
		if _, err := demoSubmission(ctx, tx, rep, svc, r2, status2, reviewed2, clamp(quality+0.06, 0, 0.95), targets); err != nil {
			return fmt.Errorf("demo round 2 for %s: %w", svc.Name, err)
		}
	}
	return nil
}

// demoSubmission creates one service's form in a round unless it has one, and returns the codes of
// the questions its improvement plan targets.
func demoSubmission(ctx context.Context, tx bun.Tx, rep *Report, svc store.Service, ri *roundInfo, status domain.Status,
	reviewed bool, quality float64, targets []string) ([]string, error) {
	exists, err := tx.NewSelect().Table("submissions").Where("service_id = ? AND round_id = ?", svc.ID, ri.round.ID).Exists(ctx)
	if err != nil || exists {
		return nil, err
	}
	rng := rngFor(svc.Name, fmt.Sprint(ri.round.Number))
	start := ri.round.PeriodStart.Time()
	end := ri.round.Deadline.Time()
	started := start.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
	// Inserted in progress; the final status is set with its timestamps below (the table demands both).
	sub := &store.Submission{ServiceID: svc.ID, RoundID: ri.round.ID, Status: domain.StatusInProgress, Reflections: []store.ReflectionAnswer{},
		ImprovementPlan: store.Plan{Goals: []store.Goal{}}, Version: 1, StartedAt: started, UpdatedAt: started}
	if _, err := tx.NewInsert().Model(sub).Exec(ctx); err != nil {
		return nil, err
	}
	rep.DemoSubmissions++
	unfinished := status == domain.StatusInProgress
	cases, err := demoCases(ctx, tx, rep, rng, sub, svc, ri, unfinished)
	if err != nil {
		return nil, err
	}
	yesByCode, err := demoAnswers(ctx, tx, rep, rng, cases, ri, demoQuality{quality: quality, targets: targets, unfinished: unfinished})
	if err != nil {
		return nil, err
	}
	weakest := weakestQuestions(ri, yesByCode)
	if status != domain.StatusInProgress || rng.Float64() < 0.5 {
		demoPlan(rng, sub, ri, weakest, end, status)
	}
	if err := demoStatus(ctx, tx, rng, sub, svc, ri, status, reviewed); err != nil {
		return nil, err
	}
	return weakest, nil
}

// demoCases adds the form's cases: 6–11 (three more in an inter-municipal service), closed in the
// months before the period (after it began, from round 2); the last of an unfinished form lacks
// its days to first activity.
func demoCases(ctx context.Context, tx bun.Tx, rep *Report, rng *rand.Rand, sub *store.Submission, svc store.Service,
	ri *roundInfo, unfinished bool) ([]store.Case, error) {
	start, started := ri.round.PeriodStart.Time(), sub.StartedAt
	nCases := 6 + rng.IntN(6)
	if svc.Kind == domain.ServiceInterMunicipal {
		nCases += 3
	}
	cases := make([]store.Case, nCases)
	for i := range cases {
		closed := start.AddDate(0, -1-rng.IntN(10), 0)
		if ri.round.Number > 1 {
			closed = start.AddDate(0, rng.IntN(4), 0) // cases started after the improvement work began
		}
		cm := domain.YearMonth{Date: domain.NewDate(closed.Year(), closed.Month(), 1)}
		st := closed.AddDate(0, -1-rng.IntN(3), 0)
		sm := domain.YearMonth{Date: domain.NewDate(st.Year(), st.Month(), 1)}
		out := pickOutcome(rng)
		cases[i] = store.Case{SubmissionID: sub.ID, ServiceID: svc.ID, RoundID: ri.round.ID, Number: i + 1,
			StartedMonth: &sm, ClosedMonth: &cm, Outcome: &out, Version: 1, CreatedAt: started, UpdatedAt: started}
		if ri.collects {
			d := int(math.Round(math.Exp(math.Log(6) + rng.NormFloat64()*0.7)))
			d = min(d, 90)
			cases[i].DaysToFirstActivity = &d
		}
	}
	if unfinished && nCases > 2 {
		cases[nCases-1].DaysToFirstActivity = nil
	}
	if _, err := tx.NewInsert().Model(&cases).Exec(ctx); err != nil {
		return nil, err
	}
	sub.LastCaseNumber = nCases
	rep.DemoCases += nCases
	return cases, nil
}

// demoQuality is how well a service does: its chance of Ja, the questions its plan targeted (a
// better chance there), and whether the form is still being filled in.
type demoQuality struct {
	quality    float64
	targets    []string
	unfinished bool
}

// demoAnswers answers every question of every case (half of the last case of an unfinished form
// is left open) and returns the Ja count per question code.
func demoAnswers(ctx context.Context, tx bun.Tx, rep *Report, rng *rand.Rand, cases []store.Case, ri *roundInfo,
	dq demoQuality) (map[string]int, error) {
	var answers []store.Answer
	yesByCode := map[string]int{}
	for ci, c := range cases {
		for _, q := range ri.questions {
			if dq.unfinished && ci == len(cases)-1 && rng.Float64() < 0.5 {
				continue // the last case is still being filled in
			}
			p := dq.quality + hardness[q.Code]
			if targeted(q.Code, dq.targets) {
				p += 0.15
			}
			o := pickOption(rng, clamp(p, 0.05, 0.97), q.Options)
			if o == domain.OptionYes {
				yesByCode[q.Code]++
			}
			opt := o
			a := store.Answer{CaseID: c.ID, QuestionID: q.ID, Option: &opt, Version: 1, CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt}
			if q.CommentAllowed && o == domain.OptionNo && rng.Float64() < 0.4 {
				comment := demoComments[rng.IntN(len(demoComments))]
				a.Comment = &comment
			}
			answers = append(answers, a)
		}
	}
	if len(answers) > 0 {
		if _, err := tx.NewInsert().Model(&answers).Exec(ctx); err != nil {
			return nil, err
		}
	}
	rep.DemoAnswers += len(answers)
	return yesByCode, nil
}

// weakestQuestions are the codes of the two questions with the fewest Ja: what the plan targets.
func weakestQuestions(ri *roundInfo, yesByCode map[string]int) []string {
	codes := make([]string, 0, len(ri.questions))
	for _, q := range ri.questions {
		codes = append(codes, q.Code)
	}
	sort.SliceStable(codes, func(i, j int) bool { return yesByCode[codes[i]] < yesByCode[codes[j]] })
	return codes[:2]
}

// demoPlan writes the form's assessment, a goal with two actions for each of the weakest
// questions, and the reflections (only the first of an unfinished form).
func demoPlan(rng *rand.Rand, sub *store.Submission, ri *roundInfo, weakest []string, end time.Time, status domain.Status) {
	byCode := map[string]store.Question{}
	for _, q := range ri.questions {
		byCode[q.Code] = q
	}
	sub.Assessment = demoAssessments[rng.IntN(len(demoAssessments))]
	for _, code := range weakest {
		qid := byCode[code].ID
		due := domain.DateOf(end.AddDate(0, 3+rng.IntN(6), 0))
		sub.ImprovementPlan.Goals = append(sub.ImprovementPlan.Goals, store.Goal{
			QuestionID:  &qid,
			Description: fmt.Sprintf("Bedre praksis på spørsmål %s i alle undersøkelser.", code),
			Target:      fmt.Sprintf("Minst 80 %% Ja på spørsmål %s i neste egenkontroll.", code),
			Measure:     fmt.Sprintf("Samme spørsmål (%s) skåres på nytt i neste egenkontroll.", code),
			Actions: []store.Action{
				{Description: "Gjennomgå rutinen i fagmøte og lage en sjekkliste.", Owner: "Fagleder", DueDate: &due, Status: domain.ActionDone},
				{Description: "Kollegaveiledning på tre saker per måned (PGEK-sirkel).", Owner: "Teamleder undersøkelse", DueDate: &due, Status: domain.ActionInProgress},
			},
		})
	}
	for i, rq := range ri.reflects {
		if status == domain.StatusInProgress && i > 0 {
			break
		}
		texts := demoReflections[i%len(demoReflections)]
		sub.Reflections = append(sub.Reflections, store.ReflectionAnswer{QuestionID: rq.ID, Answer: texts[rng.IntN(len(texts))]})
	}
}

// demoStatus gives the form its final status with its timestamps — sent before the deadline
// (one in seven late), gone through by the county office, or returned — and stores the sent
// revision.
func demoStatus(ctx context.Context, tx bun.Tx, rng *rand.Rand, sub *store.Submission, svc store.Service, ri *roundInfo,
	status domain.Status, reviewed bool) error {
	end := ri.round.Deadline.Time()
	sub.Status = status
	cols := []string{"status", "last_case_number", "assessment", "reflections", "improvement_plan"}
	if status != domain.StatusInProgress {
		early := rng.IntN(20 * 24)
		submitted := WorkingHours(end.Add(-time.Duration(early)*time.Hour), early)
		if rng.Float64() < 0.15 {
			late := 24 + rng.IntN(20*24)
			submitted = WorkingHours(end.Add(time.Duration(late)*time.Hour), late) // late
		}
		sub.SubmittedAt, sub.Revision, sub.UpdatedAt = &submitted, 1, submitted
		sub.Late = domain.IsLate(submitted, ri.round.Deadline)
		cols = append(cols, "submitted_at", "revision", "late", "updated_at")
		if reviewed {
			after := 48 + rng.IntN(20*24)
			at := WorkingHours(submitted.Add(time.Duration(after)*time.Hour), after)
			by, name, err := demoReviewer(ctx, tx, svc.OfficeID)
			if err != nil {
				return err
			}
			rev := 1
			sub.ReviewedAt, sub.ReviewedBy, sub.ReviewedByName, sub.ReviewedRevision = &at, by, &name, &rev
			cols = append(cols, "reviewed_at", "reviewed_by", "reviewed_by_name", "reviewed_revision")
		}
		if status == domain.StatusReturned {
			ret := WorkingHours(submitted.Add(72*time.Hour), int(submitted.Unix()/60))
			sub.ReturnedAt, sub.UpdatedAt = &ret, ret
			cols = append(cols, "returned_at")
		}
	}
	if _, err := tx.NewUpdate().Model(sub).Column(cols...).WherePK().Exec(ctx); err != nil {
		return err
	}
	if sub.SubmittedAt != nil {
		if _, err := store.StoreRevision(ctx, tx, sub, *sub.SubmittedAt); err != nil {
			return err
		}
	}
	return nil
}

// demoReviewer is who marks a demo form as gone through: the office's demo advisor, or the office.
func demoReviewer(ctx context.Context, tx bun.Tx, officeID int64) (*int64, string, error) {
	var u struct {
		ID          int64
		DisplayName string
	}
	err := tx.NewSelect().Table("users").Column("id", "display_name").
		Where("role = 'COUNTY_ADVISOR' AND office_id = ?", officeID).OrderExpr("id").Limit(1).Scan(ctx, &u)
	if err == nil {
		return &u.ID, u.DisplayName, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, "", err
	}
	var o store.Office
	if err := tx.NewSelect().Model(&o).Where("o.id = ?", officeID).Scan(ctx); err != nil {
		return nil, "", err
	}
	return nil, "Statsforvalteren i " + o.Name.NB, nil
}

// targeted reports whether code continues a targeted question (3.7 → 3.7a, 3.7b).
func targeted(code string, targets []string) bool {
	for _, t := range targets {
		if code == t || strings.HasPrefix(code, t) && len(code) == len(t)+1 {
			return true
		}
	}
	return false
}

func pickOption(rng *rand.Rand, pYes float64, allowed []domain.Option) domain.Option {
	has := func(o domain.Option) bool {
		for _, a := range allowed {
			if a == o {
				return true
			}
		}
		return false
	}
	if has(domain.OptionNotPossible) && rng.Float64() < 0.08 {
		return domain.OptionNotPossible
	}
	switch x := rng.Float64(); {
	case x < pYes:
		return domain.OptionYes
	case x < pYes+(1-pYes)*0.6:
		return domain.OptionPartly
	default:
		return domain.OptionNo
	}
}

func pickOutcome(rng *rand.Rand) domain.Outcome {
	switch x := rng.Float64(); {
	case x < 0.45:
		return domain.OutcomeMeasuresDecided
	case x < 0.75:
		return domain.OutcomeDismissed
	case x < 0.9:
		return domain.OutcomeDismissedNewInvestigation
	default:
		return domain.OutcomeCareOrderProposed
	}
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

var demoComments = []string{
	"Samtalen er gjennomført, men vurderingen av barnets synspunkter er ikke skrevet ned.",
	"Fristen ble overskredet på grunn av sykefravær i teamet.",
	"Samarbeidet med foreldrene er beskrevet, men ikke barnets egen medvirkning.",
	"Dokumentasjonen viser ikke hvorfor undersøkelsen ble avgrenset slik.",
}

var demoAssessments = []string{
	"Egenkontrollen viser at vi dokumenterer planlegging og konklusjon godt, men at samtaler med barnet og vurderinger av barnets beste ofte mangler i journalen. Vi prioriterer disse områdene i forbedringsarbeidet.",
	"Vi ser behov for forbedring i fremdriften av undersøkelsene og i hvordan barnets medvirkning dokumenteres. Ledergruppen har fått ansvar for oppfølgingen.",
	"Resultatene er jevnt over gode, men samarbeidet med barnet og foreldrene dokumenteres for sjelden. Vi lager en felles mal for undersøkelsesrapporten.",
}

// demoReflections are answers to the reflection questions, one list per question in order
// (document 002: did the measures work, the way forward, what was learnt).
var demoReflections = [][]string{
	{
		"Målene for samtaler med barnet er delvis nådd: flere samtaler er dokumentert, men barnets synspunkter er fortsatt ikke alltid skrevet ned.",
		"Sjekklisten i fagmøtene har virket på planleggingen, men vi ser ennå ikke effekt på framdriften.",
	},
	{
		"Vi fortsetter med kollegaveiledning og gjør sjekklisten til fast praksis i alle undersøkelser.",
		"Vi justerer tiltaket for framdrift: teamleder følger opp fristene ukentlig i stedet for månedlig.",
	},
	{
		"Vi har lært at små endringer som prøves ut i noen saker først, er lettere å få til å virke i hele tjenesten.",
		"Egenkontrollen har gjort oss mer bevisste på hva som faktisk står i journalen, ikke bare hva vi har gjort.",
	},
}

// WorkingHours is a believable moment on the Oslo calendar day of t: between 08:00 and 15:59 on
// a weekday (a weekend moves to the Monday after), the hour and minute picked from salt, so that
// demo timestamps look like people at work rather than midnight UTC.
func WorkingHours(t time.Time, salt int) time.Time {
	if salt < 0 {
		salt = -salt
	}
	y, m, d := t.In(domain.Oslo).Date()
	day := time.Date(y, m, d, 8+salt%8, (salt*37)%60, 0, 0, domain.Oslo)
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, 2)
	case time.Sunday:
		day = day.AddDate(0, 0, 1)
	}
	return day.UTC()
}
