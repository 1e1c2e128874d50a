package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/workbook"
)

var baselineSubs = []sub{
	{"template", "egenkontroll baseline template --round N|--round-id ID [--service ID] --out FILE.xlsx (without --service: one row per service)"},
	{"import", "egenkontroll baseline import --round N|--round-id ID FILE.xlsx... (a workbook per service, or one with a row per service)"},
}

// baselineCmd brings an earlier round's results (done in Excel) in as the services' submitted
// summary forms of that round, so the next round compares with them (issue 12): one filled
// summary workbook (samleskjema) per service. All files are read first and every problem printed
// by file, sheet and cell; nothing is stored unless every file is valid.
func baselineCmd(ctx context.Context, log *slog.Logger, args []string, out io.Writer) error {
	sc, args, err := newSubcommand("baseline", args, "template or import")
	if err != nil {
		return err
	}
	round := sc.flags.Int("round", 0, "the round's number")
	roundID := sc.flags.Int64("round-id", 0, "the round's id (where several campaigns have a round with that number)")
	serviceID := sc.flags.Int64("service", 0, "the service (template)")
	outFile := sc.flags.String("out", "", "where to write the workbook (template)")
	var files, flags []string
	for _, a := range args {
		if strings.HasSuffix(strings.ToLower(a), ".xlsx") && !strings.HasPrefix(a, "-") && (len(flags) == 0 || flags[len(flags)-1] != "--out" && flags[len(flags)-1] != "-out") {
			files = append(files, a)
		} else {
			flags = append(flags, a)
		}
	}
	st, ctx, stopDB, err := sc.open(ctx, log, flags)
	if err != nil {
		return err
	}
	defer stopDB()
	form, err := roundForm(ctx, st, *round, *roundID)
	if err != nil {
		return err
	}
	switch sc.name {
	case "template":
		if *outFile == "" {
			return &usageError{"baseline template", errors.New("give --out")}
		}
		if *serviceID == 0 {
			// Several services in one workbook: one row per service of the country.
			byName, err := st.ServicesByName(ctx)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := workbook.BaselineSheet(&buf, *form, workbook.SortedServices(byName)); err != nil {
				return err
			}
			if err := os.WriteFile(*outFile, buf.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(out, "Wrote the baseline workbook of round %d for %d services to %s.\n", form.Round.Number, len(byName), *outFile)
			return nil
		}
		svc, err := st.VisibleService(ctx, auth.From(ctx).Scope(), *serviceID)
		if err != nil {
			return err
		}
		form.ServiceID, form.ServiceName = svc.ID, svc.Name
		var buf bytes.Buffer
		if err := workbook.Summary(&buf, *form); err != nil {
			return err
		}
		if err := os.WriteFile(*outFile, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "Wrote the summary workbook of round %d for %s to %s.\n", form.Round.Number, svc.Name, *outFile)
		return nil
	case "import":
		if len(files) == 0 {
			return &usageError{"baseline import", errors.New("give one or more .xlsx files")}
		}
		return importBaseline(ctx, st, form, files, out)
	}
	return fmt.Errorf("baseline: unknown subcommand %q (template or import)", sc.name)
}

// roundForm loads the round with that id, or else with that number, and its questionnaire version.
func roundForm(ctx context.Context, st *store.Store, number int, id int64) (*workbook.Form, error) {
	rounds, err := st.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	var found []store.Round
	for _, r := range rounds {
		if (id != 0 && r.ID == id) || (id == 0 && r.Number == number) {
			found = append(found, r)
		}
	}
	if id != 0 && len(found) != 1 {
		return nil, fmt.Errorf("baseline: no round has id %d", id)
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("baseline: %d rounds have number %d; give the number of exactly one, or --round-id", len(found), number)
	}
	qn, err := st.Questionnaire(ctx, found[0].QuestionnaireID)
	if err != nil {
		return nil, err
	}
	qs, err := st.QuestionsByQuestionnaire(ctx, []int64{qn.ID})
	if err != nil {
		return nil, err
	}
	return &workbook.Form{Round: found[0], Questionnaire: *qn, Questions: qs}, nil
}

func importBaseline(ctx context.Context, st *store.Store, form *workbook.Form, files []string, out io.Writer) error {
	services, err := st.ServicesByName(ctx)
	if err != nil {
		return err
	}
	var problems []string
	var read []workbook.File
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		read = append(read, workbook.File{Name: name, Body: body})
	}
	baselines, found := workbook.Baselines(read, *form, services, func(i int, name string) {
		fmt.Fprintf(out, "[%d/%d] reading %s\n", i+1, len(read), name)
	})
	for _, p := range found {
		problems = append(problems, fmt.Sprintf("%s: %s", p.Path, p.Text.EN))
	}
	if len(problems) == 0 {
		_, err := st.ImportBaselines(ctx, form.Round.ID, baselines, func(i int, b store.Baseline, sub *store.Submission) {
			fmt.Fprintf(out, "[%d/%d] stored %s: service %d, %d cases, form %d submitted\n", i+1, len(baselines), b.Source, b.ServiceID, b.Totals.CaseCount, sub.ID)
		})
		if de, ok := domain.AsError(err); ok {
			if list, ok := de.Extra["problems"].([]map[string]any); ok {
				for _, p := range list {
					problems = append(problems, fmt.Sprintf("%s: %s", p["path"], p["message"].(map[string]string)["en"]))
				}
			} else {
				problems = append(problems, de.Text.EN)
			}
		} else if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(out, p)
		}
		return fmt.Errorf("%d problems; nothing was stored", len(problems))
	}
	fmt.Fprintf(out, "Imported %d services' results as round %d.\n", len(baselines), form.Round.Number)
	return nil
}
