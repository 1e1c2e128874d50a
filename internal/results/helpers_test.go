package results

import "github.com/egenkontroll/egenkontroll/internal/stats"

// indep is a cell whose answers are each their own cluster, by service and by case.
func indep(round, grp, question, section int64, services, yes, partly, no int) *Cell {
	m := yes + partly + no
	sums := [3]stats.ClusterSums{stats.Independent(yes, m), stats.Independent(partly, m), stats.Independent(no, m)}
	c := &Cell{RoundID: round, Grp: grp, Services: services, Cases: m, ByService: sums, ByCase: sums,
		Counts: Counts{Yes: yes, Partly: partly, No: no}}
	if question != 0 {
		c.QuestionID = &question
	}
	if section != 0 {
		c.SectionID = &section
	}
	return c
}

// cells indexes cells by their keys.
func cells(cs ...*Cell) Cells {
	out := Cells{}
	for _, c := range cs {
		out[c.Key()] = c
	}
	return out
}

// figuresOf are independent figures of yes, partly and no answers.
func figuresOf(yes, partly, no int) OptionFigures {
	return indep(1, 0, 0, 0, 1, yes, partly, no).Figures(true)
}

func ptr[T any](v T) *T { return &v }
