package domain

// EffectiveDeadline is THE rule for the deadline that applies to a service in a round: the latest
// of the round's deadline, its office's own deadline (nil: none) and the service's extension (nil:
// none). An office deadline or extension earlier than the round's never moves it earlier. The
// database states the same rule as effective_deadline(service, round) (migration
// 0019_invitation_letters.sql, greatest of the three), which the store's SQL reads; the store
// test TestEffectiveDeadlineGoAndSQLAgree holds the two to the same answers.
func EffectiveDeadline(round Date, office, extension *Date) Date {
	d := round
	for _, later := range []*Date{office, extension} {
		if later != nil && later.After(d) {
			d = *later
		}
	}
	return d
}
