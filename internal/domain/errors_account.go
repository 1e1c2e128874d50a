package domain

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// The words of the rules on accounts, log-ins, API tokens, invitations by e-mail and the
// invitation letters, and the one user-name rule.

// UsernamePattern is THE user-name rule: 3–100 characters of a–z, 0–9, full stop, underscore, @
// and hyphen, after NormalizeUsername. The database's check on users.username
// (migrations/0002_auth.sql) and the app's usernameValid (frontend/src/lib/admin.ts) say the same;
// TestUsernameRuleIsStatedOnce holds them to it.
const UsernamePattern = `^[a-z0-9._@-]{3,100}$`

var usernameRE = regexp.MustCompile(UsernamePattern)

// NormalizeUsername is a user name as it is stored: without surrounding spaces, in lower case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckUsername refuses a user name (already normalised) that breaks UsernamePattern.
func CheckUsername(username string) error {
	if !usernameRE.MatchString(username) {
		return ErrBadInput("username", "Brukernavnet må ha 3–100 tegn: a–z, 0–9, punktum, understrek, @ og bindestrek.",
			"Brukarnamnet må ha 3–100 teikn: a–z, 0–9, punktum, understrek, @ og bindestrek.",
			"The user name needs 3–100 characters: a–z, 0–9, full stop, underscore, @ and hyphen.")
	}
	return nil
}

// NounUser names an account in errors.
var NounUser = Noun{NB: "kontoen", NN: "kontoen", EN: "account"}

// NounInvitation names an invitation by e-mail in errors.
var NounInvitation = Noun{NB: "invitasjonen", NN: "invitasjonen", EN: "invitation"}

// NounInvitationLetter names an office's invitation letter in errors.
var NounInvitationLetter = Noun{NB: "invitasjonsbrevet", NN: "invitasjonsbrevet", EN: "invitation letter"}

// NounInvitationDraft names Helsetilsynet's draft of the invitation in errors.
var NounInvitationDraft = Noun{NB: "utkastet", NN: "utkastet", EN: "draft"}

// NounToken names an API token in errors.
var NounToken = Noun{NB: "tokenet", NN: "tokenet", EN: "token"}

// NounJob names a background job in errors.
var NounJob = Noun{NB: "jobben", NN: "jobben", EN: "job"}

// MaxDisplayNameLen is the longest display name of an account.
const MaxDisplayNameLen = 200

// CheckDisplayName refuses an empty name, one over MaxDisplayNameLen characters and one with
// personal data beyond the name (a phone number, an e-mail address, an identity number); name is
// already trimmed. A display name is a person's name by design, so it gets no name warning.
func CheckDisplayName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > MaxDisplayNameLen {
		return ErrBadInput("displayName", "Skriv personens navn (høyst 200 tegn).", "Skriv namnet til personen (høgst 200 teikn).",
			"Write the person's name (at most 200 characters).")
	}
	return CheckText("displayName", name, MaxDisplayNameLen)
}

// CheckPasswordLength refuses a password shorter than min characters (not bytes).
func CheckPasswordLength(pw string, min int) error {
	if utf8.RuneCountInString(pw) < min {
		return ErrBadInput("password", fmt.Sprintf("Passordet må ha minst %d tegn. En setning av flere ord er lett å huske.", min),
			fmt.Sprintf("Passordet må ha minst %d teikn. Ei setning av fleire ord er lett å hugse.", min),
			fmt.Sprintf("The password needs at least %d characters. A sentence of several words is easy to remember.", min))
	}
	return nil
}

// ErrRoleMissing says that an account names no known role.
func ErrRoleMissing() *Error {
	return ErrBadInput("role", "Velg en rolle.", "Vel ei rolle.", "Choose a role.")
}

// ErrServiceMissing says that an account whose role works in a service names none.
func ErrServiceMissing() *Error {
	return ErrBadInput("serviceId", "Velg tjenesten personen arbeider i.", "Vel tenesta personen arbeider i.", "Choose the service the person works in.")
}

// ErrServiceNotForRole says that an account whose role works outside services names a service.
func ErrServiceNotForRole() *Error {
	return ErrBadInput("serviceId", "Bare saksbehandlere og ledere i en tjeneste hører til en tjeneste.",
		"Berre saksbehandlarar og leiarar i ei teneste høyrer til ei teneste.", "Only staff and leaders of a service belong to a service.")
}

// ErrOfficeMissing says that a county advisor's account names no office.
func ErrOfficeMissing() *Error {
	return ErrBadInput("officeId", "Velg embetet personen arbeider i.", "Vel embetet personen arbeider i.", "Choose the office the person works in.")
}

// ErrOfficeNotForRole says that an account whose role works outside the offices names an office.
func ErrOfficeNotForRole() *Error {
	return ErrBadInput("officeId", "Bare rådgivere hos Statsforvalteren hører til et embete.",
		"Berre rådgivarar hos Statsforvaltaren høyrer til eit embete.", "Only county advisors belong to an office.")
}

// ErrNoWayToSignIn says that a new account has neither a password nor an OIDC subject.
func ErrNoWayToSignIn() *Error {
	return ErrBadInput("password", "Gi kontoen et passord, eller et OIDC-subjekt for innlogging gjennom virksomhetens pålogging.",
		"Gi kontoen eit passord, eller eit OIDC-subjekt for innlogging gjennom pålogginga til verksemda.",
		"Give the account a password, or an OIDC subject for signing in through the organisation's log-in.")
}

// ErrAccountTaken says that a user name or OIDC subject belongs to another account.
func ErrAccountTaken(field string) *Error {
	return ErrBadInput(field, "Det finnes allerede en konto med dette.", "Det finst alt ein konto med dette.", "An account with this already exists.")
}

// ErrDisableOwnAccount says that nobody disables their own account.
func ErrDisableOwnAccount() *Error {
	return ErrBadInput("disabled", "Du kan ikke deaktivere din egen konto.", "Du kan ikkje deaktivere din eigen konto.", "You cannot disable your own account.")
}

// ErrBadLogin says that the user name or password is wrong, without saying which.
func ErrBadLogin() *Error {
	return &Error{Code: CodeUnauthenticated, Field: "password", Text: Text{
		NB: "Feil brukernavn eller passord.", NN: "Feil brukarnamn eller passord.", EN: "Wrong user name or password."}}
}

// ErrTooManyLogins says how long this client must wait before trying the user name again.
func ErrTooManyLogins(wait time.Duration) *Error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	nb, nn, en := fmt.Sprintf("%d sekunder", secs), fmt.Sprintf("%d sekund", secs), fmt.Sprintf("%d seconds", secs)
	if secs > 90 {
		m := (secs + 59) / 60
		nb, nn, en = fmt.Sprintf("%d minutter", m), fmt.Sprintf("%d minutt", m), fmt.Sprintf("%d minutes", m)
	}
	return &Error{Code: CodeRateLimited, Field: "username", Extra: map[string]any{"retryAfter": secs}, Text: Text{
		NB: "For mange mislykkede innlogginger fra denne maskinen. Vent " + nb + " og prøv igjen.",
		NN: "For mange mislukka innloggingar frå denne maskina. Vent " + nn + " og prøv igjen.",
		EN: "Too many failed sign-ins from this device. Wait " + en + " and try again."}}
}

// ErrLoginUsernameTooLong says that a user name given at log-in is longer than max characters.
func ErrLoginUsernameTooLong(max int) *Error {
	return ErrBadInput("username",
		fmt.Sprintf("Brukernavnet kan ha høyst %d tegn.", max),
		fmt.Sprintf("Brukarnamnet kan ha høgst %d teikn.", max),
		fmt.Sprintf("A user name has at most %d characters.", max))
}

// ErrTokenNameMissing says that an API token is given no name.
func ErrTokenNameMissing() *Error {
	return ErrBadInput("name", "Gi tokenet et navn.", "Gi tokenet eit namn.", "Give the token a name.")
}

// ErrTokenScopeBoth says that an API token names both an office and a service.
func ErrTokenScopeBoth() *Error {
	return ErrBadInput("scope", "Velg enten embete eller tjeneste.", "Vel anten embete eller teneste.", "Choose either an office or a service.")
}

// ErrTokenExpired says that an API token's expiry time has already passed.
func ErrTokenExpired() *Error {
	return ErrBadInput("expiresAt", "Utløpstiden har passert.", "Utløpstida har passert.", "The expiry time has passed.")
}

// ErrInviteRole says that only a service's leaders and staff are invited by e-mail.
func ErrInviteRole() *Error {
	return ErrBadInput("role", "Bare ledere og saksbehandlere i en tjeneste inviteres.", "Berre leiarar og saksbehandlarar i ei teneste blir inviterte.",
		"Only a service's leaders and staff are invited.")
}

// ErrEmail says that an e-mail address is not valid.
func ErrEmail() *Error {
	return ErrBadInput("email", "Skriv en gyldig e-postadresse.", "Skriv ei gyldig e-postadresse.", "Write a valid e-mail address.")
}

// ErrInviteToMergedService says that a service merged into another is not invited to.
func ErrInviteToMergedService() *Error {
	return ErrBadInput("serviceId", "Tjenesten er slått sammen med en annen; inviter til den.", "Tenesta er slått saman med ei anna; inviter til henne.",
		"The service has been merged into another; invite to that one.")
}

// ErrAlreadyInService says that the invited address already has an account in the service.
func ErrAlreadyInService() *Error {
	return ErrBadInput("email", "Personen har allerede en konto i tjenesten.", "Personen har alt ein konto i tenesta.", "The person already has an account in the service.")
}

// ErrInvitationNotOpen says that an invitation to revoke is used, revoked or expired already.
func ErrInvitationNotOpen() *Error {
	return &Error{Code: CodeInvalidTransition, Field: "id", Text: Text{
		NB: "Invitasjonen er ikke åpen lenger (brukt, trukket tilbake eller utløpt).",
		NN: "Invitasjonen er ikkje open lenger (brukt, trekt tilbake eller gått ut).",
		EN: "The invitation is no longer open (used, revoked or expired)."}}
}

// ErrInvitationClosed says that a link does not work (unknown, used, revoked or expired: the
// answer does not tell which).
func ErrInvitationClosed() *Error {
	return &Error{Code: CodeBadInput, Field: "token", Text: Text{
		NB: "Lenken virker ikke: invitasjonen er ukjent, brukt, trukket tilbake eller utløpt. Be om en ny.",
		NN: "Lenkja verkar ikkje: invitasjonen er ukjend, brukt, trekt tilbake eller gått ut. Be om ei ny.",
		EN: "The link does not work: the invitation is unknown, used, revoked or expired. Ask for a new one."}}
}

// ErrAllLanguagesMissing says that a text of the invitation draft is missing in a language.
func ErrAllLanguagesMissing(field string) *Error {
	return ErrBadInput(field, "Skriv teksten på alle tre språk.", "Skriv teksten på alle tre språka.", "Write the text in all three languages.")
}

// ErrLetterLanguage says that a letter's language is not nb, nn or en.
func ErrLetterLanguage() *Error {
	return ErrBadInput("lang", "Ukjent språk.", "Ukjent språk.", "Unknown language.")
}

// ErrLetterSubjectMissing says that a letter has no subject.
func ErrLetterSubjectMissing() *Error {
	return ErrBadInput("subject", "Skriv et emne.", "Skriv eit emne.", "Write a subject.")
}

// ErrLetterBodyMissing says that a letter has no text.
func ErrLetterBodyMissing() *Error {
	return ErrBadInput("body", "Skriv teksten i brevet.", "Skriv teksten i brevet.", "Write the text of the letter.")
}

// ErrLetterNotSaved says that an office's letter must be saved before it is sent.
func ErrLetterNotSaved() *Error {
	return ErrBadInput("officeId", "Lagre brevet før det sendes.", "Lagre brevet før det blir sendt.", "Save the letter before sending it.")
}

// ErrOfficeWithoutServices says that the office has no services to send to.
func ErrOfficeWithoutServices() *Error {
	return ErrBadInput("officeId", "Embetet har ingen tjenester.", "Embetet har ingen tenester.", "The office has no services.")
}
