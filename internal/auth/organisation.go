package auth

import "github.com/egenkontroll/egenkontroll/internal/domain"

// CheckOrganisation is the one role→organisation rule: an account belongs to exactly the
// organisation its role works in, a service for SERVICE_STAFF and SERVICE_LEADER
// (BelongsToService), an office for COUNTY_ADVISOR (BelongsToOffice), and neither for the national
// roles. Every account the store creates is checked here first, so a wrong one is a clear
// BAD_USER_INPUT on the field at fault; the database's checks on users (migrations/0002_auth.sql)
// refuse the same rows as a last line.
func (r Role) CheckOrganisation(officeID, serviceID int64) error {
	switch {
	case !r.Valid():
		return domain.ErrRoleMissing()
	case r.BelongsToService() && serviceID == 0:
		return domain.ErrServiceMissing()
	case !r.BelongsToService() && serviceID != 0:
		return domain.ErrServiceNotForRole()
	case r.BelongsToOffice() && officeID == 0:
		return domain.ErrOfficeMissing()
	case !r.BelongsToOffice() && officeID != 0:
		return domain.ErrOfficeNotForRole()
	}
	return nil
}
