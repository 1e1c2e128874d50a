package domain

import (
	"fmt"
	"strings"
	"time"
)

// The texts of the e-mails the outbox sends: reminders from a county office, reminders of
// improvement actions past their due date, invitations to create an account, and the office's
// invitation letter. The store decides when a mail is sent; the words are here.

// ReminderSubject is the subject of a county office's reminder to a service.
const ReminderSubject = "Påminnelse: egenkontroll av undersøkelsesarbeidet"

// PlanReminderMail is the subject and body of the reminder of an improvement action past its due
// date, sent to the service's leaders.
func PlanReminderMail(action, service string, due Date) (subject, body string) {
	body = fmt.Sprintf("Tiltaket «%s» i forbedringsplanen til %s skulle vært gjennomført %s og er ikke merket som gjennomført.\n\n"+
		"Oppdater status, datoer og notat under Forbedringsplan i Egenkontroll. Påminnelsene kan slås av samme sted.",
		action, service, due.Time().Format("02.01.2006"))
	return "Påminnelse: tiltak i forbedringsplanen har passert fristen", body
}

// InvitationMail is the subject and body of an invitation to create an account as a service's
// leader (or, staff, its caseworker), the link left as link for the sender to fill in; expires is
// shown in Norwegian time.
func InvitationMail(staff bool, service string, expires time.Time, link string) (subject, body string) {
	what, whatEN := "leder", "leader"
	if staff {
		what, whatEN = "saksbehandler", "caseworker"
	}
	until := expires.In(Oslo).Format("02.01.2006 15:04")
	subject = "Invitasjon til Egenkontroll for " + service
	body = fmt.Sprintf(`Hei!

Du er invitert som %s for %s i Egenkontroll, der barneverntjenesten kontrollerer og forbedrer undersøkelsesarbeidet sitt.

Opprett kontoen din med denne lenken (den virker én gang, til %s):

%s

Har du ikke ventet denne invitasjonen, kan du se bort fra den.

---
You have been invited as %s for %s in Egenkontroll. Create your account with the link above (it works once, until %s).
`, what, service, until, link, whatEN, service, until)
	return subject, body
}

// LetterMailBody is the e-mail body of an office's invitation letter in lang (nb, nn or en): its
// text, then time and place and the contact person when given, then how to reply.
func LetterMailBody(lang, text, timeAndPlace, contact string) string {
	var b strings.Builder
	b.WriteString(text)
	labels := map[string][2]string{"nb": {"Tid og sted", "Kontaktperson"}, "nn": {"Tid og stad", "Kontaktperson"}, "en": {"Time and place", "Contact person"}}[lang]
	if timeAndPlace != "" {
		fmt.Fprintf(&b, "\n\n%s: %s", labels[0], timeAndPlace)
	}
	if contact != "" {
		fmt.Fprintf(&b, "\n%s: %s", labels[1], contact)
	}
	reply := map[string]string{"nb": "Svar på invitasjonen i Egenkontroll.", "nn": "Svar på invitasjonen i Egenkontroll.", "en": "Reply to the invitation in Egenkontroll."}[lang]
	b.WriteString("\n\n" + reply)
	return b.String()
}
