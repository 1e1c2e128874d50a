package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The county report: its figures against independent counts, the office's comments and submission, the
// national overview and the downloads.

// TestCountyReport checks the report's figures against counts made independently from the seeded
// data, then the office's comments, submission, the national overview and the downloads.
func TestCountyReport(t *testing.T) {
	c := newCountyReportCase(t)
	step := inSteps(t) // the steps share the report's state, in order
	step("round 1's figures are those counted from the data", c.roundOneCounts)
	step("round 2 compares each service with round 1, judging random variation", c.roundTwoCompares)
	step("comments are saved version-checked, only the office submits, the overview shows what is missing", c.commentsAndSubmission)
	step("the downloads are for the office's advisor and national readers only", c.downloads)
}

const countyReportQuery = `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) {
		state reportDeadline serviceCount invitedCount meetingAttendedCount
		willParticipate { service { id } } declined { service { id } declineReason } noReply { service { id } }
		submitted { service { id } planSubmitted nextAssessment } notSubmitted { service { id } }
		results { service { id } yesShare previousYesShare change withinRandomVariation }
		activity { infoMeetings meetings contacts reminders notes items { kind } }
		comments { part text } downloadPath version } }`

type entryList []struct{ Service struct{ ID string } }

type countyReportResult struct {
	CountyReport struct {
		State, ReportDeadline                                       string
		ServiceCount, InvitedCount, MeetingAttendedCount, Version   int
		WillParticipate, Declined, NoReply, Submitted, NotSubmitted entryList
		Results                                                     []struct {
			YesShare, PreviousYesShare, Change *float64
			WithinRandomVariation              *bool
		}
		Activity     struct{ InfoMeetings, Meetings, Contacts, Reminders, Notes int }
		Comments     []struct{ Part, Text string }
		DownloadPath string
	}
}

// countyReportCase is TestCountyReport's world: Vestland's office in the demo data, its advisor,
// and the report as the steps last read it.
type countyReportCase struct {
	in, a, adv *instance
	office     store.Office
	o, r1, r2  string
	rep        countyReportResult
}

func newCountyReportCase(t *testing.T) *countyReportCase {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	c := &countyReportCase{in: in, a: a, r1: roundID(t, a, 1), r2: roundID(t, a, 2)}
	if err := in.DB.NewSelect().Model(&c.office).Where("o.code = 'vestland'").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.o = itoa(c.office.ID)
	c.adv = in.advisor(t, c.o)
	return c
}

// count is an independent count straight from the database.
func (c *countyReportCase) count(t *testing.T, query string, args ...any) int {
	var n int
	if err := c.in.DB.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (c *countyReportCase) roundOneCounts(t *testing.T) {
	c.adv.mustQuery(t, countyReportQuery, map[string]any{"o": c.o, "r": c.r1}, &c.rep)
	cr := c.rep.CountyReport
	office, r1 := c.office.ID, mustInt(c.r1)
	want := map[string][2]int{
		"services":  {cr.ServiceCount, c.count(t, `SELECT count(*) FROM services WHERE office_id = ?`, office)},
		"invited":   {cr.InvitedCount, c.count(t, `SELECT count(*) FROM participations p JOIN services s ON s.id = p.service_id WHERE s.office_id = ? AND p.round_id = ?`, office, r1)},
		"attended":  {cr.MeetingAttendedCount, c.count(t, `SELECT count(*) FROM participations p JOIN services s ON s.id = p.service_id WHERE s.office_id = ? AND p.round_id = ? AND p.meeting_id IS NOT NULL`, office, r1)},
		"yes":       {len(cr.WillParticipate), c.count(t, `SELECT count(*) FROM participations p JOIN services s ON s.id = p.service_id WHERE s.office_id = ? AND p.round_id = ? AND p.reply = 'YES'`, office, r1)},
		"no":        {len(cr.Declined), c.count(t, `SELECT count(*) FROM participations p JOIN services s ON s.id = p.service_id WHERE s.office_id = ? AND p.round_id = ? AND p.reply = 'NO'`, office, r1)},
		"submitted": {len(cr.Submitted), c.count(t, `SELECT count(*) FROM submissions sub JOIN services s ON s.id = sub.service_id WHERE s.office_id = ? AND sub.round_id = ? AND sub.revision > 0`, office, r1)},
		"reminders": {cr.Activity.Reminders, c.count(t, `SELECT count(*) FROM follow_up_activities WHERE office_id = ? AND round_id = ? AND kind = 'REMINDER'`, office, r1)},
		"meetings":  {cr.Activity.InfoMeetings, c.count(t, `SELECT count(*) FROM info_meetings WHERE office_id = ? AND round_id = ?`, office, r1)},
	}
	for name, v := range want {
		if v[0] != v[1] {
			t.Errorf("%s: report says %d, the data %d", name, v[0], v[1])
		}
	}
	if len(cr.Submitted)+len(cr.NotSubmitted) != cr.ServiceCount || cr.InvitedCount == 0 || cr.ReportDeadline != "2025-01-31" {
		t.Fatalf("report %+v", cr)
	}
	if len(cr.Results) != 0 {
		t.Fatal("round 1 has nothing to compare with")
	}
}

// roundTwoCompares: round 2 compares results with round 1, with an honest judgement of random
// variation.
func (c *countyReportCase) roundTwoCompares(t *testing.T) {
	c.adv.mustQuery(t, countyReportQuery, map[string]any{"o": c.o, "r": c.r2}, &c.rep)
	results := c.rep.CountyReport.Results
	if len(results) == 0 || len(results) != c.count(t, `SELECT count(*) FROM submissions sub JOIN services s ON s.id = sub.service_id WHERE s.office_id = ? AND sub.round_id = ? AND sub.revision > 0`, c.office.ID, mustInt(c.r2)) {
		t.Fatalf("round 2 results %+v", results)
	}
	for _, r := range results {
		if r.YesShare != nil && r.PreviousYesShare != nil && (r.Change == nil || r.WithinRandomVariation == nil) {
			t.Fatalf("result without a comparison: %+v", r)
		}
	}
}

// commentsAndSubmission: comments and submission; the national overview shows which reports are
// missing.
func (c *countyReportCase) commentsAndSubmission(t *testing.T) {
	const save = `mutation($o: ID!, $r: ID!, $v: Int) { saveCountyReport(input: {officeId: $o, roundId: $r, expectedVersion: $v, comments: [{part: RESULTS, text: "Tjenestene som målrettet tiltak, forbedret seg."}, {part: GENERAL, text: ""}]}) { state version comments { part text } } }`
	var saved struct {
		SaveCountyReport struct {
			State    string
			Version  int
			Comments []struct{ Part, Text string }
		}
	}
	o, r2 := c.o, c.r2
	c.adv.mustQuery(t, save, map[string]any{"o": o, "r": r2, "v": c.rep.CountyReport.Version}, &saved)
	if len(saved.SaveCountyReport.Comments) == 0 || saved.SaveCountyReport.Comments[len(saved.SaveCountyReport.Comments)-1].Part != "RESULTS" {
		t.Fatalf("comments %+v", saved.SaveCountyReport)
	}
	c.adv.mustFail(t, "VERSION_CONFLICT", save, map[string]any{"o": o, "r": r2, "v": c.rep.CountyReport.Version})
	c.a.mustFail(t, "FORBIDDEN", `mutation($o: ID!, $r: ID!) { submitCountyReport(officeId: $o, roundId: $r) { state } }`, map[string]any{"o": o, "r": r2})
	c.adv.mustQuery(t, `mutation($o: ID!, $r: ID!) { submitCountyReport(officeId: $o, roundId: $r) { state } }`, map[string]any{"o": o, "r": r2}, nil)
	var overview struct {
		CountyReports []struct {
			Office  struct{ ID string }
			State   string
			Missing bool
		}
	}
	c.a.mustQuery(t, `query($r: ID!) { countyReports(roundId: $r) { office { id } state missing } }`, map[string]any{"r": r2}, &overview)
	if len(overview.CountyReports) != 10 {
		t.Fatalf("overview has %d offices", len(overview.CountyReports))
	}
	for _, st := range overview.CountyReports {
		if st.Office.ID == o && st.State != "SUBMITTED" || st.State != "SUBMITTED" && !st.Missing {
			t.Errorf("overview entry %+v (the round 2 report deadline has passed)", st)
		}
	}
}

// downloads: with the same credentials: the office's advisor and national callers only.
func (c *countyReportCase) downloads(t *testing.T) {
	get := func(in *instance, suffix string) (int, []byte, string) {
		return in.download(t, c.rep.CountyReport.DownloadPath+suffix)
	}
	status, body, ct := get(c.adv, ".xlsx")
	if status != 200 || !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", status, ct)
	}
	book, err := excelize.OpenReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := book.GetCellValue("Oversikt", "A2"); !strings.Contains(v, "Vestland") {
		t.Fatalf("workbook overview A2 = %q", v)
	}
	if sheets := book.GetSheetList(); len(sheets) < 6 {
		t.Fatalf("sheets %v", sheets)
	}
	status, body, _ = get(c.adv, ".html")
	if status != 200 || !strings.Contains(string(body), "Statsforvalteren i Vestland") || !strings.Contains(string(body), "Tjenestene som målrettet tiltak") {
		t.Fatalf("html: %d", status)
	}
	if status, _, _ := get(c.in.advisor(t, "1"), ".html"); status != 404 {
		t.Fatalf("another office's advisor got %d", status)
	}
	if status, _, _ := get(c.in, ".xlsx"); status != 401 {
		t.Fatalf("anonymous got %d", status)
	}
	if status, _, _ := get(c.a, ".html"); status != 200 {
		t.Fatalf("the analyst got %d", status)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
