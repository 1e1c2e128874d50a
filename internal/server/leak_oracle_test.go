package server_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"testing"
)

// The oracle of TestGraphWalkLeaks: what each caller may read, from plain SQL, and the judge of every
// object the walk gets back.

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
	if err := in.DB.NewRaw(q).Scan(context.Background(), &rows); err != nil {
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
	if err := in.DB.NewRaw(`SELECT meeting_id, service_id FROM participations WHERE meeting_id IS NOT NULL`).Scan(context.Background(), &att); err != nil {
		t.Fatal(err)
	}
	for _, a := range att {
		o.attended[[2]int64{a.MeetingID, a.ServiceID}] = true
	}
	var sent []struct {
		ID         int64
		Assessment string
	}
	if err := in.DB.NewRaw(`SELECT DISTINCT ON (submission_id) submission_id AS id, snapshot->>'assessment' AS assessment
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

// judgement is one object the walk got back, for a rule of oracleByID to judge.
type judgement struct {
	w               *walker
	o               *oracle
	c               *walkCaller
	obj             map[string]any
	id              int64
	ancestorsInside bool
}

// oracleByID: every type with an id must have a rule here. A rule says why the caller must not
// have the object, or "" if it may.
var oracleByID = map[string]func(j judgement) string{
	"Service": func(j judgement) string {
		if !j.c.seesService(j.o, j.id) {
			return "service outside the caller's reach"
		}
		return ""
	},
	"Submission": func(j judgement) string {
		svc := j.o.subService[j.id]
		if !j.c.seesService(j.o, svc) {
			return "form of a service outside the caller's reach"
		}
		if !j.c.insideOf(svc) {
			if a, _ := j.obj["assessment"].(string); a != j.o.sentAssessment[j.id] {
				return fmt.Sprintf("the draft assessment %q, not the submitted %q, reached a reader outside the service", a, j.o.sentAssessment[j.id])
			}
		}
		return ""
	},
	"Participation": func(j judgement) string {
		if !j.c.seesService(j.o, j.o.partService[j.id]) {
			return "participation of a service outside the caller's reach"
		}
		return ""
	},
	"Case": func(j judgement) string {
		if !j.c.insideOf(j.o.caseService[j.id]) {
			return "a case outside its service"
		}
		return ""
	},
	"Answer": func(j judgement) string {
		if !j.c.insideOf(j.o.answerService[j.id]) {
			return "an answer outside its service"
		}
		return ""
	},
	"InfoMeeting": func(j judgement) string {
		office := j.o.meetingOffice[j.id]
		if !j.c.seesOfficeWork(office) && !(j.c.serviceID != 0 && j.o.attended[[2]int64{j.id, j.c.serviceID}]) {
			return "a meeting the caller neither holds nor attended"
		}
		return ""
	},
	"FollowUpActivity": func(j judgement) string {
		if !j.c.seesOfficeWork(j.o.activityOffice[j.id]) {
			return "another office's follow-up"
		}
		return ""
	},
	"AuditEntry": func(j judgement) string {
		if svc := j.o.auditService[j.id]; svc == 0 || !j.c.insideOf(svc) {
			return "an audit entry outside its service"
		}
		return ""
	},
	"User": func(j judgement) string {
		if !j.c.admin && j.id != j.c.userID {
			return "another user's account"
		}
		return ""
	},
	// E-mail addresses: only the office that invites a service's leaders and the leader who
	// invites its staff read them.
	"Invitation": func(j judgement) string {
		svc := j.o.inviteService[j.id]
		if !(j.c.advisor && j.o.serviceOffice[svc] == j.c.officeID) && !(j.c.leader && j.c.serviceID == svc) {
			return "an invitation for someone who does not invite to the service"
		}
		return ""
	},
	// Progress of long work: the one who started it, the advisors of its office and
	// Helsetilsynet's campaign staff; never a token or a service.
	"Job": func(j judgement) string {
		office, by := j.o.jobOffice[j.id], j.o.jobCreator[j.id]
		if !j.c.analyst && !(j.c.advisor && office != 0 && office == j.c.officeID) && !(by != 0 && by == j.c.userID) {
			return "a job the caller neither started nor follows"
		}
		return ""
	},
	// An office's letter: its own people and Helsetilsynet; once sent, the office's services.
	"InvitationLetter": func(j judgement) string {
		var l struct {
			OfficeID int64
			Sent     bool
		}
		if err := j.w.in.DB.NewRaw(`SELECT office_id, sent_at IS NOT NULL AS sent FROM invitation_letters WHERE id = ?`, j.id).Scan(context.Background(), &l); err != nil {
			return fmt.Sprintf("unknown letter: %v", err)
		}
		if !j.c.seesOfficeWork(l.OfficeID) && !(l.Sent && j.c.serviceID != 0 && j.o.serviceOffice[j.c.serviceID] == l.OfficeID) {
			return "another office's invitation letter, or one not sent"
		}
		return ""
	},
	// Published summaries for every signed-in reader; drafts for Helsetilsynet's analysts only.
	"RoundSummary": func(j judgement) string {
		var published bool
		if err := j.w.in.DB.NewRaw(`SELECT published_at IS NOT NULL FROM round_summaries WHERE id = ?`, j.id).Scan(context.Background(), &published); err != nil {
			return fmt.Sprintf("unknown summary: %v", err)
		}
		if !j.c.ok || (!published && !(j.c.national && !j.c.admin && j.c.userID != 0)) {
			return "a draft summary outside Helsetilsynet"
		}
		return ""
	},
	"ApiToken": func(j judgement) string {
		if !j.c.admin {
			return "an API token for a non-administrator"
		}
		return ""
	},
	"RevisionChange": func(j judgement) string {
		if n, has := j.obj["caseNumber"]; has && n != nil && !j.ancestorsInside {
			return "a case-level change outside the service"
		}
		return ""
	},
	"AnswerFact": func(j judgement) string {
		svc, _ := idOf(j.obj, "serviceId")
		if !j.c.seesService(j.o, svc) {
			return "a fact of a service outside the caller's reach"
		}
		if j.obj["caseId"] != nil && !j.c.insideOf(svc) {
			return "a case-level fact outside the service"
		}
		return ""
	},
}

// judge decides whether the caller may have the object: reference data for every signed-in
// caller, a type with an id by its rule in oracleByID, other objects by the service or office
// they belong to.
func (w *walker) judge(c *walkCaller, obj map[string]any, path string, ancestorsInside bool) verdict {
	typ, _ := obj["__typename"].(string)
	id, hasID := idOf(obj, "id")
	leak := func(format string, a ...any) verdict {
		return verdict{true, fmt.Sprintf("%s %s at %s: %s", typ, obj["id"], path, fmt.Sprintf(format, a...))}
	}
	ok := verdict{checked: true}
	if typ == "AuthConfig" {
		return ok // how to sign in: for everyone
	}
	if publicTypes[typ] {
		if !c.ok {
			return leak("reference data for an anonymous caller")
		}
		return ok
	}
	if rule, has := oracleByID[typ]; has {
		if why := rule(judgement{w: w, o: w.oracle, c: c, obj: obj, id: id, ancestorsInside: ancestorsInside}); why != "" {
			return leak("%s", why)
		}
		return ok
	}
	if hasID {
		return leak("a type with an id but no rule in the oracle: add one to TestGraphWalkLeaks")
	}
	return w.judgeByOwner(c, obj, typ, leak)
}

// judgeByOwner judges objects without an id by the service or office they belong to, else (an
// unchecked verdict) by their parent.
func (w *walker) judgeByOwner(c *walkCaller, obj map[string]any, typ string, leak func(format string, a ...any) verdict) verdict {
	o := w.oracle
	ok := verdict{checked: true}
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
