package server_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The attacker of TestSuppressionWithstandsSubtraction: it records every figure published about each
// node of the hierarchy and subtracts them from one another to recover a suppressed count.

// The attacker's view of the hierarchy.
type hnode struct {
	kind byte // 'N'ation, 'O'ffice, 'C'ounty, 'S'ervice
	id   int64
}

type hservice struct {
	id, county, office int64
	name               string
}

func (n hnode) covers(s hservice) bool {
	switch n.kind {
	case 'N':
		return true
	case 'O':
		return s.office == n.id
	case 'C':
		return s.county == n.id
	}
	return s.id == n.id
}

// A published equation: the sum over the services under node of a measure on a set of questions
// (empty for the days measures).
type pubKey struct {
	round   int64
	node    hnode
	measure string // YES, PARTLY, NO, NOT_POSSIBLE, NOT_APPLICABLE, days, above7, above14
	codes   string // sorted question codes, comma-joined
}

type optsJ struct {
	Yes struct {
		Count        int
		DesignEffect *float64
	}
	Partly, No                 struct{ Count int }
	NotPossible, NotApplicable int
}

func (o optsJ) byOption() map[string]int {
	return map[string]int{"YES": o.Yes.Count, "PARTLY": o.Partly.Count, "NO": o.No.Count, "NOT_POSSIBLE": o.NotPossible, "NOT_APPLICABLE": o.NotApplicable}
}

func (o optsJ) zero() bool {
	for _, v := range o.byOption() {
		if v != 0 {
			return false
		}
	}
	return true
}

type idJ struct{ ID string }

type statJ struct {
	Office, County, Service *idJ
	CaseCount               int
	Suppressed              bool
	Overall                 optsJ
	Sections                []struct {
		Section    idJ
		Suppressed bool
		Options    optsJ
	}
	Questions []struct {
		Question struct {
			Code    string
			Section idJ
		}
		Suppressed bool
		Options    optsJ
	}
	DaysToFirstActivity struct {
		Count int
		Above []struct{ Days, Count int }
	}
}

const statsFragments = `
fragment O on OptionStatistics { yes { count designEffect } partly { count } no { count } notPossible notApplicable }
fragment F on Statistics { office { id } county { id } service { id } caseCount suppressed overall { ...O }
	sections { section { id } suppressed options { ...O } } questions { question { code section { id } } suppressed options { ...O } }
	daysToFirstActivity { count above { days count } } }`

// attacker collects every figure it can read and checks them against the truth.
type attacker struct {
	t         *testing.T
	services  []hservice
	published map[pubKey]int
	withheld  int                                           // withheld figures seen
	intervals int                                           // intervals checked
	truth     map[int64]map[int64]map[string]map[string]int // round → service → code → option → count
	days      map[int64]map[int64]map[string]int            // round → service → measure → count
	cases     map[int64]map[int64]int                       // round → service → cases
}

// interval checks that the clustered interval of a shown aggregate tells no more than the published
// counts: its design effect must be the one computed with each public service as a cluster and the
// withheld ones (fewer than 5 cases) as one cluster together, whose counts are the node's minus the
// public ones. Were they clusters each, the variance would add the sum of their squared residuals
// to the sum of their counts, and two withheld services would be solved.
func (at *attacker) interval(round int64, n hnode, code string, o optsJ, where string) {
	if n.kind == 'S' || o.Yes.DesignEffect == nil {
		return
	}
	var cs [][2]float64
	var small [2]float64
	services := 0
	for _, s := range at.services {
		c := at.truth[round][s.id][code]
		if !n.covers(s) || c == nil {
			continue
		}
		services++
		y, m := float64(c["YES"]), float64(c["YES"]+c["PARTLY"]+c["NO"])
		if at.cases[round][s.id] < 5 {
			small[0], small[1] = small[0]+y, small[1]+m
		} else {
			cs = append(cs, [2]float64{y, m})
		}
	}
	if services < 2 {
		return // one service's figure, clustered by case: that service is public
	}
	_, d, _ := clustered(append(cs, small))
	if !near(*o.Yes.DesignEffect, d) {
		at.t.Errorf("%s: %+v question %s: design effect %v, but %v from what is published", where, n, code, *o.Yes.DesignEffect, d)
	}
	at.intervals++
}

func (at *attacker) record(k pubKey, v int, where string) {
	if old, ok := at.published[k]; ok && old != v {
		at.t.Errorf("%s: %+v is %d here but %d elsewhere", where, k, v, old)
	}
	at.published[k] = v
	// The published figure is the true sum over the node's services.
	want := 0
	for _, s := range at.services {
		if !k.node.covers(s) {
			continue
		}
		if k.codes == "" {
			want += at.days[k.round][s.id][k.measure]
			continue
		}
		for _, c := range strings.Split(k.codes, ",") {
			want += at.truth[k.round][s.id][c][k.measure]
		}
	}
	if v != want {
		at.t.Errorf("%s: %+v is %d, the data say %d", where, k, v, want)
	}
}

func codesKey(codes []string) string {
	c := append([]string(nil), codes...)
	sort.Strings(c)
	return strings.Join(c, ",")
}

func (at *attacker) options(round int64, n hnode, codes []string, o optsJ, where string) {
	for opt, v := range o.byOption() {
		at.record(pubKey{round, n, opt, codesKey(codes)}, v, where)
	}
}

// stats records the figures of one Statistics object of node n.
func (at *attacker) stats(round int64, n hnode, st statJ, where string) {
	if st.Suppressed {
		at.withheld++
		if !st.Overall.zero() || st.DaysToFirstActivity.Count != 0 || len(st.DaysToFirstActivity.Above) != 0 {
			at.t.Errorf("%s: withheld %+v shows figures", where, n)
		}
		for _, q := range st.Questions {
			if !q.Suppressed || !q.Options.zero() {
				at.t.Errorf("%s: question %s of withheld %+v shows figures", where, q.Question.Code, n)
			}
		}
		for _, s := range st.Sections {
			if !s.Suppressed || !s.Options.zero() {
				at.t.Errorf("%s: a section of withheld %+v shows figures", where, n)
			}
		}
		return
	}
	var all []string
	bySection := map[string][]string{}
	for _, q := range st.Questions {
		if q.Suppressed {
			at.t.Errorf("%s: question %s withheld in shown %+v: one decision per node", where, q.Question.Code, n)
		}
		all = append(all, q.Question.Code)
		bySection[q.Question.Section.ID] = append(bySection[q.Question.Section.ID], q.Question.Code)
		at.options(round, n, []string{q.Question.Code}, q.Options, where)
		at.interval(round, n, q.Question.Code, q.Options, where)
	}
	at.options(round, n, all, st.Overall, where)
	for _, s := range st.Sections {
		at.options(round, n, bySection[s.Section.ID], s.Options, where)
	}
	at.record(pubKey{round, n, "days", ""}, st.DaysToFirstActivity.Count, where)
	for _, a := range st.DaysToFirstActivity.Above {
		at.record(pubKey{round, n, fmt.Sprintf("above%d", a.Days), ""}, a.Count, where)
	}
}

// batch runs aliased fields in requests of at most 25 and hands each alias's data to use.
func batch(t *testing.T, c *instance, fields []string, fragments string, use func(i int, raw json.RawMessage)) {
	t.Helper()
	for start := 0; start < len(fields); start += 25 {
		end := min(start+25, len(fields))
		var b strings.Builder
		b.WriteString("query {")
		for i := start; i < end; i++ {
			fmt.Fprintf(&b, " a%d: %s", i, fields[i])
		}
		b.WriteString(" }")
		b.WriteString(fragments)
		var data map[string]json.RawMessage
		c.mustQuery(t, b.String(), nil, &data)
		for i := start; i < end; i++ {
			use(i, data[fmt.Sprintf("a%d", i)])
		}
	}
}
