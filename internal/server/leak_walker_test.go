package server_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// The graph walk of TestGraphWalkLeaks: the schema by introspection, the callers, and the queries
// built from every field and edge.

type typeRef struct {
	Kind   string
	Name   *string
	OfType *typeRef
}

func (r *typeRef) named() (string, string) {
	for r.OfType != nil {
		r = r.OfType
	}
	return r.Kind, *r.Name
}

func (r *typeRef) required() bool { return r.Kind == "NON_NULL" }

type gqlField struct {
	Name string
	Args []struct {
		Name string
		Type typeRef
	}
	Type typeRef
}

type gqlType struct {
	Kind       string
	Name       string
	Fields     []gqlField
	EnumValues []struct{ Name string }
}

const introspection = `{ __schema { queryType { name } types { kind name
	enumValues { name }
	fields { name type { ...T } args { name type { ...T } } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`

type pools struct {
	services, offices, counties, rounds, cases, campaigns, questionnaires, jobs []string
}

type walkQuery struct{ root, text string }

type walker struct {
	in      *instance
	types   map[string]*gqlType
	reaches map[string]bool // the type leads to objects that not everyone may read
	pools   pools
	queries []walkQuery
	oracle  *oracle
}

// Types whose objects are reference data, open to every signed-in caller.
var publicTypes = map[string]bool{"GovernorOffice": true, "County": true, "Municipality": true, "Campaign": true, "Round": true,
	"Questionnaire": true, "Section": true, "Question": true, "QuestionLineage": true, "ReflectionQuestion": true,
	"LocalizedText": true, "AuthConfig": true, "PageInfo": true}

const walkDepth = 5

func newWalker(t *testing.T, in *instance) *walker {
	w := &walker{in: in, types: map[string]*gqlType{}, reaches: map[string]bool{}}
	var schema struct {
		Schema struct {
			QueryType struct{ Name string }
			Types     []gqlType
		} `json:"__schema"`
	}
	in.analyst(t).mustQuery(t, introspection, nil, &schema)
	for i := range schema.Schema.Types {
		ty := &schema.Schema.Types[i]
		w.types[ty.Name] = ty
	}
	// A type leads to guarded objects when it is not reference data, or when one of its edges does.
	for changed := true; changed; {
		changed = false
		for name, ty := range w.types {
			if ty.Kind != "OBJECT" || w.reaches[name] || strings.HasPrefix(name, "__") {
				continue
			}
			r := !publicTypes[name]
			for _, f := range ty.Fields {
				if k, n := f.Type.named(); k == "OBJECT" && w.reaches[n] {
					r = true
				}
			}
			if r {
				w.reaches[name], changed = true, true
			}
		}
	}
	bergen := ids(t, in, `SELECT id FROM services WHERE name LIKE '%Bergen' ORDER BY id LIMIT 1`)
	w.pools = pools{
		// Services with data in several offices, and the first of each office besides.
		services: ids(t, in, `SELECT id FROM (
			SELECT id FROM services WHERE id IN (SELECT service_id FROM submissions) OR id IN (SELECT service_id FROM participations WHERE meeting_id IS NOT NULL)
			UNION SELECT min(id) FROM services GROUP BY office_id) x ORDER BY id LIMIT 8`),
		offices:        ids(t, in, `SELECT id FROM governor_offices ORDER BY id`),
		counties:       ids(t, in, `SELECT id FROM counties ORDER BY id LIMIT 4`),
		rounds:         ids(t, in, `SELECT id FROM rounds ORDER BY id`),
		cases:          ids(t, in, `SELECT id FROM (SELECT DISTINCT ON (service_id, round_id) id FROM cases ORDER BY service_id, round_id, id) x ORDER BY id LIMIT 8`),
		campaigns:      ids(t, in, `SELECT id FROM campaigns ORDER BY id`),
		questionnaires: ids(t, in, `SELECT id FROM questionnaires ORDER BY id`),
		jobs:           ids(t, in, `SELECT id FROM jobs ORDER BY id`),
	}
	if len(bergen) == 0 || len(w.pools.cases) < 3 || len(w.pools.services) < 4 {
		t.Fatalf("the demo data lacks what the walk needs: %+v", w.pools)
	}
	w.pools.services = append(w.pools.services, bergen...)
	w.oracle = newOracle(t, in)

	root := w.types[schema.Schema.QueryType.Name]
	for _, f := range root.Fields {
		for _, args := range w.argCombos(f, true) {
			var b strings.Builder
			b.WriteString("{ ")
			w.selectField(&b, f, args, "", 1)
			b.WriteString(" }")
			w.queries = append(w.queries, walkQuery{root: f.Name, text: b.String()})
		}
	}
	return w
}

// poolFor gives the values to try for an argument.
func (w *walker) poolFor(field, arg string, ty *typeRef, root bool) []string {
	kind, name := ty.named()
	switch {
	case arg == "serviceId":
		return w.pools.services
	case arg == "roundId" || arg == "previousRoundId":
		return w.pools.rounds
	case arg == "officeId":
		return w.pools.offices
	case arg == "countyId":
		return w.pools.counties
	case arg == "campaignId":
		return w.pools.campaigns
	case arg == "token": // an invitation link: the walk knows none, so it is unknown
		return []string{"eki_unknownunknownunknownunknown"}
	case arg == "id" && root:
		switch field {
		case "service":
			return w.pools.services
		case "office":
			return w.pools.offices
		case "county":
			return w.pools.counties
		case "round":
			return w.pools.rounds
		case "case":
			return w.pools.cases
		case "questionnaire":
			return w.pools.questionnaires
		case "job":
			return w.pools.jobs
		}
	case kind == "ENUM":
		var out []string
		for _, v := range w.types[name].EnumValues {
			out = append(out, v.Name)
		}
		return out
	}
	return nil
}

// argCombos lists the argument lists to call a field with: every combination of the required
// arguments' pools (the root's), or one list per value of the first required argument (nested,
// each becoming an alias).
func (w *walker) argCombos(f gqlField, root bool) [][]string {
	combos := [][]string{{}}
	for _, a := range f.Args {
		if !a.Type.required() {
			continue
		}
		pool := w.poolFor(f.Name, a.Name, &a.Type, root)
		if len(pool) == 0 {
			panic(fmt.Sprintf("no values for the required argument %s.%s: give it a pool", f.Name, a.Name))
		}
		kind, _ := a.Type.named()
		var next [][]string
		for _, c := range combos {
			for _, v := range pool {
				lit := strconv.Quote(v)
				if kind == "ENUM" {
					lit = v
				}
				next = append(next, append(append([]string{}, c...), a.Name+": "+lit))
			}
		}
		combos = next
	}
	return combos
}

func (w *walker) selectField(b *strings.Builder, f gqlField, args []string, alias string, depth int) {
	if alias != "" {
		b.WriteString(alias + ": ")
	}
	b.WriteString(f.Name)
	if len(args) > 0 {
		b.WriteString("(" + strings.Join(args, ", ") + ")")
	}
	kind, name := f.Type.named()
	if kind == "OBJECT" {
		b.WriteString(" ")
		w.selectObject(b, name, depth)
	}
	b.WriteString(" ")
}

// selectObject selects every scalar of a type and, within the depth, every edge; past the depth (or
// on reference data) only scalars and the edges that identify the object (service, office).
func (w *walker) selectObject(b *strings.Builder, name string, depth int) {
	ty := w.types[name]
	b.WriteString("{ __typename ")
	for _, f := range ty.Fields {
		kind, target := f.Type.named()
		if kind != "OBJECT" {
			if !hasRequiredArgs(f) {
				b.WriteString(f.Name + " ")
			}
			continue
		}
		identity := (f.Name == "service" || f.Name == "office") && !hasRequiredArgs(f)
		if depth >= walkDepth || !w.reaches[target] {
			if identity || (depth < walkDepth && !hasRequiredArgs(f)) {
				b.WriteString(f.Name + " ")
				w.selectObject(b, target, walkDepth)
			}
			continue
		}
		combos := w.argCombos(f, false)
		for i, args := range combos {
			alias := ""
			if len(combos) > 1 {
				alias = fmt.Sprintf("%s_%d", f.Name, i)
			}
			w.selectField(b, f, args, alias, depth+1)
		}
	}
	b.WriteString("}")
}

func hasRequiredArgs(f gqlField) bool {
	for _, a := range f.Args {
		if a.Type.required() {
			return true
		}
	}
	return false
}

type walkCaller struct {
	name   string
	client *instance
	// What the caller's organisation is, for the oracle.
	national          bool
	officeID          int64
	serviceID         int64
	inside, admin, ok bool // inside: staff or leader of the service; ok: signed in
	userID            int64
	advisor, leader   bool // a county advisor; a service leader (they read invitations)
	analyst           bool // Helsetilsynet's campaign staff (they follow every job)
}

func (w *walker) callers(t *testing.T) []*walkCaller {
	in := w.in
	one := func(q string, args ...any) int64 {
		var id int64
		if err := in.DB.NewRaw(q, args...).Scan(context.Background(), &id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	bergen := one(`SELECT id FROM services WHERE name LIKE '%Bergen' ORDER BY id LIMIT 1`)
	tromso := one(`SELECT id FROM services WHERE name LIKE '%Tromsø' ORDER BY id LIMIT 1`)
	alta := one(`SELECT id FROM services WHERE name LIKE '%Alta' ORDER BY id LIMIT 1`)
	vestland := one(`SELECT office_id FROM services WHERE id = ?`, bergen)
	tf := one(`SELECT office_id FROM services WHERE id = ?`, tromso)
	s := func(id int64) string { return strconv.FormatInt(id, 10) }
	user := func(name string) int64 { return one(`SELECT id FROM users WHERE username = ?`, name) }
	cs := []*walkCaller{
		{name: "staff (Bergen)", client: in.staff(t, s(bergen)), serviceID: bergen, inside: true, ok: true},
		{name: "leader (Tromsø)", client: in.leader(t, s(tromso)), serviceID: tromso, inside: true, ok: true},
		{name: "advisor (Vestland)", client: in.advisor(t, s(vestland)), officeID: vestland, ok: true},
		{name: "analyst", client: in.analyst(t), national: true, ok: true},
		{name: "admin", client: in.user(t, "walk.admin", "ADMIN", "", ""), national: true, admin: true, ok: true},
		{name: "token (national)", client: in.token(t, 0, 0), national: true, ok: true},
		{name: "token (Troms og Finnmark)", client: in.token(t, tf, 0), officeID: tf, ok: true},
		{name: "token (Alta)", client: in.token(t, 0, alta), serviceID: alta, ok: true},
		{name: "anonymous", client: in},
	}
	cs[0].userID, cs[1].userID = user("staff."+s(bergen)), user("leader."+s(tromso))
	cs[1].leader, cs[2].advisor, cs[3].analyst = true, true, true
	cs[2].userID, cs[3].userID, cs[4].userID = user("advisor."+s(vestland)), user("test.analyst"), user("walk.admin")
	for _, c := range cs {
		if c.officeID == 0 && c.serviceID != 0 {
			c.officeID = one(`SELECT office_id FROM services WHERE id = ?`, c.serviceID)
		}
	}
	return cs
}
