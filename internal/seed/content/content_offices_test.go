package content

import (
	"regexp"
	"strings"
	"testing"
)

// The seeded geography: offices, counties, municipalities and services.

var (
	countyNumberRE       = regexp.MustCompile(`^[0-9]{2}$`)
	municipalityNumberRE = regexp.MustCompile(`^[0-9]{4}$`)
	codeRE               = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// countyNumbers returns every county number, mapped to its office code.
func countyNumbers(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range Offices {
		for _, c := range o.Counties {
			if prev, dup := out[c.Number]; dup {
				t.Errorf("county %s is covered by both %s and %s", c.Number, prev, o.Code)
			}
			out[c.Number] = o.Code
		}
	}
	return out
}

func TestOffices(t *testing.T) {
	if got := len(Offices); got != 10 {
		t.Errorf("offices: got %d, want 10", got)
	}
	counties := countyNumbers(t)
	if got := len(counties); got != 15 {
		t.Errorf("counties: got %d, want 15", got)
	}
	codes := map[string]bool{}
	names := map[string]bool{}
	for _, o := range Offices {
		if !codeRE.MatchString(o.Code) {
			t.Errorf("office code %q is not a lower-case slug", o.Code)
		}
		if codes[o.Code] {
			t.Errorf("office code %q is not unique", o.Code)
		}
		codes[o.Code] = true
		if names[o.Name.NB] {
			t.Errorf("office name %q is not unique", o.Name.NB)
		}
		names[o.Name.NB] = true
		if len(o.Counties) == 0 {
			t.Errorf("office %s covers no county", o.Code)
		}
		for _, c := range o.Counties {
			if !countyNumberRE.MatchString(c.Number) || c.Name == "" {
				t.Errorf("office %s: bad county %+v", o.Code, c)
			}
		}
	}

	// The official 2024 county numbers and the office that covers each.
	want := map[string]string{
		"42": "agder", "34": "innlandet", "15": "more-og-romsdal", "18": "nordland",
		"11": "rogaland", "55": "troms-og-finnmark", "56": "troms-og-finnmark",
		"50": "trondelag", "39": "vestfold-og-telemark", "40": "vestfold-og-telemark",
		"46": "vestland", "31": "ostfold-buskerud-oslo-akershus", "33": "ostfold-buskerud-oslo-akershus",
		"03": "ostfold-buskerud-oslo-akershus", "32": "ostfold-buskerud-oslo-akershus",
	}
	for number, office := range want {
		if got := counties[number]; got != office {
			t.Errorf("county %s: covered by %q, want %q", number, got, office)
		}
	}
}

func TestServices(t *testing.T) {
	counties := countyNumbers(t)
	if got := len(Services); got < 48 {
		t.Errorf("services: got %d, want at least 48", got)
	}

	names := map[string]bool{}
	perCounty := map[string]int{}
	perKind := map[ServiceKind]int{}
	municipalityName := map[string]string{} // number -> name, must agree everywhere
	servedBy := map[string]string{}         // number -> service (Oslo excepted)
	for _, s := range Services {
		if s.Name == "" || strings.TrimSpace(s.Name) != s.Name {
			t.Errorf("service name %q is empty or padded", s.Name)
		}
		if names[s.Name] {
			t.Errorf("service name %q is not unique", s.Name)
		}
		names[s.Name] = true
		if _, ok := counties[s.CountyNumber]; !ok {
			t.Errorf("%s: unknown county %q", s.Name, s.CountyNumber)
		}
		perCounty[s.CountyNumber]++
		perKind[s.Kind]++

		switch s.Kind {
		case KindMunicipal:
			if len(s.Municipalities) != 1 {
				t.Errorf("%s: a municipal service has %d municipalities, want 1", s.Name, len(s.Municipalities))
			}
		case KindCityDistrict:
			if s.CountyNumber != "03" || len(s.Municipalities) != 1 || s.Municipalities[0].Number != "0301" {
				t.Errorf("%s: a city district must belong to Oslo (03, 0301), got %s %+v", s.Name, s.CountyNumber, s.Municipalities)
			}
		case KindInterMunicipal:
			if len(s.Municipalities) < 2 {
				t.Errorf("%s: an inter-municipal service has %d municipalities, want at least 2", s.Name, len(s.Municipalities))
			}
		default:
			t.Errorf("%s: unknown kind %q", s.Name, s.Kind)
		}

		checkMunicipalities(t, s, municipalityName, servedBy)
	}

	for number := range counties {
		if perCounty[number] == 0 {
			t.Errorf("county %s has no service", number)
		}
	}
	if got := perKind[KindCityDistrict]; got < 5 {
		t.Errorf("city district services: got %d, want at least 5", got)
	}
	if got := perKind[KindInterMunicipal]; got < 6 {
		t.Errorf("inter-municipal services: got %d, want at least 6", got)
	}
}

// TestServicesPerOffice logs the distribution for the reviewer and checks
// that every office has services.
func TestServicesPerOffice(t *testing.T) {
	counties := countyNumbers(t)
	perOffice := map[string]int{}
	for _, s := range Services {
		perOffice[counties[s.CountyNumber]]++
	}
	for _, o := range Offices {
		if perOffice[o.Code] == 0 {
			t.Errorf("office %s has no service", o.Code)
		}
		t.Logf("%-32s %d services", o.Code, perOffice[o.Code])
	}
}

// checkMunicipalities checks a service's municipalities: valid numbers in its county, named, listed
// once, named alike everywhere (municipalityName), and each served by one service only, Oslo
// excepted (servedBy).
func checkMunicipalities(t *testing.T, s Service, municipalityName, servedBy map[string]string) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range s.Municipalities {
		if !municipalityNumberRE.MatchString(m.Number) {
			t.Errorf("%s: municipality number %q is not 4 digits", s.Name, m.Number)
			continue
		}
		if m.Number[:2] != s.CountyNumber {
			t.Errorf("%s: municipality %s %s is not in county %s", s.Name, m.Number, m.Name, s.CountyNumber)
		}
		if m.Name == "" {
			t.Errorf("%s: municipality %s has no name", s.Name, m.Number)
		}
		if seen[m.Number] {
			t.Errorf("%s: municipality %s listed twice", s.Name, m.Number)
		}
		seen[m.Number] = true
		if prev, ok := municipalityName[m.Number]; ok && prev != m.Name {
			t.Errorf("municipality %s is named both %q and %q", m.Number, prev, m.Name)
		}
		municipalityName[m.Number] = m.Name
		if m.Number != "0301" {
			if other, ok := servedBy[m.Number]; ok {
				t.Errorf("municipality %s %s is served by both %q and %q", m.Number, m.Name, other, s.Name)
			}
			servedBy[m.Number] = s.Name
		}
	}
}
