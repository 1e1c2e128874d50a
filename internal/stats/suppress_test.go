package stats

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

// u is a service with cases, in county c under office o.
func u(svc, c, o int64, cases int) Unit {
	return Unit{Service: svc, County: c, Office: o, Cases: cases}
}

func svcN(id int64) Node { return Node{Service, id} }
func ctyN(id int64) Node { return Node{County, id} }
func offN(id int64) Node { return Node{Office, id} }

var nationN = Node{Nation, 0}

// suppressCase is a hierarchy of units, a floor, and the nodes Suppress must withhold, with why.
type suppressCase struct {
	name     string
	units    []Unit
	floor    int
	withheld map[Node]Reason // every other node with cases is shown
}

// suppressCases are the hierarchies TestSuppress checks.
var suppressCases = []suppressCase{
	{
		name:  "no small service: everything shown",
		units: []Unit{u(1, 10, 100, 8), u(2, 10, 100, 5), u(3, 11, 101, 20)},
	},
	{
		name:  "the only small service in the country takes its county, office and the nation with it",
		units: []Unit{u(1, 10, 100, 2), u(2, 10, 100, 10), u(3, 11, 101, 10)},
		withheld: map[Node]Reason{svcN(1): TooFewCases, ctyN(10): Complementary, offN(100): Complementary,
			nationN: Complementary},
	},
	{
		name:     "two small services in one county protect each other",
		units:    []Unit{u(1, 10, 100, 2), u(2, 10, 100, 3), u(3, 10, 100, 10)},
		withheld: map[Node]Reason{svcN(1): TooFewCases, svcN(2): TooFewCases},
	},
	{
		name:  "small services in sibling counties: both counties withheld, the office shown",
		units: []Unit{u(1, 10, 100, 2), u(2, 10, 100, 10), u(3, 11, 100, 3), u(4, 11, 100, 10), u(5, 12, 101, 10)},
		withheld: map[Node]Reason{svcN(1): TooFewCases, svcN(3): TooFewCases, ctyN(10): Complementary,
			ctyN(11): Complementary},
	},
	{
		name: "a lone small service hides the smallest sibling county that has small services, not the office",
		units: []Unit{u(1, 10, 100, 2), u(2, 10, 100, 10), // county 10: one small service
			u(3, 11, 100, 2), u(4, 11, 100, 3), u(5, 11, 100, 10), // county 11: 15 cases, two small
			u(6, 12, 100, 1), u(7, 12, 100, 2), u(8, 12, 100, 20), // county 12: 23 cases, two small
			u(9, 13, 101, 10)},
		withheld: map[Node]Reason{svcN(1): TooFewCases, svcN(3): TooFewCases, svcN(4): TooFewCases,
			svcN(6): TooFewCases, svcN(7): TooFewCases, ctyN(10): Complementary, ctyN(11): Complementary},
	},
	{
		name:  "an aggregate on fewer cases than the floor is withheld itself",
		units: []Unit{u(1, 10, 100, 2), u(2, 10, 100, 2), u(3, 11, 100, 10), u(4, 12, 101, 3), u(5, 12, 101, 1)},
		withheld: map[Node]Reason{svcN(1): TooFewCases, svcN(2): TooFewCases, ctyN(10): TooFewCases,
			svcN(4): TooFewCases, svcN(5): TooFewCases, ctyN(12): TooFewCases, offN(101): TooFewCases},
	},
	{
		name: "at the nation: the smallest office with small services of its own goes, the nation stays",
		units: []Unit{u(1, 10, 100, 2), u(2, 10, 100, 10), // office 100: one small service
			u(3, 11, 101, 2), u(4, 11, 101, 10), u(5, 13, 101, 2), u(6, 13, 101, 10), // office 101: 24 cases, R = {3, 5}
			u(7, 12, 102, 3), u(8, 12, 102, 3), u(9, 12, 102, 30), // office 102: its county covers 7 and 8
			u(10, 14, 103, 2), u(11, 14, 103, 20), u(12, 15, 103, 3), u(13, 15, 103, 20)}, // office 103: 45 cases
		withheld: map[Node]Reason{svcN(1): TooFewCases, ctyN(10): Complementary, offN(100): Complementary,
			svcN(3): TooFewCases, svcN(5): TooFewCases, ctyN(11): Complementary, ctyN(13): Complementary, offN(101): Complementary,
			svcN(7): TooFewCases, svcN(8): TooFewCases,
			svcN(10): TooFewCases, svcN(12): TooFewCases, ctyN(14): Complementary, ctyN(15): Complementary},
	},
	{
		name:     "services without cases are not in the hierarchy",
		units:    []Unit{u(1, 10, 100, 0), u(2, 10, 100, 10), u(3, 11, 101, 10)},
		withheld: map[Node]Reason{},
	},
	{
		name:     "a floor below the minimum is the minimum",
		units:    []Unit{u(1, 10, 100, 2), u(2, 10, 100, 3), u(3, 10, 100, 10)},
		floor:    1,
		withheld: map[Node]Reason{svcN(1): TooFewCases, svcN(2): TooFewCases},
	},
	{
		// At 7 alone, county 11 (6 + 6) would be hidden instead and office 100 shown; but office 100
		// is withheld at 5, and at 5 the services of county 11 are public: office 100 − 2 − 11 − 12
		// would be service 1. What the lowest floor withholds stays withheld.
		name:  "a raised floor never publishes what the lowest floor withholds",
		units: []Unit{u(1, 10, 100, 2), u(2, 10, 100, 10), u(3, 11, 100, 6), u(4, 11, 100, 6), u(5, 12, 101, 10)},
		floor: 7,
		withheld: map[Node]Reason{svcN(1): TooFewCases, ctyN(10): Complementary, offN(100): Complementary,
			nationN: Complementary, svcN(3): TooFewCases, svcN(4): TooFewCases},
	},
}

func TestSuppress(t *testing.T) {
	for _, tt := range suppressCases {
		t.Run(tt.name, func(t *testing.T) {
			s := Suppress(tt.units, tt.floor)
			tr := newTree(tt.units)
			for n := range tr.cases {
				if got, want := s.Reason(n), tt.withheld[n]; got != want {
					t.Errorf("%v: reason %d, want %d", n, got, want)
				}
			}
			for n := range tt.withheld {
				if _, ok := tr.cases[n]; !ok {
					t.Errorf("%v: expected withheld, but it has no cases", n)
				}
			}
		})
	}
}

// attack returns the equations an attacker gets at the floors: one per published aggregate, over
// the services withheld at MinCases (everything else is public), as 0/1 rows over unknowns.
func attack(units []Unit, floors []int) (unknowns []int64, rows [][]int64) {
	index := map[int64]int{}
	for _, x := range units {
		if x.Cases > 0 && x.Cases < MinCases {
			index[x.Service] = len(unknowns)
			unknowns = append(unknowns, x.Service)
		}
	}
	under := func(n Node, x Unit) bool {
		switch n.Kind {
		case Nation:
			return true
		case Office:
			return x.Office == n.ID
		case County:
			return x.County == n.ID
		}
		return x.Service == n.ID
	}
	for _, f := range floors {
		s := Suppress(units, f)
		for n := range newTree(units).cases {
			if s.Withheld(n) {
				continue
			}
			row := make([]int64, len(unknowns))
			for _, x := range units {
				if i, ok := index[x.Service]; ok && under(n, x) {
					row[i] = 1
				}
			}
			rows = append(rows, row)
		}
	}
	return unknowns, rows
}

func TestAttackerCannotSolveForASmallService(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	floors := []int{5, 6, 8, 12}
	for trial := 0; trial < 400; trial++ {
		var units []Unit
		id := int64(0)
		offices := 1 + rng.Intn(4)
		for o := 0; o < offices; o++ {
			counties := 1 + rng.Intn(3)
			for c := 0; c < counties; c++ {
				services := 1 + rng.Intn(4)
				for k := 0; k < services; k++ {
					id++
					cases := 5 + rng.Intn(15)
					switch rng.Intn(5) {
					case 0:
						cases = 1 + rng.Intn(4)
					case 1:
						cases = 0
					}
					units = append(units, u(id, int64(100*o+c+1), int64(o+1), cases))
				}
			}
		}
		unknowns, rows := attack(units, floors)
		for i, det := range testutil.Determined(len(unknowns), rows) {
			if det {
				t.Fatalf("trial %d: service %d is determined by the published aggregates\nunits: %+v", trial, unknowns[i], units)
			}
		}
		// Invariants: the floor is respected at every level, and a raised floor publishes a subset.
		base := Suppress(units, MinCases)
		for _, f := range floors {
			s := Suppress(units, f)
			for n, c := range newTree(units).cases {
				if c < f && !s.Withheld(n) {
					t.Fatalf("trial %d floor %d: %v rests on %d cases and is shown", trial, f, n, c)
				}
				if base.Withheld(n) && !s.Withheld(n) {
					t.Fatalf("trial %d floor %d: %v is withheld at %d but shown at %d", trial, f, n, MinCases, f)
				}
			}
		}
	}
}

// TestAttackOracleSeesThePrimaryOnlyLeak checks the oracle itself: with primary suppression alone
// (the rule before complementary suppression), the lone small service is the nation minus the rest.
func TestAttackOracleSeesThePrimaryOnlyLeak(t *testing.T) {
	// Unknown: service 1. Published: county 10 (services 1 + 2), where 2 is public.
	if det := testutil.Determined(1, [][]int64{{1}}); !det[0] {
		t.Fatal("a total over one unknown must determine it")
	}
	// Two unknowns in two equations that are the same sum: neither is determined.
	if det := testutil.Determined(2, [][]int64{{1, 1}, {2, 2}}); det[0] || det[1] {
		t.Fatalf("x+y alone determines nothing: %v", det)
	}
	// x+y and x+y+z: z is determined, x and y are not.
	det := testutil.Determined(3, [][]int64{{1, 1, 0}, {1, 1, 1}})
	if det[0] || det[1] || !det[2] {
		t.Fatalf("x+y, x+y+z: %v", det)
	}
}

func TestSuppressIsDeterministic(t *testing.T) {
	units := []Unit{u(1, 10, 100, 2), u(2, 10, 100, 10), u(3, 11, 100, 2), u(4, 11, 100, 3), u(5, 11, 100, 10), u(6, 12, 100, 2), u(7, 12, 100, 3), u(8, 12, 100, 10)}
	want := fmt.Sprint(withheldList(Suppress(units, 5), units))
	for i := 0; i < 20; i++ {
		rand.Shuffle(len(units), func(a, b int) { units[a], units[b] = units[b], units[a] })
		if got := fmt.Sprint(withheldList(Suppress(units, 5), units)); got != want {
			t.Fatalf("order changed the result: %s, want %s", got, want)
		}
	}
}

func withheldList(s *Suppression, units []Unit) []Node {
	var out []Node
	for n := range newTree(units).cases {
		if s.Withheld(n) {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out
}
