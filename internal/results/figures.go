package results

import (
	"slices"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// QuestionFigures are the figures of one question.
type QuestionFigures struct {
	QuestionID       int64
	SectionID        int64
	Options          OptionFigures
	Services, Cases  int
	Suppressed       bool
	SuppressedReason string
}

// SectionFigures are the figures of one section's questions together.
type SectionFigures struct {
	SectionID        int64
	Options          OptionFigures
	Services, Cases  int
	Suppressed       bool
	SuppressedReason string
}

// DaysFigures describe days from report to first investigation activity.
type DaysFigures struct {
	Count          int
	Q1, Median, Q3 *float64
	Max            *int
	Above          []DaysAbove
}

// DaysAbove counts cases above a threshold.
type DaysAbove struct {
	Days  int
	Count int
	Share *float64
}

// Figures are the statistics of one scope (or one group of a breakdown) in a round.
type Figures struct {
	RoundID          int64
	Level            Level
	GroupID          int64 // the office, county or service of a breakdown row; 0 for the scope itself
	Query            Query
	Services, Cases  int
	Overall          OptionFigures
	Sections         []SectionFigures
	Questions        []QuestionFigures
	Days             DaysFigures
	Suppressed       bool
	SuppressedReason string
}

// QuestionRef is what the figures need to know of a question of the questionnaire.
type QuestionRef struct {
	ID, QuestionnaireID, SectionID int64
	Position                       int
}

// Group is the counted cases of one group (or the scope itself) in a round: its services and
// cases, its days (Above empty), and the cases above each threshold, in threshold order.
type Group struct {
	Grp             int64
	Services, Cases int
	Days            DaysFigures
	Above           []int64
}

// RoundInput is what RoundFigures assembles: the counted groups and cells of one round, the
// questionnaire's questions in order, and what the round withholds (nil for the service's own
// people, who see their own figures whatever their size).
type RoundInput struct {
	Scope       auth.Scope
	Query       Query
	Level       Level
	Thresholds  []int // sorted, without repeats (DaysThresholds)
	Groups      []Group
	Cells       Cells
	Questions   []QuestionRef
	Suppression *stats.Suppression
	Lang        domain.Lang
}

// DaysThresholds are the thresholds a query counts cases above: sorted, each once.
func DaysThresholds(ts []int) []int {
	ts = slices.Clone(ts)
	slices.Sort(ts)
	return slices.Compact(ts)
}

// RoundFigures assembles the figures of each group: every question and section of the
// questionnaire in order, answered or not, the overall figures, the days, and what is withheld.
func RoundFigures(in RoundInput) []Figures {
	out := make([]Figures, 0, len(in.Groups))
	for _, g := range in.Groups {
		f := Figures{RoundID: in.Query.RoundID, Level: in.Level, GroupID: g.Grp, Query: in.Query, Services: g.Services, Cases: g.Cases,
			Days: g.Days}
		f.Days.Above = daysAbove(in.Thresholds, g.Above, g.Days.Count)
		node := GroupNode(in.Scope, in.Query, in.Level, g.Grp)
		if in.Suppression != nil {
			f.SuppressedReason = SuppressionReason(in.Suppression.Reason(node), in.Query.MinCases, in.Lang)
		}
		f.Suppressed = f.SuppressedReason != ""
		// One service's figures are clustered by case, everything above it by service.
		fillCells(&f, in.Cells, in.Questions, node.Kind == stats.Service)
		Withhold(&f)
		out = append(out, f)
	}
	return out
}

// daysAbove counts the cases above each threshold with their share of the cases with days.
func daysAbove(thresholds []int, counts []int64, withDays int) []DaysAbove {
	out := []DaysAbove{}
	for i, t := range thresholds {
		if i < len(counts) {
			n := int(counts[i])
			out = append(out, DaysAbove{Days: t, Count: n, Share: Share(n, withDays)})
		}
	}
	return out
}

// fillCells gives f its questions, sections and overall figures from the counted cells.
func fillCells(f *Figures, cells Cells, questions []QuestionRef, byCase bool) {
	at := func(question, section int64) (OptionFigures, int, int) {
		return cells.At(CellKey{Round: f.RoundID, Grp: f.GroupID, Question: question, Section: section}, byCase)
	}
	seenSection := map[int64]bool{}
	for _, q := range questions {
		qf := QuestionFigures{QuestionID: q.ID, SectionID: q.SectionID}
		qf.Options, qf.Services, qf.Cases = at(q.ID, 0)
		f.Questions = append(f.Questions, qf)
		if !seenSection[q.SectionID] {
			seenSection[q.SectionID] = true
			sf := SectionFigures{SectionID: q.SectionID}
			sf.Options, sf.Services, sf.Cases = at(0, q.SectionID)
			f.Sections = append(f.Sections, sf)
		}
	}
	f.Overall, _, _ = at(0, 0)
}

// Withhold empties every cell of a withheld figure, so a withheld count can never be read. A figure
// is withheld or shown as a whole: its questions and sections follow it.
func Withhold(f *Figures) {
	if !f.Suppressed {
		return
	}
	f.Overall, f.Days = OptionFigures{}, DaysFigures{Above: []DaysAbove{}}
	for i := range f.Questions {
		q := &f.Questions[i]
		q.Options, q.Services, q.Cases, q.Suppressed, q.SuppressedReason = OptionFigures{}, 0, 0, true, f.SuppressedReason
	}
	for i := range f.Sections {
		sf := &f.Sections[i]
		sf.Options, sf.Services, sf.Cases, sf.Suppressed, sf.SuppressedReason = OptionFigures{}, 0, 0, true, f.SuppressedReason
	}
}
