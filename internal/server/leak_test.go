package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestGraphWalkLeaks walks the whole graph as every kind of caller and checks every object it gets
// back against an independent SQL oracle of what that caller may read. The walk is built from
// introspection: every query root field, every object and list edge to depth 5, arguments fed
// with real ids, so a new field is walked without editing this test; a new type that carries an
// id must be given a rule in oracleByID, or the test fails.
//
//	go test -v -run TestGraphWalkLeaks ./internal/server/   (prints the number of objects checked)
func TestGraphWalkLeaks(t *testing.T) {
	dsn := newDatabase(t, true)
	in := startInstanceLimits(t, dsn, server.Limits{MaxDepth: 40, MaxComplexity: 1 << 40, MaxAliases: 1 << 20, PerIP: 1e6, PerToken: 1e6, Burst: 1e6})
	registerChanges(t, in)
	startJobs(t, in)
	betweenRounds(t, in)
	w := newWalker(t, in)

	callers := w.callers(t)
	totalChecked, totalLeaks := 0, 0
	for _, c := range callers {
		checked, leaks := 0, []string{}
		for _, q := range w.queries {
			res := c.client.do(t, q.text, nil)
			var data map[string]any
			if len(res.Data) > 0 {
				if err := json.Unmarshal(res.Data, &data); err != nil {
					t.Fatal(err)
				}
			}
			for _, e := range res.Errors {
				if code, _ := e.Extensions["code"].(string); code == "INTERNAL" || code == "QUERY_TOO_EXPENSIVE" || code == "GRAPHQL_VALIDATION_FAILED" {
					t.Fatalf("%s: %s on %s: %s %v\n%s", c.name, code, q.root, e.Message, e.Extensions, q.text)
				}
			}
			n, l := w.check(c, q.root, data)
			checked += n
			leaks = append(leaks, l...)
		}
		t.Logf("%-22s %6d objects checked, %d leaks", c.name, checked, len(leaks))
		for i, l := range leaks {
			if i == 20 {
				t.Errorf("%s: … and %d more leaks", c.name, len(leaks)-20)
				break
			}
			t.Errorf("%s: leak: %s", c.name, l)
		}
		totalChecked += checked
		totalLeaks += len(leaks)
	}
	t.Logf("graph walk: %d queries × %d callers, %d objects checked, %d leaks", len(w.queries), len(callers), totalChecked, totalLeaks)
	if totalChecked < 1000 {
		t.Fatalf("only %d objects checked: the walk does not reach the data", totalChecked)
	}
}

// ---- the schema, from introspection ----

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

// ---- ids to feed arguments with, read as the server itself ----

type pools struct {
	services, offices, counties, rounds, cases, campaigns, questionnaires, jobs []string
}

// startJobs records invitation jobs of two offices (started, not run), for the walk to reach.
func startJobs(t *testing.T, in *instance) {
	t.Helper()
	ctx := auth.WithCaller(context.Background(), auth.System)
	var offices []int64
	if err := in.Store.DB.NewRaw(`SELECT DISTINCT office_id FROM services WHERE name LIKE '%Bergen' OR name LIKE '%Tromsø' ORDER BY office_id`).Scan(ctx, &offices); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := in.Store.DB.NewRaw(`SELECT max(id) FROM rounds`).Scan(ctx, &round); err != nil {
		t.Fatal(err)
	}
	for _, o := range offices {
		if _, err := in.Store.StartInviteOffice(ctx, round, o, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

func ids(t *testing.T, in *instance, query string, args ...any) []string {
	t.Helper()
	var out []int64
	if err := in.Store.DB.NewRaw(query, args...).Scan(context.Background(), &out); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	s := make([]string, len(out))
	for i, id := range out {
		s[i] = strconv.FormatInt(id, 10)
	}
	return s
}

// ---- the walker ----

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

// ---- the callers ----

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
		if err := in.Store.DB.NewRaw(q, args...).Scan(context.Background(), &id); err != nil {
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

// ---- the oracle: what each caller may read, in SQL of its own ----

type oracle struct {
	in *instance
	// Per service: its office. Per meeting: its office and attendees. Per case and answer: the
	// service. Per activity, audit entry: the office or service.
	serviceOffice  map[int64]int64
	meetingOffice  map[int64]int64
	attended       map[[2]int64]bool // meeting, service
	caseService    map[int64]int64
	answerService  map[int64]int64
	subService     map[int64]int64
	partService    map[int64]int64
	activityOffice map[int64]int64
	auditService   map[int64]int64
	inviteService  map[int64]int64
	jobOffice      map[int64]int64  // job → its office (0: national work)
	jobCreator     map[int64]int64  // job → the user who started it (0: the server)
	sentAssessment map[int64]string // submission → assessment of its latest submitted revision
}

func pairs(t *testing.T, in *instance, q string) map[int64]int64 {
	var rows []struct{ A, B int64 }
	if err := in.Store.DB.NewRaw(q).Scan(context.Background(), &rows); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	m := map[int64]int64{}
	for _, r := range rows {
		m[r.A] = r.B
	}
	return m
}

func newOracle(t *testing.T, in *instance) *oracle {
	o := &oracle{in: in,
		serviceOffice:  pairs(t, in, `SELECT id AS a, office_id AS b FROM services`),
		meetingOffice:  pairs(t, in, `SELECT id AS a, office_id AS b FROM info_meetings`),
		caseService:    pairs(t, in, `SELECT id AS a, service_id AS b FROM cases`),
		answerService:  pairs(t, in, `SELECT a.id AS a, c.service_id AS b FROM answers a JOIN cases c ON c.id = a.case_id`),
		subService:     pairs(t, in, `SELECT id AS a, service_id AS b FROM submissions`),
		partService:    pairs(t, in, `SELECT id AS a, service_id AS b FROM participations`),
		activityOffice: pairs(t, in, `SELECT id AS a, office_id AS b FROM follow_up_activities`),
		auditService:   pairs(t, in, `SELECT id AS a, coalesce(service_id, 0) AS b FROM audit_log`),
		inviteService:  pairs(t, in, `SELECT id AS a, service_id AS b FROM invitations`),
		jobOffice:      pairs(t, in, `SELECT id AS a, coalesce(office_id, 0) AS b FROM jobs`),
		jobCreator:     pairs(t, in, `SELECT id AS a, coalesce(created_by, 0) AS b FROM jobs`),
		attended:       map[[2]int64]bool{},
		sentAssessment: map[int64]string{},
	}
	var att []struct{ MeetingID, ServiceID int64 }
	if err := in.Store.DB.NewRaw(`SELECT meeting_id, service_id FROM participations WHERE meeting_id IS NOT NULL`).Scan(context.Background(), &att); err != nil {
		t.Fatal(err)
	}
	for _, a := range att {
		o.attended[[2]int64{a.MeetingID, a.ServiceID}] = true
	}
	var sent []struct {
		ID         int64
		Assessment string
	}
	if err := in.Store.DB.NewRaw(`SELECT DISTINCT ON (submission_id) submission_id AS id, snapshot->>'assessment' AS assessment
		FROM submission_revisions ORDER BY submission_id, revision DESC`).Scan(context.Background(), &sent); err != nil {
		t.Fatal(err)
	}
	for _, s := range sent {
		o.sentAssessment[s.ID] = s.Assessment
	}
	return o
}

func (c *walkCaller) seesService(o *oracle, id int64) bool {
	switch {
	case !c.ok:
		return false
	case c.national:
		return true
	case c.serviceID != 0:
		return c.serviceID == id
	}
	return o.serviceOffice[id] == c.officeID
}

func (c *walkCaller) seesOfficeWork(officeID int64) bool {
	return c.ok && c.serviceID == 0 && (c.national || c.officeID == officeID)
}

// inRegion: an aggregate of the office (statistics) is within the caller's reach.
func (c *walkCaller) inRegion(officeID int64) bool {
	return c.ok && (c.national || c.officeID == officeID)
}

func (c *walkCaller) insideOf(serviceID int64) bool { return c.inside && c.serviceID == serviceID }

func idOf(obj map[string]any, field string) (int64, bool) {
	switch v := obj[field].(type) {
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	case map[string]any:
		return idOf(v, "id")
	}
	return 0, false
}

// verdict says whether the caller may have the object: ok, and why not.
type verdict struct {
	checked bool
	leak    string
}

// oracleByID: every type with an id must have a rule here.
func (w *walker) judge(c *walkCaller, obj map[string]any, path string, ancestorsInside bool) verdict {
	o := w.oracle
	typ, _ := obj["__typename"].(string)
	id, hasID := idOf(obj, "id")
	leak := func(format string, a ...any) verdict {
		return verdict{true, fmt.Sprintf("%s %s at %s: %s", typ, obj["id"], path, fmt.Sprintf(format, a...))}
	}
	ok := verdict{checked: true}
	switch {
	case typ == "AuthConfig":
		return ok // how to sign in: for everyone
	case publicTypes[typ]:
		if !c.ok {
			return leak("reference data for an anonymous caller")
		}
		return ok
	case typ == "Service":
		if !c.seesService(o, id) {
			return leak("service outside the caller's reach")
		}
		return ok
	case typ == "Submission":
		svc := o.subService[id]
		if !c.seesService(o, svc) {
			return leak("form of a service outside the caller's reach")
		}
		if !c.insideOf(svc) {
			if a, _ := obj["assessment"].(string); a != o.sentAssessment[id] {
				return leak("the draft assessment %q, not the submitted %q, reached a reader outside the service", a, o.sentAssessment[id])
			}
		}
		return ok
	case typ == "Participation":
		if !c.seesService(o, o.partService[id]) {
			return leak("participation of a service outside the caller's reach")
		}
		return ok
	case typ == "Case":
		if !c.insideOf(o.caseService[id]) {
			return leak("a case outside its service")
		}
		return ok
	case typ == "Answer":
		if !c.insideOf(o.answerService[id]) {
			return leak("an answer outside its service")
		}
		return ok
	case typ == "InfoMeeting":
		office := o.meetingOffice[id]
		if !c.seesOfficeWork(office) && !(c.serviceID != 0 && o.attended[[2]int64{id, c.serviceID}]) {
			return leak("a meeting the caller neither holds nor attended")
		}
		return ok
	case typ == "FollowUpActivity":
		if !c.seesOfficeWork(o.activityOffice[id]) {
			return leak("another office's follow-up")
		}
		return ok
	case typ == "AuditEntry":
		if svc := o.auditService[id]; svc == 0 || !c.insideOf(svc) {
			return leak("an audit entry outside its service")
		}
		return ok
	case typ == "User":
		if !c.admin && id != c.userID {
			return leak("another user's account")
		}
		return ok
	case typ == "Invitation":
		// E-mail addresses: only the office that invites a service's leaders and the leader
		// who invites its staff read them.
		svc := o.inviteService[id]
		if !(c.advisor && o.serviceOffice[svc] == c.officeID) && !(c.leader && c.serviceID == svc) {
			return leak("an invitation for someone who does not invite to the service")
		}
		return ok
	case typ == "Job":
		// Progress of long work: the one who started it, the advisors of its office and
		// Helsetilsynet's campaign staff; never a token or a service.
		office, by := o.jobOffice[id], o.jobCreator[id]
		if !c.analyst && !(c.advisor && office != 0 && office == c.officeID) && !(by != 0 && by == c.userID) {
			return leak("a job the caller neither started nor follows")
		}
		return ok
	case typ == "InvitationLetter":
		// An office's letter: its own people and Helsetilsynet; once sent, the office's services.
		var l struct {
			OfficeID int64
			Sent     bool
		}
		if err := w.in.Store.DB.NewRaw(`SELECT office_id, sent_at IS NOT NULL AS sent FROM invitation_letters WHERE id = ?`, id).Scan(context.Background(), &l); err != nil {
			return leak("unknown letter: %v", err)
		}
		if !c.seesOfficeWork(l.OfficeID) && !(l.Sent && c.serviceID != 0 && o.serviceOffice[c.serviceID] == l.OfficeID) {
			return leak("another office's invitation letter, or one not sent")
		}
		return ok
	case typ == "RoundSummary":
		// Published summaries for every signed-in reader; drafts for Helsetilsynet's analysts only.
		var published bool
		if err := w.in.Store.DB.NewRaw(`SELECT published_at IS NOT NULL FROM round_summaries WHERE id = ?`, id).Scan(context.Background(), &published); err != nil {
			return leak("unknown summary: %v", err)
		}
		if !c.ok || (!published && !(c.national && !c.admin && c.userID != 0)) {
			return leak("a draft summary outside Helsetilsynet")
		}
		return ok
	case typ == "ApiToken":
		if !c.admin {
			return leak("an API token for a non-administrator")
		}
		return ok
	case typ == "RevisionChange":
		if n, has := obj["caseNumber"]; has && n != nil && !ancestorsInside {
			return leak("a case-level change outside the service")
		}
		return ok
	case typ == "AnswerFact":
		svc, _ := idOf(obj, "serviceId")
		if !c.seesService(o, svc) {
			return leak("a fact of a service outside the caller's reach")
		}
		if obj["caseId"] != nil && !c.insideOf(svc) {
			return leak("a case-level fact outside the service")
		}
		return ok
	case hasID:
		return leak("a type with an id but no rule in the oracle: add one to TestGraphWalkLeaks")
	}
	// Objects without an id are judged by the service or office they belong to, else by their parent.
	if _, has := obj["service"]; has {
		if svc, ok2 := idOf(obj, "service"); ok2 && !c.seesService(o, svc) {
			return leak("belongs to a service outside the caller's reach")
		} else if ok2 {
			return ok
		}
	}
	if _, has := obj["office"]; has {
		if off, ok2 := idOf(obj, "office"); ok2 {
			switch typ {
			case "Statistics":
				if !c.inRegion(off) {
					return leak("statistics of an office outside the caller's reach")
				}
			default:
				if !c.seesOfficeWork(off) {
					return leak("another office's work")
				}
			}
			return ok
		}
	}
	return verdict{}
}

// check walks a response and judges every object in it.
func (w *walker) check(c *walkCaller, root string, data map[string]any) (int, []string) {
	checked := 0
	var leaks []string
	var visit func(v any, path string, inside bool)
	visit = func(v any, path string, inside bool) {
		switch x := v.(type) {
		case []any:
			for i, item := range x {
				visit(item, fmt.Sprintf("%s[%d]", path, i), inside)
			}
		case map[string]any:
			if _, typed := x["__typename"]; typed {
				vd := w.judge(c, x, path, inside)
				if vd.checked {
					checked++
				}
				if vd.leak != "" {
					leaks = append(leaks, vd.leak)
				}
				if x["__typename"] == "Submission" {
					svc := w.oracle.subService[mustID(x)]
					inside = c.insideOf(svc)
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(x[k], path+"."+k, inside)
			}
		}
	}
	visit(data, root, false)
	return checked, leaks
}

func mustID(obj map[string]any) int64 {
	id, _ := idOf(obj, "id")
	return id
}

// registerChanges gives the walk register history (a split and a merge in Vestland) and
// invitations (of leaders and staff, in two offices) to reach.
func registerChanges(t *testing.T, in *instance) {
	t.Helper()
	id := func(name string) int64 {
		var v int64
		if err := in.Store.DB.NewRaw(`SELECT id FROM services WHERE name = ?`, name).Scan(context.Background(), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if _, err := in.Store.SplitService(system, id("Sunnhordland interkommunale barnevern"), "Barnevernstenesta i Fitjar", []string{"4615"}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Store.MergeServices(system, id("Barneverntjenesten i Bergen"), []int64{id("Barneverntjenesten i Askøy")}, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Barneverntjenesten i Bergen", "Barneverntjenesten i Tromsø"} {
		for i, role := range []auth.Role{auth.RoleServiceLeader, auth.RoleServiceStaff} {
			if _, err := in.Store.CreateInvitation(system, id(name), fmt.Sprintf("person%d.%d@example.no", id(name), i), role); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// betweenRounds gives the walk invitation letters (one sent, one not) and summaries (one
// published, one draft) to judge.
func betweenRounds(t *testing.T, in *instance) {
	t.Helper()
	ctx := context.Background()
	var offices []int64
	if err := in.Store.DB.NewRaw(`SELECT id FROM governor_offices ORDER BY id LIMIT 2`).Scan(ctx, &offices); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := in.Store.DB.NewRaw(`SELECT id FROM rounds ORDER BY number DESC LIMIT 1`).Scan(ctx, &round); err != nil {
		t.Fatal(err)
	}
	for i, o := range offices {
		if _, err := in.Store.SaveInvitationLetter(system, store.LetterInput{OfficeID: o, RoundID: round, Subject: "Invitasjon", Body: "Velkommen"}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := in.Store.SendInvitationLetter(system, o, round, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	txt := domain.Text{NB: "Oppsummering", NN: "Oppsummering", EN: "Summary"}
	for i := 0; i < 2; i++ {
		rs, err := in.Store.SaveRoundSummary(system, store.SummaryInput{RoundID: round, Kind: "MIDWAY", Title: txt, Body: txt,
			Citations: []store.Citation{{QuestionCode: "1.1", Figure: "YES_SHARE"}}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := in.Store.PublishRoundSummary(system, rs.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
}
