package content

import "testing"

func TestMunicipalities(t *testing.T) {
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 357 {
		t.Fatalf("municipalities of 2024: got %d, want 357", len(ms))
	}
	counties := countyNumbers(t)
	byNumber := map[string]string{}
	perCounty := map[string]int{}
	for _, m := range ms {
		if !municipalityNumberRE.MatchString(m.Number) || m.Number[:2] != m.CountyNumber {
			t.Errorf("municipality %q in county %q: the number must be 4 digits starting with the county's", m.Number, m.CountyNumber)
		}
		if _, ok := counties[m.CountyNumber]; !ok {
			t.Errorf("municipality %s %s: county %s has no office", m.Number, m.Name, m.CountyNumber)
		}
		if _, dup := byNumber[m.Number]; dup {
			t.Errorf("municipality %s listed twice", m.Number)
		}
		byNumber[m.Number] = m.Name
		perCounty[m.CountyNumber]++
	}
	if len(perCounty) != 15 {
		t.Errorf("municipalities lie in %d counties, want 15", len(perCounty))
	}
	// The sample services name their municipalities as the official list does.
	for _, s := range append(append([]Service{}, Services...), OtherOsloDistricts...) {
		for _, m := range s.Municipalities {
			if name, ok := byNumber[m.Number]; !ok || name != m.Name {
				t.Errorf("%s: municipality %s %q is %q in the official list", s.Name, m.Number, m.Name, name)
			}
		}
	}
	if got := len(Services) + len(OtherOsloDistricts); got < 60 {
		t.Errorf("sample services: %d", got)
	}
	districts := map[string]bool{}
	for _, s := range append(append([]Service{}, Services...), OtherOsloDistricts...) {
		if s.Kind == KindCityDistrict {
			d := DistrictOf(s.Name)
			if d == s.Name || districts[d] {
				t.Errorf("%s: district %q unreadable or twice", s.Name, d)
			}
			districts[d] = true
		}
	}
	if len(districts) != 15 {
		t.Errorf("Oslo has 15 city districts, the content has %d", len(districts))
	}
}
