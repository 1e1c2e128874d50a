package content

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"sync"
)

// kommunerCSV lists Norway's 357 municipalities as of 1 January 2024 (kommunenummer, name,
// fylkesnummer), from Kartverket's open data (© Kartverket, CC BY 4.0).
//
//go:embed data/kommuner-2024.csv
var kommunerCSV []byte

// CountyMunicipality is a municipality with the county it lies in.
type CountyMunicipality struct {
	Municipality
	CountyNumber string
}

var (
	municipalitiesOnce sync.Once
	municipalities     []CountyMunicipality
	municipalitiesErr  error
)

// Municipalities returns every municipality of 2024 in the order of the file (by number within
// the county), parsed once.
func Municipalities() ([]CountyMunicipality, error) {
	municipalitiesOnce.Do(func() {
		rows, err := csv.NewReader(bytes.NewReader(kommunerCSV)).ReadAll()
		if err != nil {
			municipalitiesErr = fmt.Errorf("kommuner-2024.csv: %w", err)
			return
		}
		if len(rows) == 0 || len(rows[0]) != 3 || rows[0][0] != "kommunenummer" {
			municipalitiesErr = fmt.Errorf("kommuner-2024.csv: unexpected header %v", rows[:min(1, len(rows))])
			return
		}
		for _, r := range rows[1:] {
			municipalities = append(municipalities, CountyMunicipality{Municipality{Number: r[0], Name: r[1]}, r[2]})
		}
	})
	return municipalities, municipalitiesErr
}

// DividedMunicipality is the municipality served by one service per city district (Oslo).
const DividedMunicipality = "0301"

// MunicipalServiceName names the service of a municipality that runs its own.
func MunicipalServiceName(municipality string) string { return "Barneverntjenesten i " + municipality }

// DistrictOf returns the city district of a city-district service's name ("Bydel Alna
// barneverntjeneste" → "Alna").
func DistrictOf(serviceName string) string {
	const prefix, suffix = "Bydel ", " barneverntjeneste"
	if len(serviceName) > len(prefix)+len(suffix) && serviceName[:len(prefix)] == prefix && serviceName[len(serviceName)-len(suffix):] == suffix {
		return serviceName[len(prefix) : len(serviceName)-len(suffix)]
	}
	return serviceName
}
