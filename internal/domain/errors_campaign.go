package domain

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The words of the rules on campaigns, rounds, their dates and their support material. The store
// decides when a rule that needs stored rows fails; what the caller reads lives here, in the three
// languages, with the field and code the app relies on.

// MaxCampaignCodeLen is the longest campaign code.
const MaxCampaignCodeLen = 60

var campaignCode = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckCampaignCode refuses a campaign code that is not lower-case words of a–z and 0–9 joined by
// hyphens, or is too long; an empty code is allowed (the store derives one from the name).
func CheckCampaignCode(code string) error {
	if code != "" && (len(code) > MaxCampaignCodeLen || !campaignCode.MatchString(code)) {
		return ErrBadInput("code", "Koden kan bare ha små bokstaver a–z, sifre og bindestrek (høyst 60 tegn).",
			"Koden kan berre ha små bokstavar a–z, siffer og bindestrek (høgst 60 teikn).",
			"The code may only have lower-case letters a–z, digits and hyphens (at most 60 characters).")
	}
	return nil
}

// ErrCampaignCodeTaken says that another campaign has the code the caller gave.
func ErrCampaignCodeTaken() *Error {
	return ErrBadInput("code", "En annen kampanje har denne koden.", "Ein annan kampanje har denne koden.",
		"Another campaign has this code.")
}

// TrimText trims the spaces around each language of a text.
func TrimText(t Text) Text {
	return Text{NB: strings.TrimSpace(t.NB), NN: strings.TrimSpace(t.NN), EN: strings.TrimSpace(t.EN)}
}

// CheckTranslated requires a text in all three languages (or none at all, when optional) of at
// most max characters each. Helsetilsynet's published texts (campaigns, rounds, support) use it.
func CheckTranslated(field string, t Text, max int, optional bool) error {
	if optional && t.IsZero() {
		return nil
	}
	for _, l := range []struct{ lang, s string }{{"nb", t.NB}, {"nn", t.NN}, {"en", t.EN}} {
		if l.s == "" {
			return ErrBadInput(field+"."+l.lang, "Skriv teksten på bokmål, nynorsk og engelsk.",
				"Skriv teksten på bokmål, nynorsk og engelsk.", "Write the text in Bokmål, Nynorsk and English.")
		}
		if n := utf8.RuneCountInString(l.s); n > max {
			return ErrBadInput(field+"."+l.lang, fmt.Sprintf("Teksten er for lang (høyst %d tegn).", max),
				fmt.Sprintf("Teksten er for lang (høgst %d teikn).", max), fmt.Sprintf("The text is too long (at most %d characters).", max))
		}
	}
	return nil
}

// ErrDateMissing says that a required date is not given.
func ErrDateMissing(field string) *Error {
	return ErrBadInput(field, "Velg en dato.", "Vel ein dato.", "Choose a date.")
}

// ErrRoundPeriodEndsBeforeStart says that a round's period ends before it starts.
func ErrRoundPeriodEndsBeforeStart() *Error {
	return ErrBadInput("periodEnd", "Perioden kan ikke slutte før den begynner.",
		"Perioden kan ikkje slutte før han byrjar.", "The period cannot end before it starts.")
}

// ErrDeadlineBeforeRound says that a deadline falls before the round starts.
func ErrDeadlineBeforeRound(field string) *Error {
	return ErrBadInput(field, "Fristen kan ikke være før runden begynner.",
		"Fristen kan ikkje vere før runden byrjar.", "The deadline cannot be before the round starts.")
}

// ErrNewDeadlineMissing says that a change of a round's deadlines names no new deadline.
func ErrNewDeadlineMissing() *Error {
	return ErrBadInput("deadline", "Oppgi en ny frist.", "Oppgi ein ny frist.", "Give a new deadline.")
}

// ErrQuestionnaireMissing says that a new round names no questionnaire version.
func ErrQuestionnaireMissing() *Error {
	return ErrBadInput("questionnaireId", "Velg en skjemaversjon.", "Vel ein skjemaversjon.", "Choose a questionnaire version.")
}

// ErrQuestionnaireDraft says that a round cannot use a questionnaire that is still a draft.
func ErrQuestionnaireDraft() *Error {
	return ErrBadInput("questionnaireId",
		"Spørreskjemaet er et utkast. Publiser det før en runde kan bruke det.",
		"Spørjeskjemaet er eit utkast. Publiser det før ein runde kan bruke det.",
		"The questionnaire is a draft. Publish it before a round can use it.")
}

// ErrPreviousRoundOtherCampaign says that the round a new round is compared with is not an
// earlier round of the same campaign.
func ErrPreviousRoundOtherCampaign() *Error {
	return ErrBadInput("previousRoundId", "Runden det sammenlignes med må være en tidligere runde i samme kampanje.",
		"Runden det blir samanlikna med må vere ein tidlegare runde i same kampanje.",
		"The round it is compared with must be an earlier round of the same campaign.")
}

// ErrPreviousRoundNotEarlier says that the round a new round is compared with does not start
// before it.
func ErrPreviousRoundNotEarlier() *Error {
	return ErrBadInput("previousRoundId", "Runden det sammenlignes med må ha begynt før denne.",
		"Runden det blir samanlikna med må ha byrja før denne.", "The round it is compared with must start before this one.")
}

// DefaultRoundTitle is the title of a round created without one: "Egenkontroll nr. N".
func DefaultRoundTitle(number int) Text {
	return Text{NB: fmt.Sprintf("Egenkontroll nr. %d", number), NN: fmt.Sprintf("Eigenkontroll nr. %d", number),
		EN: fmt.Sprintf("Self-assessment no. %d", number)}
}

// ErrTooManyResources says that a round gets more support resources than it may have.
func ErrTooManyResources(max int) *Error {
	return ErrBadInput("resources", fmt.Sprintf("Høyst %d ressurser.", max),
		fmt.Sprintf("Høgst %d ressursar.", max), fmt.Sprintf("At most %d resources.", max))
}

// ErrResourceKind says that a support resource is of an unknown kind.
func ErrResourceKind(field string) *Error {
	return ErrBadInput(field, "Ukjent type.", "Ukjend type.", "Unknown kind.")
}

// ErrResourceURL says that a support resource's address is not a https:// or mailto: address.
func ErrResourceURL(field string) *Error {
	return ErrBadInput(field, "Adressen må begynne med https:// eller mailto:.",
		"Adressa må byrje med https:// eller mailto:.", "The address must start with https:// or mailto:.")
}
