package domain

import "fmt"

// The words of the rules of the service register (rename, merge, split). The store decides when
// a rule that needs rows (the counties of the services, the names taken, the municipalities
// served) is broken; what the caller is told lives here.

// ErrServiceNameLength refuses a service name shorter than 3 or longer than 200 characters.
func ErrServiceNameLength() *Error {
	return ErrBadInput("name", "Skriv tjenestens navn (3–200 tegn).", "Skriv namnet på tenesta (3–200 teikn).",
		"Write the service's name (3–200 characters).")
}

// ErrServiceNameTaken refuses a name another service has.
func ErrServiceNameTaken() *Error {
	return ErrBadInput("name", "En annen tjeneste har dette navnet.", "Ei anna teneste har dette namnet.", "Another service has this name.")
}

// ErrServiceMerged refuses a change to a service merged into another (inactive).
func ErrServiceMerged(name string) *Error {
	return &Error{Code: CodeInvalidTransition, Field: "serviceId", Text: Text{
		NB: fmt.Sprintf("%s er slått sammen med en annen tjeneste og kan ikke endres.", name),
		NN: fmt.Sprintf("%s er slått saman med ei anna teneste og kan ikkje endrast.", name),
		EN: fmt.Sprintf("%s has been merged into another service and cannot be changed.", name)}}
}

// ErrNothingToMerge refuses a merge without services to merge.
func ErrNothingToMerge() *Error {
	return ErrBadInput("mergedIds", "Velg tjenestene som skal slås sammen.", "Vel tenestene som skal slåast saman.", "Choose the services to merge.")
}

// ErrMergeRepeats refuses a merge that lists a service twice, or the survivor among the merged.
func ErrMergeRepeats() *Error {
	return ErrBadInput("mergedIds", "Hver tjeneste kan bare være med én gang, og ikke sammen med seg selv.",
		"Kvar teneste kan berre vere med éin gong, og ikkje saman med seg sjølv.", "Each service may be listed once, and not merged with itself.")
}

// ErrMergeAcrossCounties refuses a merge of services in different counties.
func ErrMergeAcrossCounties() *Error {
	return ErrBadInput("mergedIds", "Bare tjenester i samme fylke kan slås sammen.", "Berre tenester i same fylke kan slåast saman.",
		"Only services in the same county can be merged.")
}

// ErrMergeCityDistrict refuses a merge of a city district with a service that is not one.
func ErrMergeCityDistrict() *Error {
	return ErrBadInput("mergedIds", "En bydel kan bare slås sammen med en annen bydel.", "Ein bydel kan berre slåast saman med ein annan bydel.",
		"A city district can only be merged with another city district.")
}

// ErrSplitCityDistrict refuses to split a city district.
func ErrSplitCityDistrict() *Error {
	return ErrBadInput("serviceId", "En bydel kan ikke deles.", "Ein bydel kan ikkje delast.", "A city district cannot be split.")
}

// ErrMunicipalityNotServed refuses to move a municipality the service does not serve.
func ErrMunicipalityNotServed(number, service string) *Error {
	return ErrBadInput("municipalityNumbers", fmt.Sprintf("Kommune %s hører ikke til %s.", number, service),
		fmt.Sprintf("Kommune %s høyrer ikkje til %s.", number, service), fmt.Sprintf("Municipality %s is not served by %s.", number, service))
}

// ErrNoMunicipalitiesToMove refuses a split that moves no municipality.
func ErrNoMunicipalitiesToMove() *Error {
	return ErrBadInput("municipalityNumbers", "Velg kommunene den nye tjenesten skal betjene.", "Vel kommunane den nye tenesta skal tene.",
		"Choose the municipalities the new service will serve.")
}

// ErrSplitTakesAll refuses a split that would leave the service without a municipality.
func ErrSplitTakesAll() *Error {
	return ErrBadInput("municipalityNumbers", "Tjenesten må beholde minst én kommune; ingen kommune kan stå uten barneverntjeneste.",
		"Tenesta må halde på minst éin kommune; ingen kommune kan stå utan barnevernteneste.",
		"The service must keep at least one municipality; no municipality can be left without a child welfare service.")
}
