package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/workbook"
)

// The Excel forms of a round for one service (issue 12): GET /workbooks/{service}/{round}/
// egenkontrollskjema.xlsx (one row per case) and samleskjema.xlsx (the totals), and POST
// /workbooks/{service}/{round} with a filled one as the body, which comes in as cases or as totals,
// all or nothing. Only the service's own people (leader and staff): the workbooks are working
// papers. Cookies are SameSite=Lax, so another site cannot post with them.

// MaxWorkbookBytes bounds an uploaded workbook.
const MaxWorkbookBytes = 10 << 20

func (s *Server) workbookForm(ctx context.Context, w http.ResponseWriter, r *http.Request) (serviceID int64, form *workbook.Form, ok bool) {
	c := auth.From(ctx)
	if !c.Signed() {
		http.Error(w, "sign in or send an API token", http.StatusUnauthorized)
		return 0, nil, false
	}
	svc, err1 := strconv.ParseInt(r.PathValue("service"), 10, 64)
	round, err2 := strconv.ParseInt(r.PathValue("round"), 10, 64)
	if err1 != nil || err2 != nil || !c.Scope().SeesCaseWork(svc) {
		http.NotFound(w, r)
		return 0, nil, false
	}
	rd, err := s.store.Round(ctx, round)
	if err != nil {
		http.NotFound(w, r)
		return 0, nil, false
	}
	qn, err := s.store.Questionnaire(ctx, rd.QuestionnaireID)
	if err != nil {
		http.NotFound(w, r)
		return 0, nil, false
	}
	qs, err := s.store.QuestionsByQuestionnaire(ctx, []int64{qn.ID})
	if err != nil {
		s.log.ErrorContext(ctx, "workbook questions", "err", err)
		http.Error(w, "the workbook could not be made", http.StatusInternalServerError)
		return 0, nil, false
	}
	service, err := s.store.VisibleService(ctx, c.Scope(), svc)
	if err != nil {
		http.NotFound(w, r)
		return 0, nil, false
	}
	return svc, &workbook.Form{Round: *rd, Questionnaire: *qn, Questions: qs, ServiceID: svc, ServiceName: service.Name}, true
}

// workbookDownload serves a blank workbook of the round's questionnaire version.
func (s *Server) workbookDownload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("file")
	kind, ext, _ := strings.Cut(name, ".")
	if ext != "xlsx" || (kind != "egenkontrollskjema" && kind != "samleskjema") {
		http.NotFound(w, r)
		return
	}
	svc, form, ok := s.workbookForm(ctx, w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	var err error
	if kind == "samleskjema" {
		err = workbook.Summary(&buf, *form)
	} else {
		err = workbook.Cases(&buf, *form)
	}
	if err != nil {
		s.log.ErrorContext(ctx, "workbook", "err", err)
		http.Error(w, "the workbook could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%d-runde-%d.xlsx"`, kind, svc, form.Round.Number))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// WorkbookResult is the answer to an upload.
type WorkbookResult struct {
	Kind         string           `json:"kind,omitempty"`
	Cases        int              `json:"cases"`
	SubmissionID string           `json:"submissionId,omitempty"`
	Code         string           `json:"code,omitempty"`
	Message      string           `json:"message,omitempty"`
	Problems     []map[string]any `json:"problems,omitempty"`
	// Checked: the baseline files were only checked (?check=1), nothing stored.
	Checked bool `json:"checked,omitempty"`
}

// workbookUpload reads a filled workbook and stores it as cases or totals, all or nothing. Problems
// answer 422 with every one by sheet and cell.
func (s *Server) workbookUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	svc, form, ok := s.workbookForm(ctx, w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWorkbookBytes))
	if err != nil {
		http.Error(w, "the workbook is too large", http.StatusRequestEntityTooLarge)
		return
	}
	ctx = domain.ConfirmWarnings(ctx, r.URL.Query().Get("confirmWarnings") == "true")
	lang := domain.LangFrom(ctx)
	answer := func(status int, res WorkbookResult) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(res)
	}
	fail := func(err error) {
		de, isDomain := domain.AsError(err)
		if !isDomain {
			s.log.ErrorContext(ctx, "workbook upload", "err", err)
			answer(http.StatusInternalServerError, WorkbookResult{Code: string(domain.CodeInternal), Message: "internal error"})
			return
		}
		res := WorkbookResult{Code: string(de.Code), Message: de.Message(lang)}
		if p, ok := de.Extra["problems"].([]map[string]any); ok {
			res.Problems = p
		}
		status := http.StatusUnprocessableEntity
		switch de.Code {
		case domain.CodeForbidden:
			status = http.StatusForbidden
		case domain.CodeNotFound:
			status = http.StatusNotFound
		}
		answer(status, res)
	}
	read, problems := workbook.Parse(bytes.NewReader(body), *form)
	if read != nil && read.ServiceID != 0 && read.ServiceID != svc {
		problems = append(problems, domain.Problemf(workbook.SheetVersion+"!B6", domain.CodeBadInput,
			"Arbeidsboken er laget for en annen tjeneste.", "Arbeidsboka er laga for ei anna teneste.", "The workbook was made for another service."))
	}
	if len(problems) > 0 {
		fail(domain.ErrProblems(problems))
		return
	}
	var sub *store.Submission
	res := WorkbookResult{Kind: read.Kind}
	if read.Kind == workbook.KindCases {
		sub, err = s.store.ImportCases(ctx, svc, form.Round.ID, read.Cases)
		res.Cases = len(read.Cases)
	} else {
		sub, err = s.store.SaveTotalsAt(ctx, svc, form.Round.ID, read.Totals, nil, read.Locate)
		res.Cases = read.Totals.CaseCount
	}
	if err != nil {
		fail(err)
		return
	}
	res.SubmissionID = strconv.FormatInt(sub.ID, 10)
	answer(http.StatusOK, res)
}

// The baseline of a round (issue 12): Helsetilsynet's campaign staff bring an earlier round's
// results, done in Excel, in as the services' submitted summary forms, so the next round compares
// with them. GET /baseline/{round}/samleskjema.xlsx is the summary workbook without a service (the
// service's name goes in Samleskjema!B2); POST /baseline/{round} takes one or more filled ones as
// multipart files ("file"), all or nothing.

func (s *Server) baselineForm(w http.ResponseWriter, r *http.Request) (*workbook.Form, bool) {
	ctx := r.Context()
	c := auth.From(ctx)
	if !c.Signed() {
		http.Error(w, "sign in or send an API token", http.StatusUnauthorized)
		return nil, false
	}
	if c.Can(auth.ActManage, auth.Target{}) != nil {
		http.Error(w, "only Helsetilsynet's campaign staff", http.StatusForbidden)
		return nil, false
	}
	round, err := strconv.ParseInt(r.PathValue("round"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return nil, false
	}
	rd, err := s.store.Round(ctx, round)
	if err != nil {
		http.NotFound(w, r)
		return nil, false
	}
	qn, err := s.store.Questionnaire(ctx, rd.QuestionnaireID)
	if err != nil {
		http.NotFound(w, r)
		return nil, false
	}
	qs, err := s.store.QuestionsByQuestionnaire(ctx, []int64{qn.ID})
	if err != nil {
		http.Error(w, "the workbook could not be made", http.StatusInternalServerError)
		return nil, false
	}
	return &workbook.Form{Round: *rd, Questionnaire: *qn, Questions: qs}, true
}

func (s *Server) baselineTemplate(w http.ResponseWriter, r *http.Request) {
	form, ok := s.baselineForm(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := workbook.Summary(&buf, *form); err != nil {
		http.Error(w, "the workbook could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="samleskjema-runde-%d.xlsx"`, form.Round.Number))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// baselineSheet is the workbook for several services at once: one row per service of the country
// (its id and name filled in), GET /baseline/{round}/grunnlag.xlsx.
func (s *Server) baselineSheet(w http.ResponseWriter, r *http.Request) {
	form, ok := s.baselineForm(w, r)
	if !ok {
		return
	}
	byName, err := s.store.ServicesByName(r.Context())
	if err != nil {
		http.Error(w, "the workbook could not be made", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := workbook.BaselineSheet(&buf, *form, workbook.SortedServices(byName)); err != nil {
		http.Error(w, "the workbook could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="grunnlag-runde-%d.xlsx"`, form.Round.Number))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) baselineUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form, ok := s.baselineForm(w, r)
	if !ok {
		return
	}
	answer := func(status int, res WorkbookResult) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(res)
	}
	r.Body = http.MaxBytesReader(w, r.Body, 20*MaxWorkbookBytes)
	if err := r.ParseMultipartForm(MaxWorkbookBytes); err != nil {
		answer(http.StatusBadRequest, WorkbookResult{Code: string(domain.CodeBadInput), Message: "send the workbooks as multipart files named file"})
		return
	}
	var files []workbook.File
	for _, fh := range r.MultipartForm.File["file"] {
		f, err := fh.Open()
		if err != nil {
			continue
		}
		body, err := io.ReadAll(f)
		_ = f.Close()
		if err == nil {
			files = append(files, workbook.File{Name: fh.Filename, Body: body})
		}
	}
	services, err := s.store.ServicesByName(ctx)
	if err != nil {
		answer(http.StatusInternalServerError, WorkbookResult{Code: string(domain.CodeInternal), Message: "internal error"})
		return
	}
	baselines, problems := workbook.Baselines(files, *form, services, nil)
	if len(files) == 0 {
		problems = append(problems, domain.Problemf("", domain.CodeRequiredMissing, "Velg minst én arbeidsbok.", "Vel minst éi arbeidsbok.", "Choose at least one workbook."))
	}
	check := r.URL.Query().Get("check") == "1"
	if len(problems) == 0 && !check {
		_, err = s.store.ImportBaselines(ctx, form.Round.ID, baselines, nil)
	} else if len(problems) > 0 {
		err = domain.ErrProblems(problems)
	}
	if err != nil {
		de, isDomain := domain.AsError(err)
		if !isDomain {
			s.log.ErrorContext(ctx, "baseline import", "err", err)
			answer(http.StatusInternalServerError, WorkbookResult{Code: string(domain.CodeInternal), Message: "internal error"})
			return
		}
		res := WorkbookResult{Code: string(de.Code), Message: de.Message(domain.LangFrom(ctx))}
		res.Problems, _ = de.Extra["problems"].([]map[string]any)
		answer(http.StatusUnprocessableEntity, res)
		return
	}
	// With ?check=1 the files are only read and checked (the web page checks each file in turn,
	// showing its progress, before it imports them all at once); nothing is stored.
	answer(http.StatusOK, WorkbookResult{Kind: "baseline", Cases: len(baselines), Checked: check})
}
