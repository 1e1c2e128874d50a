package domain

import "fmt"

// The words of the rules of questionnaire files (import, preview, publish). The file's own rules
// live in internal/questionnaire; these are the ones that need the versions stored.

// TextUnknownCampaign: a file names a campaign that does not exist.
func TextUnknownCampaign(code string) Text {
	return Text{NB: fmt.Sprintf("Kampanjen %q finnes ikke.", code), NN: fmt.Sprintf("Kampanjen %q finst ikkje.", code),
		EN: fmt.Sprintf("The campaign %q does not exist.", code)}
}

// TextVersionPublished: a file would replace a published version.
func TextVersionPublished(version int) Text {
	return Text{
		NB: fmt.Sprintf("Versjon %d er publisert og kan ikke endres. Gi filen et nytt versjonsnummer.", version),
		NN: fmt.Sprintf("Versjon %d er publisert og kan ikkje endrast. Gi fila eit nytt versjonsnummer.", version),
		EN: fmt.Sprintf("Version %d is published and cannot change. Give the file a new version number.", version)}
}

// TextDescendsFromDraft: a file continues a version that is still a draft.
func TextDescendsFromDraft(version int) Text {
	return Text{
		NB: fmt.Sprintf("Versjon %d er et utkast; en ny versjon kan bare bygge på en publisert.", version),
		NN: fmt.Sprintf("Versjon %d er eit utkast; ein ny versjon kan berre byggje på ein publisert.", version),
		EN: fmt.Sprintf("Version %d is a draft; a new version can only descend from a published one.", version)}
}

// ErrInvalidQuestionnaireFile refuses a file with n problems (field "definition"); the caller
// adds the problems themselves to Extra.
func ErrInvalidQuestionnaireFile(n int) *Error {
	return ErrBadInput("definition", fmt.Sprintf("Filen har %d feil. Forhåndsvis den for å se alle.", n),
		fmt.Sprintf("Fila har %d feil. Førehandsvis henne for å sjå alle.", n),
		fmt.Sprintf("The file has %d problem(s). Preview it to see them all.", n))
}

// ErrAlreadyPublished refuses to publish a version again (field "id").
func ErrAlreadyPublished(version int) *Error {
	return ErrBadInput("id", fmt.Sprintf("Versjon %d er allerede publisert.", version),
		fmt.Sprintf("Versjon %d er alt publisert.", version), fmt.Sprintf("Version %d is already published.", version))
}
