// Package domain owns the plain types and rules that every other layer shares: the answer options
// and enums, the submission lifecycle, validation and the completeness rule, typed errors with
// stable codes (domain.Error), texts in Bokmål, Nynorsk and English (domain.Text), dates and
// months in Norwegian time, and the screen for personal data in free text.
package domain
