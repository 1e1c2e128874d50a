package bench

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// workload is one read expressed in both dialects and in SQL, each returning its data in a
// normal form (sorted lines) so the three can be compared before timing.
type workload struct {
	name, note string
	egkClient  *http.Client
	egkQuery   string
	pg4Query   string
	vars       map[string]any // both servers take the same variables
	sql        string
	args       []any
	egkNorm    func(json.RawMessage) ([]string, error)
	pg4Norm    func(json.RawMessage) ([]string, error)
	sqlNorm    func(*sql.Rows) ([]string, error)
}

// peerSubjects are what the workloads read and who reads it: the office with the most services,
// the service with the most cases in the round, its first case, and a client of each role.
type peerSubjects struct {
	office, service, caseID  int64
	codes                    map[string]string // question id → code
	advisor, leader, analyst *http.Client
}

// peerWorkloads are the reads measured side by side; the first is also the pool phase's load.
func peerWorkloads(s peerSubjects, round int64) []workload {
	return []workload{officeListWorkload(s, round), caseListWorkload(s, round),
		nationalAggregateWorkload(s, round), oneCaseWorkload(s)}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// officeListWorkload: an office's services → summary form in a round → summary (county advisor).
func officeListWorkload(s peerSubjects, round int64) workload {
	return workload{
		name:      "nested list: an office's services → summary form in a round → summary (county advisor)",
		note:      "Egk: the summary as sent (last submitted revision); PG4: the last revision's snapshot",
		egkClient: s.advisor,
		egkQuery: `query($o: ID!, $r: ID!) { services(filter: {officeId: $o}, first: 500) { nodes { id name
				submission(roundId: $r) { status revision summary { caseCount questions { question { code } distribution { yes partly no } } } } } } }`,
		pg4Query: `query($o: BigInt!, $r: BigInt!) { allServicesList(condition: {officeId: $o}, orderBy: NAME_ASC) { id name
				submissionsByServiceIdList(condition: {roundId: $r}) { status revision
				submissionRevisionsBySubmissionIdList(orderBy: REVISION_DESC, first: 1) { revision snapshot } } } }`,
		vars: map[string]any{"o": itoa(s.office), "r": itoa(round)},
		sql: `SELECT s.id, sub.status, rev.revision FROM services s
				LEFT JOIN submissions sub ON sub.service_id = s.id AND sub.round_id = ?
				LEFT JOIN LATERAL (SELECT revision, snapshot FROM submission_revisions WHERE submission_id = sub.id ORDER BY revision DESC LIMIT 1) rev ON true
				WHERE s.office_id = ? ORDER BY s.name`,
		args:    []any{round, s.office},
		egkNorm: officeListEgk,
		pg4Norm: officeListPG4,
		sqlNorm: officeListSQL,
	}
}

func officeListEgk(b json.RawMessage) ([]string, error) {
	var d struct {
		Services struct {
			Nodes []struct {
				ID         string
				Submission *struct {
					Status  string
					Summary struct{ CaseCount int }
				}
			}
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	var out []string
	for _, n := range d.Services.Nodes {
		line := n.ID
		if n.Submission != nil && n.Submission.Summary.CaseCount > 0 {
			line += "|" + n.Submission.Status
		}
		out = append(out, line)
	}
	return out, nil
}

func officeListPG4(b json.RawMessage) ([]string, error) {
	var d struct {
		AllServicesList []struct {
			ID    string
			Forms []struct {
				Status    string
				Revisions []struct{ Revision int } `json:"submissionRevisionsBySubmissionIdList"`
			} `json:"submissionsByServiceIdList"`
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	var out []string
	for _, n := range d.AllServicesList {
		line := n.ID
		if len(n.Forms) == 1 && len(n.Forms[0].Revisions) == 1 {
			line += "|" + n.Forms[0].Status
		}
		out = append(out, line)
	}
	return out, nil
}

func officeListSQL(r *sql.Rows) ([]string, error) {
	var out []string
	for r.Next() {
		var sid int64
		var status sql.NullString
		var rev sql.NullInt64
		if err := r.Scan(&sid, &status, &rev); err != nil {
			return nil, err
		}
		line := itoa(sid)
		if rev.Valid {
			line += "|" + status.String
		}
		out = append(out, line)
	}
	return out, r.Err()
}

// caseListWorkload: a service's cases in a round → answers → question (the service's leader).
func caseListWorkload(s peerSubjects, round int64) workload {
	return workload{
		name:      "nested list: a service's cases in a round → answers → question (the service's leader)",
		egkClient: s.leader,
		egkQuery:  `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id number answers { question { code } option } } }`,
		pg4Query: `query($s: BigInt!, $r: BigInt!) { serviceById(id: $s) { submissionsByServiceIdList(condition: {roundId: $r}) {
				casesBySubmissionIdAndServiceIdAndRoundIdList(orderBy: NUMBER_ASC) { id number
				answersByCaseIdList(orderBy: QUESTION_ID_ASC) { questionByQuestionId { code } option } } } } }`,
		vars: map[string]any{"s": itoa(s.service), "r": itoa(round)},
		sql: `SELECT c.id, q.code, a.option FROM cases c JOIN answers a ON a.case_id = c.id JOIN questions q ON q.id = a.question_id
				WHERE c.service_id = ? AND c.round_id = ? ORDER BY c.number, q.position`,
		args:    []any{s.service, round},
		egkNorm: casesNorm(func(d *casesData) []caseData { return d.Cases }),
		pg4Norm: casesNorm(func(d *casesData) []caseData {
			var out []caseData
			if d.ServiceByID != nil {
				for _, f := range d.ServiceByID.Forms {
					out = append(out, f.Cases...)
				}
			}
			return out
		}),
		sqlNorm: answerRowsNorm,
	}
}

// nationalAggregateWorkload: the count of each option per question in a round (national analyst).
func nationalAggregateWorkload(s peerSubjects, round int64) workload {
	return workload{
		name:      "national aggregate: count of each option per question in a round (national analyst)",
		note:      "PG4: @graphile/pg-aggregates groupedAggregates with relation filters, one statement",
		egkClient: s.analyst,
		egkQuery:  `query($r: ID!) { statistics(roundId: $r) { questions { question { code } options { yes { count } partly { count } no { count } } } } }`,
		pg4Query: `query($r: BigInt!) { allAnswers(filter: {option: {in: ["YES", "PARTLY", "NO"]}, caseByCaseId: {roundId: {equalTo: $r},
				submissionBySubmissionIdAndServiceIdAndRoundId: {status: {in: ["SUBMITTED", "ACCEPTED"]}}}}) {
				groupedAggregates(groupBy: [QUESTION_ID, OPTION]) { keys distinctCount { id } } } }`,
		vars: map[string]any{"r": itoa(round)},
		sql: `SELECT a.question_id, a.option, count(*) FROM answers a JOIN cases c ON c.id = a.case_id
				JOIN submissions sub ON sub.id = c.submission_id
				WHERE c.round_id = ? AND sub.status IN ('SUBMITTED', 'ACCEPTED') AND a.option IN ('YES', 'PARTLY', 'NO')
				GROUP BY a.question_id, a.option`,
		args:    []any{round},
		egkNorm: aggregateEgk,
		pg4Norm: aggregatePG4(s.codes),
		sqlNorm: aggregateSQL(s.codes),
	}
}

func aggregateEgk(b json.RawMessage) ([]string, error) {
	var d struct {
		Statistics struct {
			Questions []struct {
				Question struct{ Code string }
				Options  map[string]*struct{ Count int }
			}
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	var out []string
	for _, q := range d.Statistics.Questions {
		for opt, c := range q.Options {
			if c != nil && c.Count > 0 {
				out = append(out, fmt.Sprintf("%s|%s|%d", q.Question.Code, strings.ToUpper(opt), c.Count))
			}
		}
	}
	return out, nil
}

func aggregatePG4(codes map[string]string) func(json.RawMessage) ([]string, error) {
	return func(b json.RawMessage) ([]string, error) {
		var d struct {
			AllAnswers struct {
				GroupedAggregates []struct {
					Keys          []string
					DistinctCount struct{ ID string }
				}
			}
		}
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, err
		}
		var out []string
		for _, g := range d.AllAnswers.GroupedAggregates {
			if len(g.Keys) == 2 {
				out = append(out, fmt.Sprintf("%s|%s|%s", codes[g.Keys[0]], g.Keys[1], g.DistinctCount.ID))
			}
		}
		return out, nil
	}
}

func aggregateSQL(codes map[string]string) func(*sql.Rows) ([]string, error) {
	return func(r *sql.Rows) ([]string, error) {
		var out []string
		for r.Next() {
			var q int64
			var opt string
			var n int
			if err := r.Scan(&q, &opt, &n); err != nil {
				return nil, err
			}
			out = append(out, fmt.Sprintf("%s|%s|%d", codes[itoa(q)], opt, n))
		}
		return out, r.Err()
	}
}

// oneCaseWorkload: one case with its answers (the service's leader).
func oneCaseWorkload(s peerSubjects) workload {
	return workload{
		name:      "one case with its answers (the service's leader)",
		egkClient: s.leader,
		egkQuery:  `query($c: ID!) { case(id: $c) { id number answers { question { code } option } } }`,
		pg4Query:  `query($c: BigInt!) { caseById(id: $c) { id number answersByCaseIdList(orderBy: QUESTION_ID_ASC) { questionByQuestionId { code } option } } }`,
		vars:      map[string]any{"c": itoa(s.caseID)},
		sql: `SELECT c.id, q.code, a.option FROM cases c JOIN answers a ON a.case_id = c.id JOIN questions q ON q.id = a.question_id
				WHERE c.id = ? ORDER BY q.position`,
		args: []any{s.caseID},
		egkNorm: casesNorm(func(d *casesData) []caseData {
			if d.Case == nil {
				return nil
			}
			return []caseData{*d.Case}
		}),
		pg4Norm: casesNorm(func(d *casesData) []caseData {
			if d.CaseByID == nil {
				return nil
			}
			return []caseData{*d.CaseByID}
		}),
		sqlNorm: answerRowsNorm,
	}
}

type caseData struct {
	ID      string
	Answers []struct {
		Question *struct{ Code string } `json:"question"`
		PGQ      *struct{ Code string } `json:"questionByQuestionId"`
		Option   *string
	}
	PGAnswers []struct {
		Question *struct{ Code string } `json:"questionByQuestionId"`
		Option   *string
	} `json:"answersByCaseIdList"`
}

type casesData struct {
	Cases       []caseData
	Case        *caseData
	CaseByID    *caseData `json:"caseById"`
	ServiceByID *struct {
		Forms []struct {
			Cases []caseData `json:"casesBySubmissionIdAndServiceIdAndRoundIdList"`
		} `json:"submissionsByServiceIdList"`
	} `json:"serviceById"`
}

// casesNorm lists "case|question|option" of cases given either way.
func casesNorm(pick func(*casesData) []caseData) func(json.RawMessage) ([]string, error) {
	return func(b json.RawMessage) ([]string, error) {
		var d casesData
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, err
		}
		var out []string
		for _, c := range pick(&d) {
			for _, a := range c.Answers {
				q := a.Question
				if q == nil {
					q = a.PGQ
				}
				if q != nil {
					out = append(out, c.ID+"|"+q.Code+"|"+deref(a.Option))
				}
			}
			for _, a := range c.PGAnswers {
				if a.Question != nil {
					out = append(out, c.ID+"|"+a.Question.Code+"|"+deref(a.Option))
				}
			}
		}
		return out, nil
	}
}

func answerRowsNorm(r *sql.Rows) ([]string, error) {
	var out []string
	for r.Next() {
		var c int64
		var code string
		var opt sql.NullString
		if err := r.Scan(&c, &code, &opt); err != nil {
			return nil, err
		}
		out = append(out, strconv.FormatInt(c, 10)+"|"+code+"|"+opt.String)
	}
	return out, r.Err()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
