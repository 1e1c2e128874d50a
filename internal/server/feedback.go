package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/report"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// feedbackExport serves /exports/feedback/{round}.csv and .xlsx: every service's last submitted
// answers on the supervision itself (document 002), one row per answer, by office and service,
// for Helsetilsynet's analysts (the same rule as the graph's supervisionFeedback). The optional
// query parameter officeId narrows it to one office.
func (s *Server) feedbackExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := auth.From(ctx)
	if !c.Signed() {
		http.Error(w, "sign in or send an API token", http.StatusUnauthorized)
		return
	}
	if err := c.Allows("Query.supervisionFeedback"); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	roundPart, ext, _ := strings.Cut(r.PathValue("file"), ".")
	round, err := strconv.ParseInt(roundPart, 10, 64)
	if err != nil || (ext != "csv" && ext != "xlsx") {
		http.NotFound(w, r)
		return
	}
	var office int64
	if v := r.URL.Query().Get("officeId"); v != "" {
		if office, err = strconv.ParseInt(v, 10, 64); err != nil || office <= 0 {
			http.Error(w, "bad officeId", http.StatusBadRequest)
			return
		}
	}
	rows, err := s.store.SupervisionFeedback(ctx, round, office)
	switch {
	case domain.IsCode(err, domain.CodeNotFound):
		http.NotFound(w, r)
		return
	case domain.IsCode(err, domain.CodeForbidden):
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	case err != nil:
		s.log.ErrorContext(ctx, "export supervision feedback", "err", err)
		http.Error(w, "the export could not be made", http.StatusInternalServerError)
		return
	}
	questions, err := s.store.FeedbackQuestions(ctx, round)
	if err != nil {
		s.log.ErrorContext(ctx, "export supervision feedback", "err", err)
		http.Error(w, "the export could not be made", http.StatusInternalServerError)
		return
	}
	byID := map[int64]store.ReflectionQuestion{}
	for _, q := range questions {
		byID[q.ID] = q
	}
	offices, err := s.store.OfficeNames(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "export supervision feedback", "err", err)
		http.Error(w, "the export could not be made", http.StatusInternalServerError)
		return
	}
	lang := domain.LangFrom(ctx)
	header := []string{"office_code", "office", "service_id", "service_name", "revision", "submitted_at", "question_code", "question", "answer"}
	each := func(emit func([]string) error) error {
		for _, row := range rows {
			for _, a := range row.Answers {
				q := byID[a.QuestionID]
				if err := emit([]string{row.OfficeCode, offices[row.OfficeID].In(lang), strconv.FormatInt(row.ServiceID, 10), row.ServiceName,
					strconv.Itoa(row.Revision), domain.FormatInstant(row.SubmittedAt, lang), q.Code, q.Text.In(lang), a.Answer}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	name := "tilbakemeldinger-runde-" + strconv.FormatInt(round, 10) + "." + ext
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if ext == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		err = report.StreamCSV(w, header, each)
	} else {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = report.StreamXLSX(w, "Tilbakemeldinger", header, each)
	}
	if err != nil {
		s.log.ErrorContext(ctx, "export supervision feedback", "err", err)
	}
}
