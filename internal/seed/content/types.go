// Package content holds the pure reference data that the seeder inserts:
// the county governor offices (Statsforvalteren) and the counties they cover,
// a realistic set of child welfare services (barnevernstjenester), the
// campaign "Barnevernstjenesten kontrollerer og forbedrer undersøkelsesarbeidet"
// (Helsetilsynet's landsomfattende tilsynsaktivitet 2024–2026), its two
// rounds, the two versions of the self-assessment questionnaire, the guidance
// on choosing cases, the § 2-5 outcomes and the labels of the answer options.
//
// The package has no behaviour beyond small constructors and depends on the
// standard library only. Everything here is data: the questionnaire is
// versioned content, never code, so analysts can load the official texts
// later without a code change.
//
// User-facing texts come in Norwegian Bokmål (NB), Norwegian Nynorsk (NN) and
// English (EN). Identifiers and codes are stable and language neutral.
package content

// Text is a user-facing text in the three supported languages.
type Text struct{ NB, NN, EN string }

// Office is a county governor office (Statsforvalteren).
type Office struct {
	// Code is a short, stable, URL-safe code, e.g. "agder" or
	// "ostfold-buskerud-oslo-akershus".
	Code string
	// Name is the office's name, e.g. "Statsforvalteren i Agder".
	Name Text
	// Counties are the counties (fylker) the office covers from 1 January 2024.
	Counties []County
}

// County is a county (fylke) as of 1 January 2024.
type County struct {
	// Number is the official two-digit county number, e.g. "42" (Agder) or
	// "03" (Oslo).
	Number string
	Name   string
}

// ServiceKind tells how a child welfare service is organised.
type ServiceKind string

// Kinds of child welfare service.
const (
	// KindMunicipal is a service run by one municipality for itself.
	KindMunicipal ServiceKind = "MUNICIPAL"
	// KindCityDistrict is a service run by an Oslo city district (bydel).
	KindCityDistrict ServiceKind = "CITY_DISTRICT"
	// KindInterMunicipal is a service run by a host municipality
	// (vertskommune) for itself and its partner municipalities.
	KindInterMunicipal ServiceKind = "INTER_MUNICIPAL"
)

// Service is a child welfare service (barnevernstjeneste).
type Service struct {
	// Name is unique, e.g. "Barneverntjenesten i Kristiansand" or
	// "Bydel Grünerløkka barneverntjeneste".
	Name         string
	Kind         ServiceKind
	CountyNumber string
	// Municipalities served: exactly one for KindMunicipal; Oslo (0301) for
	// KindCityDistrict; for KindInterMunicipal every municipality in the
	// collaboration, the host municipality (vertskommune) first.
	Municipalities []Municipality
}

// Municipality is a municipality (kommune) as of 1 January 2024.
type Municipality struct {
	// Number is the 4-digit kommunenummer valid from 2024; its first two
	// digits are the county number.
	Number string
	Name   string
}

// Option is an answer option on a case question.
type Option string

// Answer options.
const (
	OptionYes           Option = "YES"            // Ja
	OptionPartly        Option = "PARTLY"         // Delvis
	OptionNo            Option = "NO"             // Nei
	OptionNotPossible   Option = "NOT_POSSIBLE"   // Ikke mulig
	OptionNotApplicable Option = "NOT_APPLICABLE" // Ikke relevant
)

// AllOptions lists every answer option in display order.
func AllOptions() []Option {
	return []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible, OptionNotApplicable}
}

// Comparability tells whether answers to a question can be compared with
// answers to the question of the previous version that it continues.
type Comparability string

// Kinds of comparability.
const (
	// ComparabilitySame: same question; answers are directly comparable.
	// Changed guidance text alone does not change comparability.
	ComparabilitySame Comparability = "SAME"
	// ComparabilitySplit: the predecessor was split into several questions.
	ComparabilitySplit Comparability = "SPLIT"
	// ComparabilityMerged: several predecessors were merged into this one.
	ComparabilityMerged Comparability = "MERGED"
	// ComparabilityChangedOptions: same question, different answer options.
	ComparabilityChangedOptions Comparability = "CHANGED_OPTIONS"
)

// Lineage links a question to a question of the previous questionnaire
// version that it continues.
type Lineage struct {
	PredecessorCode string
	Comparability   Comparability
}

// Question is one statement on the self-assessment form for a case
// (egenkontrollskjema), answered from what the case documentation shows.
type Question struct {
	// Code is unique within a questionnaire version, e.g. "1.1" or "3.7a".
	Code string
	Text Text
	// Guidance is help text shown with the question; nil when none.
	Guidance *Text
	// LegalBasis cites the legal requirement, e.g. "bvl. § 2-2".
	LegalBasis string
	// Options are the allowed answers, in display order.
	Options []Option
	// CommentAllowed tells whether a free-text comment may be added.
	CommentAllowed bool
	Required       bool
	// Lineage lists the questions of the previous version this one
	// continues; empty means the question is new in this version.
	Lineage []Lineage
}

// Section groups questions under a heading.
type Section struct {
	Code      string
	Title     Text
	Questions []Question
}

// Reflection is a free-text reflection question at the bottom of the summary
// form (samleskjema).
type Reflection struct {
	Code     string
	Text     Text
	Guidance *Text
}

// Questionnaire is one version of the self-assessment form.
type Questionnaire struct {
	Version int
	Title   Text
	// CollectsDaysToFirstActivity tells whether each case records the number
	// of days from the report (melding) to the first investigation activity.
	CollectsDaysToFirstActivity bool
	// Official tells whether the texts are Helsetilsynet's own. The seeded
	// versions are stand-ins (false); the web app labels them as example text.
	Official    bool
	Sections    []Section
	Reflections []Reflection
}

// Campaign is a supervision activity that runs over one or more rounds.
type Campaign struct {
	Code  string
	Title Text
}

// Round is one self-assessment round of the campaign.
type Round struct {
	Number               int
	Title                Text
	QuestionnaireVersion int
	// Dates are ISO dates ("2024-10-01"). OriginalDeadline is "" when the
	// deadline was never moved; otherwise it is the deadline first announced.
	// ReportDeadline is when the county offices report to Helsetilsynet.
	PeriodStart, PeriodEnd, Deadline, OriginalDeadline, ReportDeadline string
}

// Outcome is one of the ways an investigation can be concluded under
// barnevernsloven § 2-5.
type Outcome struct {
	// Code is stable, e.g. "MEASURES_DECIDED".
	Code  string
	Label Text
}

// Outcome codes.
const (
	OutcomeDismissed                         = "DISMISSED"
	OutcomeDismissedNewInvestigationPossible = "DISMISSED_NEW_INVESTIGATION_POSSIBLE"
	OutcomeMeasuresDecided                   = "MEASURES_DECIDED"
	OutcomeCareOrderProposed                 = "CARE_ORDER_PROPOSED"
)
