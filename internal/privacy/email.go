package privacy

import (
	"regexp"
	"strings"
)

// E-mail addresses are matched pragmatically as local@domain.tld, with
// Unicode letters allowed (Norwegian names: "ørjan.ås@kommune.no") and a
// top-level domain of at least two letters, which keeps "@"-mentions and
// version strings out.
//
// The text is normalised first (see normalise.go), so "＠" is "@" and zero-width
// characters are gone. "@" may have one space or tab on either side ("kari @ nav.no").
// Obfuscated addresses are caught only in bracketed form: "(at)", "[at]",
// "(krøllalfa)" and "(alfakrøll)" for "@", and "(dot)", "(punktum)" for "." (also in
// square brackets, any case, an optional space on either side). Bare "at" and "dot"
// are NOT matched: "at" is one of the most common Norwegian words ("hun sa at
// mor ..."), so accepting it would flag ordinary prose.
//
// Known limits: quoted local parts and IP-address domains are not matched;
// spelled-out forms ("kari at nav punktum no") are not matched; punctuation
// glued to the front of an address may be included in the local part only if
// it is one of . _ % + -.
var emailRE = func() *regexp.Regexp {
	const (
		local = `[\p{L}\p{N}._%+\-]+`
		at    = `(?:[ \t]?@[ \t]?|(?i: ?[(\[](?:at|krøllalfa|alfakrøll)[)\]] ?))`
		label = `[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?`
		dot   = `(?:\.|(?i: ?[(\[](?:dot|punktum)[)\]] ?))`
		tld   = `\p{L}{2,}`
	)
	return regexp.MustCompile(local + at + label + `(?:` + dot + label + `)*` + dot + tld)
}()

// mayHaveEmail is a cheap test that saves running the regular expression on the usual text
// without any address in it.
func mayHaveEmail(text string) bool {
	if strings.IndexByte(text, '@') >= 0 {
		return true
	}
	lower := strings.ToLower(text)
	return strings.Contains(lower, "at)") || strings.Contains(lower, "at]") ||
		strings.Contains(lower, "krøllalfa") || strings.Contains(lower, "alfakrøll")
}

func screenEmails(text string) []Finding {
	if !mayHaveEmail(text) {
		return nil
	}
	var found []Finding
	for _, m := range emailRE.FindAllStringIndex(text, -1) {
		found = append(found, Finding{Kind: KindEmail, Start: m[0], End: m[1]})
	}
	return found
}
