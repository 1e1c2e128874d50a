package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

var questionnaireSubs = []sub{
	{"export", "egenkontroll questionnaire export --version N [--campaign CODE] [--next] [--out FILE]"},
	{"import", "egenkontroll questionnaire import FILE [--publish] [--dry-run]   (FILE - reads standard input)"},
}

// questionnaireCmd exports and imports questionnaire versions as files (README: "Questionnaire
// files"), as the command line (audited). Progress and a summary go to stdout, problems to stderr.
func questionnaireCmd(ctx context.Context, log *slog.Logger, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sc, args, err := newSubcommand("questionnaire", args, "export or import")
	if err != nil {
		return err
	}
	var file string
	if sc.name == "import" && len(args) > 0 && (args[0] == "-" || !strings.HasPrefix(args[0], "-")) {
		file, args = args[0], args[1:]
	}
	o := questionnaireOptions{
		version:  sc.flags.Int("version", 0, "the version to export (export)"),
		campaign: sc.flags.String("campaign", "", "campaign code (export; default: the newest campaign with that version)"),
		next:     sc.flags.Bool("next", false, "export the version as the starting point of the next one: version+1, every question SAME (export)"),
		out:      sc.flags.String("out", "", "write the file here instead of standard output (export)"),
		publish:  sc.flags.Bool("publish", false, "publish the imported version at once, making it immutable (import)"),
		dryRun:   sc.flags.Bool("dry-run", false, "check the file and show the difference, store nothing (import)"),
		file:     file,
	}
	switch {
	case sc.name == "export":
		if err := parseFlags(sc.flags, args); err != nil {
			return err
		}
		if *o.version < 1 {
			return &usageError{sc.flags.Name(), errors.New("say which version: --version N")}
		}
	case file == "":
		if err := parseFlags(sc.flags, args); err != nil {
			return err
		}
		return &usageError{sc.flags.Name(), errors.New("say which file: egenkontroll questionnaire import FILE")}
	}
	// Read the file before the database opens, so a missing file costs nothing.
	var data []byte
	if sc.name == "import" {
		if file == "-" {
			data, err = io.ReadAll(io.LimitReader(stdin, questionnaire.MaxFileBytes+1))
		} else {
			data, err = os.ReadFile(file)
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
	}
	st, ctx, stopDB, err := sc.open(ctx, log, args)
	if err != nil {
		return err
	}
	defer stopDB()
	if sc.name == "export" {
		return exportQuestionnaire(ctx, st, o, stdout)
	}
	return importQuestionnaire(ctx, st, o, data, stdout, stderr)
}

// questionnaireOptions are the flags of questionnaire export and import, and the file imported.
type questionnaireOptions struct {
	version               *int
	campaign, out         *string
	next, publish, dryRun *bool
	file                  string
}

// exportQuestionnaire writes a version's file to --out or stdout (with --next, as the start of
// the next version).
func exportQuestionnaire(ctx context.Context, st *store.Store, o questionnaireOptions, stdout io.Writer) error {
	q, err := st.QuestionnaireByVersion(ctx, *o.campaign, *o.version)
	if err != nil {
		return err
	}
	d, err := st.QuestionnaireDefinition(ctx, q.ID)
	if err != nil {
		return err
	}
	if *o.next {
		d = questionnaire.AsNext(d)
	}
	b, err := questionnaire.Marshal(d)
	if err != nil {
		return err
	}
	if *o.out == "" {
		_, err = stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*o.out, b, 0o644); err != nil {
		return err
	}
	what := fmt.Sprintf("version %d", q.Version)
	if *o.next {
		what += fmt.Sprintf(" as the start of version %d", d.Version)
	}
	fmt.Fprintf(stdout, "Exported %s of %s (%d sections, %d questions) to %s.\n", what, d.Campaign, len(d.Sections), len(d.Questions()), *o.out)
	return nil
}

// importQuestionnaire checks the file and shows what it changes, then (unless --dry-run) stores
// it as a draft, published at once with --publish.
func importQuestionnaire(ctx context.Context, st *store.Store, o questionnaireOptions, data []byte, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "Reading %s (%d bytes)…\n", o.file, len(data))
	p, err := st.PreviewQuestionnaire(ctx, data)
	if err != nil {
		return err
	}
	if !p.Valid() {
		for _, pr := range p.Problems {
			fmt.Fprintln(stderr, "  "+pr.English())
		}
		return fmt.Errorf("%d problem(s) in %s; nothing imported", len(p.Problems), o.file)
	}
	summarise(stdout, p)
	if *o.dryRun {
		fmt.Fprintln(stdout, "Dry run: nothing stored.")
		return nil
	}
	q, p, err := st.ImportQuestionnaire(ctx, data)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && p != nil {
			for _, pr := range p.Problems {
				fmt.Fprintln(stderr, "  "+pr.English())
			}
		}
		return err
	}
	fmt.Fprintf(stdout, "Imported version %d as a draft (id %d).\n", q.Version, q.ID)
	if *o.publish {
		if _, err := st.PublishQuestionnaire(ctx, q.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Published version %d: it can no longer change.\n", q.Version)
	} else {
		fmt.Fprintln(stdout, "Publish it in the web app (/sporreskjema) or with --publish before a round can use it.")
	}
	return nil
}

// summarise prints what a valid file holds and how it continues the version it descends from.
func summarise(w io.Writer, p *store.QuestionnairePreview) {
	d := p.Definition
	fmt.Fprintf(w, "Version %d of %s, %q: %d sections, %d questions, %d reflection and %d feedback questions.\n",
		d.Version, d.Campaign, d.Title.NB, len(d.Sections), len(d.Questions()), len(d.ReflectionQuestions), len(d.FeedbackQuestions))
	if p.ReplacesDraft != nil {
		fmt.Fprintf(w, "Replaces the draft of version %d.\n", p.ReplacesDraft.Version)
	}
	if p.DescendsFrom == nil {
		fmt.Fprintln(w, "Descends from no earlier version: every question is NEW.")
		return
	}
	counts := map[domain.QuestionLineageKind]int{}
	for _, c := range p.Changes {
		counts[c.Kind]++
	}
	kinds := make([]domain.QuestionLineageKind, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kindOrder(kinds[i]) < kindOrder(kinds[j]) })
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	fmt.Fprintf(w, "Against version %d: %s.\n", p.DescendsFrom.Version, strings.Join(parts, ", "))
	for _, c := range p.Changes {
		if c.Kind == domain.LineageSame {
			continue
		}
		fmt.Fprintf(w, "  %-15s %-6s ← %s\n", c.Kind, c.Code, strings.Join(c.PreviousCodes, ", "))
	}
}

// kindOrder orders lineage kinds as the schema lists them (REMOVED last).
func kindOrder(k domain.QuestionLineageKind) int {
	for i, x := range domain.QuestionLineageKinds {
		if x == k {
			return i
		}
	}
	return 99
}
