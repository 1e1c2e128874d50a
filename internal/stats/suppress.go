package stats

import "sort"

// Small-number protection with complementary suppression.
//
// The figures of a round form a hierarchy: the nation, the county governor offices, the counties and
// the services (a service lies in one county, a county under one office). Every published figure of
// a node is the sum of the figures of the services under it, for every cell alike (each question's
// and section's option counts, days counted, cases above a threshold), so one decision per node
// covers every cell.
//
// A service with fewer than the floor's cases is withheld (primary suppression). A service with at
// least the floor's cases counts as public: its county advisor reads its summary form anyway. So
// the question is only which aggregates may be published without letting anyone work out a
// withheld service's figures from them.
//
// For an aggregate node N let R(N) be the withheld services under N that are not covered by a
// published aggregate below N. Published figures, reduced by the public services and by the
// published aggregates inside them, give one equation per published aggregate N: the sum over
// R(N). These sets are disjoint (a service belongs to R of its lowest published ancestor only), so
// a service's figures are determined exactly when it is alone in its set. Suppress therefore makes
// |R(N)| ≠ 1 for every published aggregate, bottom-up: when |R(N)| = 1 it withholds the smallest
// published child aggregate that has withheld services of its own (so |R(N)| ≥ 3), or else N itself.
// An aggregate resting on fewer than the floor's cases is withheld as well.
//
// The answer depends on the round's data only: not on who asks, nor on the scope asked about, so
// everything anyone can read together is still safe. A raised floor never publishes what the
// lowest floor withholds: the withheld set at MinCases is the starting point for any higher floor,
// so figures asked for at two floors cannot be combined to reveal one either.
//
// What it does not do: it protects against exact recovery by linear combination (the standard of
// statistics offices' threshold rules). It does not hide that every case of a published group
// answered alike, and bounds (no count is negative or above the cases) can narrow a withheld count
// to a range. Quartiles and maxima of days are not sums; they are shown with the node they belong to.

// MinCases is the floor of the small-number protection: no figure resting on fewer cases is shown to
// anyone but the service itself, and a caller may only raise it.
const MinCases = 5

// NodeKind is a level of the hierarchy.
type NodeKind uint8

// The levels, from the top.
const (
	Nation NodeKind = iota
	Office
	County
	Service
)

// Node is one node of the hierarchy; ID is 0 for the nation.
type Node struct {
	Kind NodeKind
	ID   int64
}

// Unit is a service with its place in the hierarchy and its cases in a round.
type Unit struct {
	Service, County, Office int64
	Cases                   int
}

// Reason says whether and why a node is withheld.
type Reason uint8

const (
	// Shown means the node's figures are published.
	Shown Reason = iota
	// TooFewCases means the node rests on fewer cases than the floor (primary suppression).
	TooFewCases
	// Complementary means that, published, the node would let a withheld service be worked out by subtraction.
	Complementary
)

// Suppression is the decision for every node of a round at one floor.
type Suppression struct {
	Floor   int
	reasons map[Node]Reason
	cases   map[Node]int
}

// Reason says whether and why n is withheld. A node without cases is shown (there is nothing in it).
func (s *Suppression) Reason(n Node) Reason { return s.reasons[n] }

// Withheld reports whether n's figures are withheld.
func (s *Suppression) Withheld(n Node) bool { return s.reasons[n] != Shown }

// Cases is the number of cases under n.
func (s *Suppression) Cases(n Node) int { return s.cases[n] }

// tree is the hierarchy of the units with cases, with each aggregate's children in a fixed order.
type tree struct {
	cases    map[Node]int
	children map[Node][]Node
	levels   [3][]Node // counties, offices, the nation: bottom-up
}

func newTree(units []Unit) *tree {
	t := &tree{cases: map[Node]int{}, children: map[Node][]Node{}}
	nation := Node{Nation, 0}
	link := func(parent, child Node) {
		if _, ok := t.cases[child]; !ok {
			t.children[parent] = append(t.children[parent], child)
		}
	}
	for _, u := range units {
		if u.Cases <= 0 {
			continue
		}
		svc, cty, off := Node{Service, u.Service}, Node{County, u.County}, Node{Office, u.Office}
		if _, seen := t.cases[svc]; seen {
			t.cases[svc] += u.Cases
		} else {
			link(cty, svc)
			t.cases[svc] = u.Cases
		}
		link(off, cty)
		t.cases[cty] += u.Cases
		link(nation, off)
		t.cases[off] += u.Cases
		t.cases[nation] += u.Cases
	}
	for n, cs := range t.children {
		sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
		switch n.Kind {
		case County:
			t.levels[0] = append(t.levels[0], n)
		case Office:
			t.levels[1] = append(t.levels[1], n)
		case Nation:
			t.levels[2] = append(t.levels[2], n)
		}
	}
	for _, l := range t.levels {
		sort.Slice(l, func(i, j int) bool { return l[i].ID < l[j].ID })
	}
	return t
}

// Suppress decides which nodes of a round are withheld at floor (at least MinCases).
func Suppress(units []Unit, floor int) *Suppression {
	floor = max(floor, MinCases)
	t := newTree(units)
	s := t.close(MinCases, nil)
	if floor > MinCases {
		s = t.close(floor, s)
	}
	return s
}

// close withholds what rests on fewer than floor cases and what was withheld before, then adds the
// complementary suppressions.
func (t *tree) close(floor int, before *Suppression) *Suppression {
	s := &Suppression{Floor: floor, reasons: map[Node]Reason{}, cases: t.cases}
	for n, c := range t.cases {
		if c < floor {
			s.reasons[n] = TooFewCases
		}
	}
	if before != nil {
		for n, r := range before.reasons {
			if s.reasons[n] == Shown {
				s.reasons[n] = r
			}
		}
	}
	// open[N] is R(N): the withheld services under N not covered by a published aggregate below N.
	open := map[Node][]Node{}
	for _, level := range t.levels {
		for _, n := range level {
			var r, candidates []Node
			for _, c := range t.children[n] {
				switch {
				case c.Kind == Service:
					if s.Withheld(c) {
						r = append(r, c)
					}
				case s.Withheld(c):
					r = append(r, open[c]...)
				case len(open[c]) > 0:
					candidates = append(candidates, c)
				}
			}
			if len(r) == 1 && !s.Withheld(n) {
				if len(candidates) > 0 {
					sort.SliceStable(candidates, func(i, j int) bool { return t.cases[candidates[i]] < t.cases[candidates[j]] })
					c := candidates[0]
					s.reasons[c] = Complementary
					r = append(r, open[c]...)
				} else {
					s.reasons[n] = Complementary
				}
			}
			open[n] = r
		}
	}
	return s
}
