package domain

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits on free text and plan size. Generous for real use, small enough that nobody pastes a
// case file into a comment.
const (
	MaxCommentLen          = 4000
	MaxAssessmentLen       = 20000
	MaxShortTextLen        = 2000
	MaxGoals               = 20
	MaxActionsPerGoal      = 20
	MaxDaysToFirstActivity = 3650
)

// QuestionRules is what the rules need to know about a question.
type QuestionRules struct {
	Code           string
	Options        []Option
	CommentAllowed bool
}

// CheckAnswer validates an answer against its question's rules in its questionnaire version. The
// comment goes through ts, which keeps its warnings; with a nil ts only refusals count.
func CheckAnswer(q QuestionRules, option *Option, comment *string, ts *TextScreen) error {
	if option != nil {
		if !option.Valid() {
			return ErrBadInput("option", "Ukjent svaralternativ.", "Ukjent svaralternativ.", "Unknown answer option.")
		}
		if !slices.Contains(q.Options, *option) {
			e := newErr(CodeOptionNotAllowed, "option",
				fmt.Sprintf("Svaralternativet %s er ikke tillatt på spørsmål %s.", optionLabel(*option).NB, q.Code),
				fmt.Sprintf("Svaralternativet %s er ikkje tillate på spørsmål %s.", optionLabel(*option).NN, q.Code),
				fmt.Sprintf("The option %s is not allowed on question %s.", optionLabel(*option).EN, q.Code))
			e.Extra = map[string]any{"question": q.Code, "allowed": q.Options}
			return e
		}
	}
	if comment != nil && strings.TrimSpace(*comment) != "" {
		if !q.CommentAllowed {
			return newErr(CodeCommentNotAllowed, "comment",
				fmt.Sprintf("Spørsmål %s har ikke kommentarfelt i denne skjemaversjonen.", q.Code),
				fmt.Sprintf("Spørsmål %s har ikkje kommentarfelt i denne skjemaversjonen.", q.Code),
				fmt.Sprintf("Question %s takes no comment in this questionnaire version.", q.Code))
		}
		if ts != nil {
			return ts.Check("comment", *comment, MaxCommentLen)
		}
		return CheckText("comment", *comment, MaxCommentLen)
	}
	return nil
}

// CheckText validates a free-text field: length, and no personal data. It does not warn; a
// mutation whose text should also be checked for likely names and health words uses a
// TextScreen, whose Check calls this.
func CheckText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return ErrBadInput(field, "Teksten inneholder ugyldige tegn.", "Teksten inneheld ugyldige teikn.", "The text contains invalid characters.")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return ErrBadInput(field,
			fmt.Sprintf("Teksten er for lang (%d tegn, høyst %d).", n, max),
			fmt.Sprintf("Teksten er for lang (%d teikn, høgst %d).", n, max),
			fmt.Sprintf("The text is too long (%d characters, at most %d).", n, max))
	}
	return ScreenPersonalData(field, s)
}

// CheckDays validates days from received report to first investigation activity.
func CheckDays(days *int, collected bool) error {
	if days == nil {
		return nil
	}
	if !collected {
		return newErr(CodeFieldNotCollected, "daysToFirstActivity",
			"Denne skjemaversjonen registrerer ikke dager fra melding til første undersøkelsesaktivitet.",
			"Denne skjemaversjonen registrerer ikkje dagar frå melding til første undersøkingsaktivitet.",
			"This questionnaire version does not record days from report to first investigation activity.")
	}
	if *days < 0 || *days > MaxDaysToFirstActivity {
		return ErrBadInput("daysToFirstActivity",
			fmt.Sprintf("Antall dager må være mellom 0 og %d.", MaxDaysToFirstActivity),
			fmt.Sprintf("Talet på dagar må vere mellom 0 og %d.", MaxDaysToFirstActivity),
			fmt.Sprintf("The number of days must be between 0 and %d.", MaxDaysToFirstActivity))
	}
	return nil
}

func optionLabel(o Option) Text {
	switch o {
	case OptionYes:
		return Text{NB: "Ja", NN: "Ja", EN: "Yes"}
	case OptionPartly:
		return Text{NB: "Delvis", NN: "Delvis", EN: "Partly"}
	case OptionNo:
		return Text{NB: "Nei", NN: "Nei", EN: "No"}
	case OptionNotPossible:
		return Text{NB: "Ikke mulig", NN: "Ikkje mogleg", EN: "Not possible"}
	case OptionNotApplicable:
		return Text{NB: "Ikke relevant", NN: "Ikkje relevant", EN: "Not applicable"}
	}
	return Text{NB: string(o), NN: string(o), EN: string(o)}
}

// OptionLabel returns the display label of an option.
func OptionLabel(o Option) Text { return optionLabel(o) }
