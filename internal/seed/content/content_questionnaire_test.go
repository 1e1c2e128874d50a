package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The seeded questionnaires: their structure, the two versions and the lineage between them.

// questionsByCode indexes the questions of one questionnaire.
func questionsByCode(t *testing.T, q Questionnaire) map[string]Question {
	t.Helper()
	out := map[string]Question{}
	for _, s := range q.Sections {
		for _, qu := range s.Questions {
			if _, dup := out[qu.Code]; dup {
				t.Errorf("v%d: question code %q is not unique", q.Version, qu.Code)
			}
			out[qu.Code] = qu
		}
	}
	return out
}

// questionnaire returns the questionnaire of a version.
func questionnaire(t *testing.T, version int) Questionnaire {
	t.Helper()
	for _, q := range Questionnaires {
		if q.Version == version {
			return q
		}
	}
	t.Fatalf("no questionnaire version %d", version)
	return Questionnaire{}
}

func TestQuestionnaireStructure(t *testing.T) {
	for i, q := range Questionnaires {
		if q.Version != i+1 {
			t.Errorf("questionnaire %d has version %d, want versions 1, 2, ... in order", i, q.Version)
		}
		t.Run(fmt.Sprintf("v%d", q.Version), func(t *testing.T) {
			if n := len(q.Sections); n < 4 || n > 6 {
				t.Errorf("sections: got %d, want 4–6", n)
			}
			sectionCodes := map[string]bool{}
			for _, s := range q.Sections {
				if sectionCodes[s.Code] {
					t.Errorf("section code %q is not unique", s.Code)
				}
				sectionCodes[s.Code] = true
				if len(s.Questions) == 0 {
					t.Errorf("section %s has no questions", s.Code)
				}
				for _, qu := range s.Questions {
					if !strings.HasPrefix(qu.Code, s.Code+".") {
						t.Errorf("question %s is not numbered under section %s", qu.Code, s.Code)
					}
				}
			}
			questions := questionsByCode(t, q)
			if n := len(questions); n < 18 || n > 23 {
				t.Errorf("questions: got %d, want about 18–22", n)
			}
			t.Logf("v%d: %d sections, %d questions, %d reflections", q.Version, len(q.Sections), len(questions), len(q.Reflections))
			for code, qu := range questions {
				if qu.LegalBasis == "" {
					t.Errorf("%s: no legal basis", code)
				}
				if !qu.Required {
					t.Errorf("%s: case questions must be required", code)
				}
				seen := map[Option]bool{}
				for _, o := range qu.Options {
					if _, ok := OptionLabels[o]; !ok {
						t.Errorf("%s: unknown option %q", code, o)
					}
					if seen[o] {
						t.Errorf("%s: option %q listed twice", code, o)
					}
					seen[o] = true
				}
				for _, o := range []Option{OptionYes, OptionPartly, OptionNo} {
					if !seen[o] {
						t.Errorf("%s: option %q missing", code, o)
					}
				}
				if seen[OptionNotPossible] && code != "3.7b" {
					t.Errorf("%s: %q is only allowed on 3.7b", code, OptionNotPossible)
				}
			}
			reflectionCodes := map[string]bool{}
			for _, r := range append(append([]Reflection{}, q.Reflections...), q.Feedback...) {
				if r.Code == "" || reflectionCodes[r.Code] {
					t.Errorf("reflection code %q is empty or not unique", r.Code)
				}
				reflectionCodes[r.Code] = true
			}
		})
	}
}

func TestQuestionnaireV1(t *testing.T) {
	v1 := questionnaire(t, 1)
	if v1.CollectsDaysToFirstActivity {
		t.Error("v1 must not collect days to first activity")
	}
	if len(v1.Reflections) > 1 {
		t.Errorf("v1 reflections: got %d, want 0 or 1", len(v1.Reflections))
	}
	questions := questionsByCode(t, v1)
	if _, ok := questions["3.7"]; !ok {
		t.Error("v1 must have 3.7 (cooperation with parents and child as one question)")
	}
	for code, q := range questions {
		if q.CommentAllowed {
			t.Errorf("v1 %s: comments are not allowed in v1", code)
		}
		if len(q.Lineage) != 0 {
			t.Errorf("v1 %s: the first version has no predecessors", code)
		}
		if slices.Contains(q.Options, OptionNotPossible) {
			t.Errorf("v1 %s: %q is new in v2", code, OptionNotPossible)
		}
	}
}

func TestQuestionnaireV2(t *testing.T) {
	v2 := questionnaire(t, 2)
	if !v2.CollectsDaysToFirstActivity {
		t.Error("v2 must collect days to first activity")
	}
	if n := len(v2.Reflections); n < 3 || n > 5 {
		t.Errorf("v2 reflections: got %d, want 3–5", n)
	}
	questions := questionsByCode(t, v2)
	for code, q := range questions {
		if !q.CommentAllowed {
			t.Errorf("v2 %s: comments must be allowed on every question", code)
		}
	}
	if _, ok := questions["3.7"]; ok {
		t.Error("v2 must not have 3.7: it is split into 3.7a and 3.7b")
	}
	tests := []struct {
		code        string
		options     []Option
		predecessor string
	}{
		{"3.7a", []Option{OptionYes, OptionPartly, OptionNo}, "3.7"},
		{"3.7b", []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible}, "3.7"},
	}
	for _, tc := range tests {
		q, ok := questions[tc.code]
		if !ok {
			t.Errorf("v2 has no %s", tc.code)
			continue
		}
		if !slices.Equal(q.Options, tc.options) {
			t.Errorf("%s options: got %v, want %v", tc.code, q.Options, tc.options)
		}
		want := []Lineage{{PredecessorCode: tc.predecessor, Comparability: ComparabilitySplit}}
		if !slices.Equal(q.Lineage, want) {
			t.Errorf("%s lineage: got %v, want %v", tc.code, q.Lineage, want)
		}
		if q.Guidance == nil {
			t.Errorf("%s: needs guidance", tc.code)
		}
	}
	if g := questions["3.7b"].Guidance; g != nil && !strings.Contains(g.NB, "varsomhet") {
		t.Errorf("3.7b guidance must say «Ikke mulig» is to be used with care: %q", g.NB)
	}

	// More guidance: at least five v2 questions have guidance that their
	// predecessor did not have.
	v1 := questionsByCode(t, questionnaire(t, 1))
	added := 0
	for _, q := range questions {
		if q.Guidance == nil {
			continue
		}
		var prev *Text
		if len(q.Lineage) == 1 {
			prev = v1[q.Lineage[0].PredecessorCode].Guidance
		}
		if prev == nil || *prev != *q.Guidance {
			added++
		}
	}
	if added < 5 {
		t.Errorf("v2 adds or changes guidance on %d questions, want at least 5", added)
	}
}

// TestLineage checks every version against the one before it.
func TestLineage(t *testing.T) {
	for i := 1; i < len(Questionnaires); i++ {
		prev, cur := Questionnaires[i-1], Questionnaires[i]
		t.Run(fmt.Sprintf("v%d-to-v%d", prev.Version, cur.Version), func(t *testing.T) {
			prevQ := questionsByCode(t, prev)
			curQ := questionsByCode(t, cur)
			continuedBy := map[string][]string{}
			newQuestions := 0
			for code, q := range curQ {
				if len(q.Lineage) == 0 {
					newQuestions++
				}
				for _, l := range q.Lineage {
					p, ok := prevQ[l.PredecessorCode]
					if !ok {
						t.Errorf("%s: predecessor %q does not exist in v%d", code, l.PredecessorCode, prev.Version)
						continue
					}
					continuedBy[l.PredecessorCode] = append(continuedBy[l.PredecessorCode], code)
					switch l.Comparability {
					case ComparabilitySame:
						if !slices.Equal(p.Options, q.Options) {
							t.Errorf("%s: SAME as %s but options differ (%v vs %v); use CHANGED_OPTIONS", code, p.Code, q.Options, p.Options)
						}
						if p.Text != q.Text {
							t.Errorf("%s: SAME as %s but the question text changed", code, p.Code)
						}
					case ComparabilitySplit, ComparabilityChangedOptions:
					case ComparabilityMerged:
						if len(q.Lineage) < 2 {
							t.Errorf("%s: MERGED needs at least two predecessors", code)
						}
					default:
						t.Errorf("%s: unknown comparability %q", code, l.Comparability)
					}
				}
			}
			for code := range prevQ {
				successors := continuedBy[code]
				if len(successors) == 0 {
					t.Errorf("v%d %s is not continued by any v%d question", prev.Version, code, cur.Version)
				}
				if len(successors) > 1 {
					for _, s := range successors {
						for _, l := range curQ[s].Lineage {
							if l.PredecessorCode == code && l.Comparability != ComparabilitySplit {
								t.Errorf("%s continues %s together with %v but is not marked SPLIT", s, code, successors)
							}
						}
					}
				}
			}
			if newQuestions > 0 {
				t.Errorf("v%d has %d new questions; document 002 adds none", cur.Version, newQuestions)
			}
		})
	}
}

// TestOnlyDocument002Changes: document 002's list of changes from version 1 to version 2 is
// complete (more guidance, the days field, 3.7 split into parents and child, «Ikke mulig» for the
// child only, a comment on every question). Nothing else may differ, and no seeded version has an
// option neither document has («Ikke relevant»).
func TestOnlyDocument002Changes(t *testing.T) {
	codes := func(q Questionnaire) []string {
		var out []string
		for _, s := range q.Sections {
			for _, qu := range s.Questions {
				out = append(out, qu.Code)
			}
		}
		return out
	}
	v1, v2 := questionnaire(t, 1), questionnaire(t, 2)
	want := []string{}
	for _, c := range codes(v1) {
		if c == "3.7" {
			want = append(want, "3.7a", "3.7b")
		} else {
			want = append(want, c)
		}
	}
	if got := codes(v2); !slices.Equal(got, want) {
		t.Errorf("v2 question codes: got %v, want v1's with 3.7 split: %v", got, want)
	}
	v1q, v2q := questionsByCode(t, v1), questionsByCode(t, v2)
	for code, q := range v2q {
		if p, ok := v1q[code]; ok && (p.Text != q.Text || p.LegalBasis != q.LegalBasis) {
			t.Errorf("v2 %s: the question text or legal basis changed; document 002 changes only the guidance", code)
		}
	}
	for _, q := range Questionnaires {
		if q.Official {
			t.Errorf("v%d: the seeded texts are stand-ins and must not be marked official", q.Version)
		}
		for code, qu := range questionsByCode(t, q) {
			want := []Option{OptionYes, OptionPartly, OptionNo}
			if q.Version == 2 && code == "3.7b" {
				want = append(want, OptionNotPossible)
			}
			if !slices.Equal(qu.Options, want) {
				t.Errorf("v%d %s options: got %v, want %v", q.Version, code, qu.Options, want)
			}
			for _, text := range []*Text{&qu.Text, qu.Guidance} {
				if text != nil && (strings.Contains(text.NB, "Ikke relevant") || strings.Contains(text.EN, "Not applicable")) {
					t.Errorf("v%d %s mentions «Ikke relevant», which neither document has", q.Version, code)
				}
			}
		}
	}
}
