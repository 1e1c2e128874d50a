package questionnaire

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func tx(s string) domain.Text   { return domain.Text{NB: s + " nb", NN: s + " nn", EN: s + " en"} }
func txp(s string) *domain.Text { t := tx(s); return &t }

func v1() *Definition {
	return &Definition{Format: 1, Campaign: "c", Version: 1, Title: tx("Skjema"),
		CaseFields: CaseFields{Outcome: true, Months: true},
		Sections: []Section{
			{Code: "1", Title: tx("Del 1"), Questions: []Question{
				{Code: "1.1", Text: tx("a"), Options: []domain.Option{"YES", "NO"}, Required: true},
				{Code: "1.2", Text: tx("b"), Options: []domain.Option{"YES", "PARTLY", "NO", "NOT_POSSIBLE"}, NotPossibleGuidance: txp("np"), Required: true, Comment: true},
			}},
			{Code: "2", Title: tx("Del 2"), Questions: []Question{
				{Code: "2.1", Text: tx("c"), Options: []domain.Option{"YES", "NO"}},
				{Code: "2.2", Text: tx("d"), Options: []domain.Option{"YES", "NO"}},
			}},
		},
		ReflectionQuestions: []FreeText{{Code: "R1", Text: tx("r")}},
		FeedbackQuestions:   []FreeText{{Code: "F1", Text: tx("f")}},
	}
}

// validateCase is a change to a valid definition and the paths Validate must name, in order.
type validateCase struct {
	name   string
	change func(d *Definition)
	want   []string // paths with problems, in order
}

// validateCases are the definitions TestValidate checks: a valid first version changed in one way
// each, some made into the next version first.
func validateCases() []validateCase {
	two := 1
	next := func(f func(d *Definition)) func(d *Definition) {
		return func(d *Definition) {
			*d = *AsNext(d)
			f(d)
		}
	}
	return []validateCase{
		{"valid first version", func(d *Definition) {}, nil},
		{"valid next version", next(func(d *Definition) {}), nil},
		{"NOT_POSSIBLE needs guidance", func(d *Definition) { d.Sections[0].Questions[1].NotPossibleGuidance = nil }, []string{"sections[0].questions[1].options"}},
		{"guidance on not possible without the option", func(d *Definition) { d.Sections[0].Questions[0].NotPossibleGuidance = txp("x") }, []string{"sections[0].questions[0].notPossibleGuidance"}},
		{"missing languages", func(d *Definition) { d.Title.NN = ""; d.Sections[1].Questions[0].Text.EN = " " }, []string{"title", "sections[1].questions[0].text"}},
		{"duplicate and bad codes", func(d *Definition) {
			d.Sections[1].Code = "1"
			d.Sections[1].Questions[1].Code = "1.1"
			d.Sections[0].Questions[0].Code = "1.1"
			d.FeedbackQuestions[0].Code = "R1"
			d.Sections[1].Questions[0].Code = "a b"
		}, []string{"sections[1].code", "sections[1].questions[0].code", "sections[1].questions[1].code", "feedbackQuestions[0].code"}},
		{"options", func(d *Definition) {
			d.Sections[0].Questions[0].Options = []domain.Option{"YES", "MAYBE", "YES"}
			d.Sections[1].Questions[0].Options = nil
			d.Sections[1].Questions[1].Options = []domain.Option{"NOT_APPLICABLE"}
		}, []string{"sections[0].questions[0].options[1]", "sections[0].questions[0].options[2]", "sections[1].questions[0].options", "sections[1].questions[1].options"}},
		{"every error at once", func(d *Definition) {
			d.Format, d.Campaign, d.Version = 2, "", 0
			d.Sections[1].Questions = nil
		}, []string{"format", "campaign", "version", "sections[1].questions"}},
		{"lineage without descendsFrom", func(d *Definition) {
			d.Sections[0].Questions[0].Lineage = &Lineage{Kind: domain.LineageSame, Previous: []string{"1.1"}}
		}, []string{"sections[0].questions[0].lineage"}},
		{"unknown previous version", func(d *Definition) { d.DescendsFrom = &two; d.Version = 2 }, []string{"descendsFrom", "sections[0].questions[0].lineage", "sections[0].questions[1].lineage", "sections[1].questions[0].lineage", "sections[1].questions[1].lineage"}},
		{"lineage to unknown code and wrong kinds", next(func(d *Definition) {
			d.Sections[0].Questions[0].Lineage = &Lineage{Kind: domain.LineageSame, Previous: []string{"9.9"}}
			d.Sections[0].Questions[1].Lineage.Kind = "SIMILAR"
			d.Sections[1].Questions[0].Text = tx("changed")
			d.Sections[1].Questions[1].Lineage = &Lineage{Kind: domain.LineageMerged, Previous: []string{"2.2"}}
			d.Removed = []string{"1.1"}
		}), []string{"sections[0].questions[0].lineage.previous[0]", "sections[0].questions[1].lineage.kind", "sections[1].questions[0].lineage.kind", "sections[1].questions[1].lineage.previous", "removed"}},
		{"a previous question neither continued nor removed", next(func(d *Definition) {
			d.Sections[1].Questions[1].Lineage = &Lineage{Kind: domain.LineageNew, Previous: []string{}}
		}), []string{"removed"}},
		{"changed options and text", next(func(d *Definition) {
			d.Sections[0].Questions[0].Options = []domain.Option{"YES", "PARTLY", "NO"}
			d.Sections[0].Questions[0].Lineage.Kind = domain.LineageChangedOptions
			d.Sections[1].Questions[0].Text = tx("reworded")
			d.Sections[1].Questions[0].Lineage.Kind = domain.LineageChangedText
		}), nil},
		{"CHANGED_OPTIONS with the same options", next(func(d *Definition) { d.Sections[0].Questions[0].Lineage.Kind = domain.LineageChangedOptions }), []string{"sections[0].questions[0].lineage.kind"}},
		{"split, merged, new and removed", next(func(d *Definition) {
			s := &d.Sections[1]
			s.Questions = []Question{
				{Code: "2.1a", Text: tx("c1"), Options: []domain.Option{"YES", "NO"}, Lineage: &Lineage{Kind: domain.LineageSplit, Previous: []string{"2.1"}}},
				{Code: "2.1b", Text: tx("c2"), Options: []domain.Option{"YES", "NO"}, Lineage: &Lineage{Kind: domain.LineageSplit, Previous: []string{"2.1"}}},
				{Code: "2.3", Text: tx("new"), Options: []domain.Option{"YES", "NO"}, Lineage: &Lineage{Kind: domain.LineageNew, Previous: []string{}}},
			}
			d.Sections[0].Questions[1] = Question{Code: "1.2", Text: tx("ab"), Options: []domain.Option{"YES", "NO"}, Lineage: &Lineage{Kind: domain.LineageMerged, Previous: []string{"1.2", "2.2"}}}
			d.Sections[0].Questions = d.Sections[0].Questions[1:]
			d.Removed = []string{"1.1"}
		}), nil},
		{"a split into one question", next(func(d *Definition) { d.Sections[1].Questions[0].Lineage.Kind = domain.LineageSplit }), []string{"sections[1].questions[0].lineage"}},
		{"continued twice", next(func(d *Definition) {
			d.Sections[1].Questions[1].Lineage = &Lineage{Kind: domain.LineageChangedText, Previous: []string{"2.1"}}
		}), []string{"sections[1].questions[1].lineage.previous[0]", "removed"}},
		{"removed but continued", next(func(d *Definition) { d.Removed = []string{"2.1", "7"} }), []string{"removed[0]", "removed[1]"}},
	}
}

func TestValidate(t *testing.T) {
	for _, c := range validateCases() {
		t.Run(c.name, func(t *testing.T) {
			d := v1()
			c.change(d)
			var prev *Definition
			if d.DescendsFrom != nil && *d.DescendsFrom == 1 && d.Version == 2 && c.name != "unknown previous version" {
				prev = v1()
			}
			got := []string{}
			for _, p := range Validate(d, prev) {
				got = append(got, p.Path)
				if p.Message.NB == "" || p.Message.NN == "" || p.Message.EN == "" {
					t.Errorf("%s: message not in all three languages: %+v", p.Path, p.Message)
				}
			}
			if c.want == nil {
				c.want = []string{}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("problems at %q, want %q\n%v", got, c.want, Validate(d, prev))
			}
		})
	}
}

func TestNotPossibleMessage(t *testing.T) {
	d := v1()
	d.Sections[0].Questions[1].NotPossibleGuidance = nil
	ps := Validate(d, nil)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].English(), `sections[0].questions[1].options: "NOT_POSSIBLE" needs guidance`) {
		t.Fatalf("got %v", ps)
	}
}

func TestParse(t *testing.T) {
	good, err := Marshal(v1())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, in, want string // want: a part of the only problem, "" for none
	}{
		{"export parses", string(good), ""},
		{"not JSON", "{\n\"format\": 1,\n oops}", "line 3"},
		{"unknown field", `{"format":1,"colour":"red"}`, `Unknown field "colour"`},
		{"wrong type", `{"format":"one"}`, "Must be int"},
		{"empty", ``, "empty"},
		{"trailing", string(good) + "{}", "more after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, ps := ParseBytes([]byte(c.in))
			switch {
			case c.want == "" && (len(ps) > 0 || d == nil):
				t.Fatalf("problems %v", ps)
			case c.want != "" && (len(ps) != 1 || !strings.Contains(ps[0].English(), c.want)):
				t.Fatalf("problems %v, want one with %q", ps, c.want)
			}
		})
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	d := v1()
	b, err := Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, ps := ParseBytes(b)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	b2, _ := Marshal(back)
	if string(b) != string(b2) {
		t.Fatalf("not the same after a round trip:\n%s\n%s", b, b2)
	}
}

func TestDiff(t *testing.T) {
	d := AsNext(v1())
	d.Sections[0].Questions[0].Options = []domain.Option{"YES", "PARTLY", "NO"}
	d.Sections[0].Questions[0].Lineage.Kind = domain.LineageChangedOptions
	d.Sections[0].Questions[1].Guidance = txp("g")
	d.Sections[1].Questions = d.Sections[1].Questions[:1]
	d.Sections[1].Questions = append(d.Sections[1].Questions, Question{Code: "2.9", Text: tx("n"), Options: []domain.Option{"YES", "NO"}, Lineage: &Lineage{Kind: domain.LineageNew}})
	d.Removed = []string{"2.2"}
	if ps := Validate(d, v1()); len(ps) > 0 {
		t.Fatal(ps)
	}
	got := []string{}
	for _, c := range Diff(d, v1()) {
		got = append(got, string(c.Kind)+" "+c.Code+"<"+strings.Join(c.PreviousCodes, "+"))
		if c.Kind == domain.LineageSame && c.Code == "1.2" && !c.GuidanceChanged {
			t.Error("1.2: guidance change not seen")
		}
		if c.Kind == domain.LineageRemoved && (len(c.Previous) != 1 || c.Previous[0].Text != tx("d")) {
			t.Errorf("removed: old text %v", c.Previous)
		}
	}
	want := []string{"CHANGED_OPTIONS 1.1<1.1", "SAME 1.2<1.2", "SAME 2.1<2.1", "NEW 2.9<", "REMOVED <2.2"}
	if !slices.Equal(got, want) {
		t.Fatalf("diff %q, want %q", got, want)
	}
}

func TestSchemaIsJSON(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(Schema, &s); err != nil {
		t.Fatal(err)
	}
	props := s["properties"].(map[string]any)
	for _, f := range []string{"format", "campaign", "version", "descendsFrom", "official", "title", "caseFields", "sections", "removed", "reflectionQuestions", "feedbackQuestions"} {
		if _, ok := props[f]; !ok {
			t.Errorf("schema lacks %q", f)
		}
	}
}
