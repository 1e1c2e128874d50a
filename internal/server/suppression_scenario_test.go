package server_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/seed"
)

// The world of TestSuppressionWithstandsSubtraction: synthetic services, some of them small, their
// true counts, and every node of the hierarchy the attacker asks about.

// subtractionScenario is the attacker's world: 40 synthetic services over two rounds, some of them
// small, the true counts, and every node of the hierarchy with the scope argument that asks for it.
type subtractionScenario struct {
	in           *instance
	a            *instance
	r1, r2       int64
	rounds       []int64
	services     []hservice
	cases        map[int64]map[int64]int // round → service → cases
	small        map[int64][]hservice    // round → services with fewer than 5 cases
	at           *attacker
	offices      map[int64]bool
	nodes        []scopedNode
	all          map[int64][]string  // every question code of a round (all are answered)
	predecessors map[string][]string // round-2 code → round-1 codes
	advisors     map[int64]*instance // office → its advisor, signed in once
}

// scopedNode is a node of the hierarchy and the scope argument that asks for it.
type scopedNode struct {
	node  hnode
	scope string
}

func newSubtractionScenario(t *testing.T) *subtractionScenario {
	// The attacker has time: many small requests reach what one batched request does, so the cost
	// limits are lifted here and the test batches for speed.
	relaxed := testLimits
	relaxed.MaxComplexity, relaxed.MaxAliases = 1<<40, 1<<20
	in := startInstanceLimits(t, newDatabase(t, false), relaxed)
	ctx := context.Background()
	if _, err := seed.Synthetic(ctx, in.Store, seed.SyntheticOptions{Services: 40, Rounds: 2, Cases: 12}); err != nil {
		t.Fatal(err)
	}
	s := &subtractionScenario{in: in, a: in.analyst(t), predecessors: map[string][]string{}, advisors: map[int64]*instance{}}
	s.r1, s.r2 = mustInt(roundID(t, s.a, 1)), mustInt(roundID(t, s.a, 2))
	s.rounds = []int64{s.r1, s.r2}
	s.services = syntheticServices(t, in)
	s.shrinkCases(t)
	// The services send their forms again: the statistics count what was last sent.
	if err := seed.ResubmitSynthetic(ctx, in.Store); err != nil {
		t.Fatal(err)
	}
	s.at = &attacker{t: t, services: s.services, published: map[pubKey]int{},
		truth: map[int64]map[int64]map[string]map[string]int{}, days: map[int64]map[int64]map[string]int{}, cases: s.cases}
	s.countTruth(t)
	s.scopeNodes()
	s.all = map[int64][]string{}
	for _, r := range s.rounds {
		for _, x := range rawAnswers(t, in.DB, r) {
			s.all[r] = append(s.all[r], x.Code)
		}
		s.all[r] = strings.Split(codesKey(uniq(s.all[r])), ",")
	}
	return s
}

// syntheticServices reads the services seed.Synthetic made.
func syntheticServices(t *testing.T, in *instance) []hservice {
	t.Helper()
	var services []hservice
	rows, err := in.DB.QueryContext(context.Background(), `SELECT id, county_id, office_id, name FROM services WHERE name LIKE ? || '%' ORDER BY id`, seed.SyntheticPrefix)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s hservice
		if err := rows.Scan(&s.id, &s.county, &s.office, &s.name); err != nil {
			t.Fatal(err)
		}
		services = append(services, s)
	}
	rows.Close()
	return services
}

// shrinkCases sets the cases per service and round: a fifth small (1–4), some between the floors
// asked for, the rest 10–12. The first service is always small, and the only small one in its
// county: before complementary suppression, its county minus its neighbours gave its figures away.
func (s *subtractionScenario) shrinkCases(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	s.cases = map[int64]map[int64]int{}
	s.small = map[int64][]hservice{}
	for _, r := range s.rounds {
		s.cases[r] = map[int64]int{}
		for i, svc := range s.services {
			n := 10 + rng.Intn(3)
			switch x := rng.Intn(10); {
			case x < 2:
				n = 1 + rng.Intn(4)
			case x < 5:
				n = 5 + rng.Intn(5)
			}
			switch {
			case i == 0:
				n = 2
			case svc.county == s.services[0].county:
				n = 12
			}
			s.cases[r][svc.id] = n
			if n < 5 {
				s.small[r] = append(s.small[r], svc)
			}
			if _, err := s.in.DB.ExecContext(context.Background(), `DELETE FROM cases WHERE service_id = ? AND round_id = ? AND number > ?`, svc.id, r, n); err != nil {
				t.Fatal(err)
			}
		}
		if len(s.small[r]) < 3 {
			t.Fatalf("round %d: only %d small services; the test needs several", r, len(s.small[r]))
		}
	}
}

// countTruth counts each service's answers per question and option, and its days figures, from the
// raw answers: what the attacker must not learn of a small service.
func (s *subtractionScenario) countTruth(t *testing.T) {
	at := s.at
	for _, r := range s.rounds {
		at.truth[r], at.days[r] = map[int64]map[string]map[string]int{}, map[int64]map[string]int{}
		seenCase := map[int64]bool{}
		for _, x := range rawAnswers(t, s.in.DB, r) {
			if at.truth[r][x.Service] == nil {
				at.truth[r][x.Service], at.days[r][x.Service] = map[string]map[string]int{}, map[string]int{}
			}
			if at.truth[r][x.Service][x.Code] == nil {
				at.truth[r][x.Service][x.Code] = map[string]int{}
			}
			at.truth[r][x.Service][x.Code][x.Option]++
			if x.Days != nil && !seenCase[x.Case] {
				seenCase[x.Case] = true
				at.days[r][x.Service]["days"]++
				for _, d := range []int{7, 14} {
					if *x.Days > d {
						at.days[r][x.Service][fmt.Sprintf("above%d", d)]++
					}
				}
			}
		}
	}
}

// scopeNodes lists every node, with the scope argument that asks for it.
func (s *subtractionScenario) scopeNodes() {
	offices, counties := map[int64]bool{}, map[int64]bool{}
	for _, svc := range s.services {
		offices[svc.office], counties[svc.county] = true, true
	}
	s.offices = offices
	s.nodes = []scopedNode{{hnode{'N', 0}, ""}}
	for o := range offices {
		s.nodes = append(s.nodes, scopedNode{hnode{'O', o}, fmt.Sprintf(`, scope: {officeId: "%d"}`, o)})
	}
	for c := range counties {
		s.nodes = append(s.nodes, scopedNode{hnode{'C', c}, fmt.Sprintf(`, scope: {countyId: "%d"}`, c)})
	}
	for _, svc := range s.services {
		s.nodes = append(s.nodes, scopedNode{hnode{'S', svc.id}, fmt.Sprintf(`, scope: {serviceId: "%d"}`, svc.id)})
	}
}

// advisor is the office's advisor, signed in on first use.
func (s *subtractionScenario) advisor(t *testing.T, office int64) *instance {
	if s.advisors[office] == nil {
		s.advisors[office] = s.in.advisor(t, fmt.Sprint(office))
	}
	return s.advisors[office]
}
