package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/report"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// countyReportDownload serves /reports/county/{office}/{round}.xlsx and .html with the same
// credentials and policy as the graph (cookie or API token; the office's advisors and national
// callers).
func (s *Server) countyReportDownload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !auth.From(ctx).Signed() {
		http.Error(w, "sign in or send an API token", http.StatusUnauthorized)
		return
	}
	office, err1 := strconv.ParseInt(r.PathValue("office"), 10, 64)
	name := r.PathValue("file")
	roundPart, ext, _ := strings.Cut(name, ".")
	round, err2 := strconv.ParseInt(roundPart, 10, 64)
	if err1 != nil || err2 != nil || (ext != "xlsx" && ext != "html") {
		http.NotFound(w, r)
		return
	}
	d, err := s.store.CountyReport(ctx, office, round)
	if domain.IsCode(err, domain.CodeNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.log.ErrorContext(ctx, "county report", "err", err)
		http.Error(w, "the report could not be made", http.StatusInternalServerError)
		return
	}
	names := report.Names{Services: map[int64]string{}}
	for _, row := range d.Rows {
		names.Services[row.ServiceID] = row.ServiceName
	}
	lang := domain.LangFrom(ctx)
	var buf bytes.Buffer
	filename := fmt.Sprintf("rapport-%s-runde-%d", d.Office.Code, d.Round.Number)
	if ext == "xlsx" {
		err = report.XLSX(&buf, d, names, lang)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`.xlsx"`)
	} else {
		err = report.HTML(&buf, d, names, lang)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	}
	if err != nil {
		s.log.ErrorContext(ctx, "render county report", "err", err)
		http.Error(w, "the report could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// submissionExport serves /exports/submissions/{id}.csv and .xlsx: one service's summary form,
// for whoever may see the service (the same policy as the graph).
func (s *Server) submissionExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := auth.From(ctx)
	if !c.Signed() {
		http.Error(w, "sign in or send an API token", http.StatusUnauthorized)
		return
	}
	idPart, ext, _ := strings.Cut(r.PathValue("file"), ".")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if err != nil || (ext != "csv" && ext != "xlsx") {
		http.NotFound(w, r)
		return
	}
	d, err := s.submissionData(ctx, id)
	if domain.IsCode(err, domain.CodeNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.log.ErrorContext(ctx, "export submission", "err", err)
		http.Error(w, "the export could not be made", http.StatusInternalServerError)
		return
	}
	lang := domain.LangFrom(ctx)
	var buf bytes.Buffer
	filename := fmt.Sprintf("samleskjema-%d-runde-%d", d.Service.ID, d.Round.Number)
	if ext == "csv" {
		err = report.SubmissionCSV(&buf, d, lang)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		err = report.SubmissionXLSX(&buf, d, lang)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		s.log.ErrorContext(ctx, "render submission", "err", err)
		http.Error(w, "the export could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+"."+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) submissionData(ctx context.Context, id int64) (*report.SubmissionData, error) {
	scope := auth.From(ctx).Scope()
	sub, err := s.store.VisibleSubmission(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	svc, err := s.store.VisibleService(ctx, scope, sub.ServiceID)
	if err != nil {
		return nil, err
	}
	round, err := s.store.Round(ctx, sub.RoundID)
	if err != nil {
		return nil, err
	}
	key := store.SummaryKey{SubmissionID: id, ServiceID: sub.ServiceID}
	sums, err := s.store.SummariesFor(ctx, scope, []store.SummaryKey{key})
	if err != nil {
		return nil, err
	}
	qs, err := s.store.QuestionsByQuestionnaire(ctx, []int64{round.QuestionnaireID})
	if err != nil {
		return nil, err
	}
	byID := map[int64]store.Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	return &report.SubmissionData{Service: *svc, Round: *round, Sub: *sub, Summary: sums[key], Questions: byID}, nil
}

// Bounds of one export: rows (an XLSX sheet holds 1 048 576) and the time it may stream.
const (
	MaxExportRows = 1_000_000
	ExportTimeout = 10 * time.Minute
)

// answerFactsExport serves /exports/answer-facts.csv and .xlsx: the fact table with the same filter
// as the graph's answerFacts (query parameters roundId, officeId, countyId, serviceId, questionCode,
// option), streamed so that a national export never sits whole in memory.
func (s *Server) answerFactsExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := auth.From(ctx)
	if !c.Signed() {
		http.Error(w, "sign in or send an API token", http.StatusUnauthorized)
		return
	}
	ext := strings.TrimPrefix(r.PathValue("file"), "answer-facts.")
	if ext != "csv" && ext != "xlsx" {
		http.NotFound(w, r)
		return
	}
	f, ok := factFilterOf(r.URL.Query())
	if !ok {
		http.Error(w, "bad filter", http.StatusBadRequest)
		return
	}
	scope := c.Scope()
	header, row := factColumns(scope.CaseWork)
	// Check the filter and the size before the first byte goes out, so a refusal is still a clean answer.
	_, _, total, err := s.store.AnswerFacts(ctx, scope, f, "", 0)
	if err != nil {
		if domain.IsCode(err, domain.CodeNotFound) {
			http.NotFound(w, r)
			return
		}
		s.log.ErrorContext(ctx, "export answer facts", "err", err)
		http.Error(w, "the export could not be made", http.StatusInternalServerError)
		return
	}
	if total > MaxExportRows {
		http.Error(w, fmt.Sprintf("the export would have %d rows, more than %d; narrow it with roundId, officeId, countyId, serviceId or questionCode", total, MaxExportRows),
			http.StatusRequestEntityTooLarge)
		return
	}
	// Streaming may take longer than a graph request, but not for ever.
	ctx, cancel := context.WithTimeout(ctx, ExportTimeout)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="answer-facts.`+ext+`"`)
	if ext == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		err = report.StreamCSV(w, header, func(emit func([]string) error) error {
			return s.store.EachAnswerFact(ctx, scope, f, func(a store.AnswerFact) error { return emit(row(a)) })
		})
	} else {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = report.StreamXLSX(w, "Fakta", header, func(emit func([]string) error) error {
			return s.store.EachAnswerFact(ctx, scope, f, func(a store.AnswerFact) error { return emit(row(a)) })
		})
	}
	if err != nil {
		// Headers are gone; the truncated download and the log tell what happened.
		s.log.ErrorContext(ctx, "export answer facts", "err", err)
	}
}

// factFilterOf reads the filter of an answer-fact export from its query parameters (roundId,
// officeId, countyId, serviceId, questionCode, option); false when one is malformed.
func factFilterOf(q url.Values) (store.FactFilter, bool) {
	num := func(name string) (int64, bool) {
		v := q.Get(name)
		if v == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil && n > 0
	}
	var f store.FactFilter
	var ok [4]bool
	f.RoundID, ok[0] = num("roundId")
	f.OfficeID, ok[1] = num("officeId")
	f.CountyID, ok[2] = num("countyId")
	f.ServiceID, ok[3] = num("serviceId")
	f.QuestionCode, f.Option = q.Get("questionCode"), domain.Option(q.Get("option"))
	return f, ok[0] && ok[1] && ok[2] && ok[3] && (f.Option == "" || f.Option.Valid())
}

// factColumns is the header and the row of an answer-fact export. Inside the service a row is an
// answer of a case; outside it, a service-level count (cases never leave the service), as in the
// graph's answerFacts.
func factColumns(inside bool) ([]string, func(store.AnswerFact) []string) {
	header := []string{"round_id", "round_number", "questionnaire_version", "question_code", "office_code", "county_number",
		"service_id", "service_name", "option", "count", "case_count", "submission_status"}
	if inside {
		header = append([]string{"answer_id"}, append(header, "case_number", "days_to_first_activity")...)
	}
	row := func(a store.AnswerFact) []string {
		out := []string{strconv.FormatInt(a.RoundID, 10), strconv.Itoa(a.RoundNumber),
			strconv.Itoa(a.QuestionnaireVersion), a.QuestionCode, a.OfficeCode, a.CountyNumber, strconv.FormatInt(a.ServiceID, 10),
			a.ServiceName, string(*a.Option), strconv.Itoa(a.Count), strconv.Itoa(a.CaseCount), string(a.SubmissionStatus)}
		if inside {
			days := ""
			if a.DaysToFirstActivity != nil {
				days = strconv.Itoa(*a.DaysToFirstActivity)
			}
			out = append([]string{optInt64(a.AnswerID)}, append(out, optInt(a.CaseNumber), days)...)
		}
		return out
	}
	return header, row
}

func optInt64(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
