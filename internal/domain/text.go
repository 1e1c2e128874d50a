package domain

// Text is a text in Bokmål, Nynorsk and English. Stored as three columns (prefix_nb, prefix_nn, prefix_en).
type Text struct {
	NB string `bun:"nb" json:"nb"`
	NN string `bun:"nn" json:"nn"`
	EN string `bun:"en" json:"en"`
}

// Lang is a user interface language.
type Lang string

const (
	LangNB Lang = "nb"
	LangNN Lang = "nn"
	LangEN Lang = "en"
)

// In returns the text in lang, falling back to Bokmål.
func (t Text) In(lang Lang) string {
	switch {
	case lang == LangNN && t.NN != "":
		return t.NN
	case lang == LangEN && t.EN != "":
		return t.EN
	}
	return t.NB
}

// IsZero reports whether all three languages are empty.
func (t Text) IsZero() bool { return t.NB == "" && t.NN == "" && t.EN == "" }
