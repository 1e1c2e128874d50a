package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/report"
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
