package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
)

// The command line exports a version, and imports a file: every problem by path and nothing
// stored when it has any; a summary of the lineage, a draft, and published with --publish.
func TestQuestionnaireCommand(t *testing.T) {
	dsn, st := seededStore(t)
	ctx := context.Background()
	sys := auth.WithCaller(ctx, auth.System)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	run := func(stdin string, args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := questionnaireCmd(ctx, log, append(args, "--database-url", dsn), strings.NewReader(stdin), &out, &errOut)
		return out.String(), errOut.String(), err
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "v3.json")

	// Export version 2 to standard output, and as the start of version 3 to a file.
	out, _, err := run("", "export", "--version", "2")
	if err != nil || !strings.Contains(out, `"version": 2`) || !strings.Contains(out, `"kind": "SPLIT"`) {
		t.Fatalf("export: %v\n%s", err, out)
	}
	out, _, err = run("", "export", "--version", "2", "--next", "--out", file)
	if err != nil || !strings.Contains(out, "Exported version 2") || !strings.Contains(out, "version 3") {
		t.Fatalf("export --next: %v\n%s", err, out)
	}
	if _, _, err := run("", "export", "--version", "9"); err == nil {
		t.Fatal("exported a version that does not exist")
	}

	// A broken file: every problem, by path, and nothing stored.
	b, _ := os.ReadFile(file)
	d, _ := questionnaire.ParseBytes(b)
	d.Sections[0].Questions[0].Text.EN = ""
	d.Sections[2].Questions[1].Options = append(d.Sections[2].Questions[1].Options, "NOT_POSSIBLE")
	broken := filepath.Join(dir, "broken.json")
	bb, _ := questionnaire.Marshal(d)
	_ = os.WriteFile(broken, bb, 0o644)
	_, errOut, err := run("", "import", broken)
	for _, want := range []string{"sections[0].questions[0].text: Missing text in en", `sections[2].questions[1].options: "NOT_POSSIBLE" needs guidance`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("problems lack %q:\n%s", want, errOut)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "nothing imported") {
		t.Fatalf("a broken file: %v", err)
	}

	// A dry run, then the import with --publish, from standard input.
	out, _, err = run("", "import", file, "--dry-run")
	if err != nil || !regexp.MustCompile(`Against version 2: \d+ SAME\.`).MatchString(out) || !strings.Contains(out, "Dry run") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, _, err = run(string(b), "import", "-", "--publish")
	if err != nil || !strings.Contains(out, "Imported version 3 as a draft") || !strings.Contains(out, "Published version 3") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	q, err := st.QuestionnaireByVersion(sys, "", 3)
	if err != nil || !q.Published() {
		t.Fatalf("version 3: %+v %v", q, err)
	}
	// Published: importing it again is refused.
	if _, errOut, err := run("", "import", file); err == nil || !strings.Contains(errOut, "version: Version 3 is published") {
		t.Fatalf("import over a published version: %v\n%s", err, errOut)
	}
	// The command line is checked before any database opens.
	var usage *usageError
	for _, args := range [][]string{{"import"}, {"export"}, {"import", "--publish"}} {
		if err := questionnaireCmd(ctx, log, args, nil, io.Discard, io.Discard); !asUsage(err, &usage) {
			t.Fatalf("%v: %v, want a usage error", args, err)
		}
	}
}

func asUsage(err error, out **usageError) bool {
	return errors.As(err, out)
}
