package content

// oslo is the municipality that every Oslo city district belongs to.
var oslo = Municipality{Number: "0301", Name: "Oslo"}

// Services is the demo's realistic set of child welfare services named after real
// municipalities with their kommunenummer valid from 1 January 2024. It is a
// sample, weighted roughly by population; the seeder adds the rest of the country (every other
// municipality runs a service of its own, see Municipalities). The
// inter-municipal services are well-known host-municipality (vertskommune)
// collaborations; the host is listed first.
var Services = []Service{
	// Oslo (03): city districts (bydeler).
	cityDistrict("Alna"),
	cityDistrict("Gamle Oslo"),
	cityDistrict("Grünerløkka"),
	cityDistrict("Søndre Nordstrand"),
	cityDistrict("Stovner"),
	cityDistrict("Frogner"),
	cityDistrict("Nordre Aker"),

	// Akershus (32).
	municipal("Barneverntjenesten i Bærum", "32", "3201", "Bærum"),
	municipal("Barneverntjenesten i Asker", "32", "3203", "Asker"),
	municipal("Barneverntjenesten i Lillestrøm", "32", "3205", "Lillestrøm"),
	municipal("Barneverntjenesten i Nordre Follo", "32", "3207", "Nordre Follo"),
	municipal("Barneverntjenesten i Ullensaker", "32", "3209", "Ullensaker"),

	// Østfold (31).
	municipal("Barneverntjenesten i Fredrikstad", "31", "3107", "Fredrikstad"),
	municipal("Barneverntjenesten i Sarpsborg", "31", "3105", "Sarpsborg"),
	municipal("Barneverntjenesten i Moss", "31", "3103", "Moss"),

	// Buskerud (33).
	municipal("Barneverntjenesten i Drammen", "33", "3301", "Drammen"),
	municipal("Barneverntjenesten i Kongsberg", "33", "3303", "Kongsberg"),
	interMunicipal("Midt-Buskerud barneverntjeneste", "33",
		Municipality{"3316", "Modum"},
		Municipality{"3318", "Krødsherad"},
		Municipality{"3332", "Sigdal"},
	),

	// Innlandet (34).
	municipal("Barneverntjenesten i Hamar", "34", "3403", "Hamar"),
	municipal("Barneverntjenesten i Ringsaker", "34", "3411", "Ringsaker"),
	municipal("Barneverntjenesten i Lillehammer", "34", "3405", "Lillehammer"),
	municipal("Barneverntjenesten i Gjøvik", "34", "3407", "Gjøvik"),
	interMunicipal("Midt-Gudbrandsdal barneverntjeneste", "34",
		Municipality{"3439", "Ringebu"},
		Municipality{"3438", "Sør-Fron"},
		Municipality{"3436", "Nord-Fron"},
	),

	// Vestfold (39).
	municipal("Barneverntjenesten i Sandefjord", "39", "3907", "Sandefjord"),
	municipal("Barneverntjenesten i Larvik", "39", "3909", "Larvik"),
	municipal("Barneverntjenesten i Tønsberg", "39", "3905", "Tønsberg"),

	// Telemark (40).
	municipal("Barneverntjenesten i Skien", "40", "4003", "Skien"),
	municipal("Barneverntjenesten i Porsgrunn", "40", "4001", "Porsgrunn"),

	// Agder (42).
	municipal("Barneverntjenesten i Kristiansand", "42", "4204", "Kristiansand"),
	municipal("Barneverntjenesten i Arendal", "42", "4203", "Arendal"),
	municipal("Barneverntjenesten i Grimstad", "42", "4202", "Grimstad"),
	interMunicipal("Barneverntjenesten Øst i Agder", "42",
		Municipality{"4211", "Gjerstad"},
		Municipality{"4201", "Risør"},
		Municipality{"4213", "Tvedestrand"},
		Municipality{"4212", "Vegårshei"},
		Municipality{"4217", "Åmli"},
	),

	// Rogaland (11).
	municipal("Barneverntjenesten i Stavanger", "11", "1103", "Stavanger"),
	municipal("Barneverntjenesten i Sandnes", "11", "1108", "Sandnes"),
	municipal("Barneverntjenesten i Haugesund", "11", "1106", "Haugesund"),
	municipal("Barneverntjenesten i Karmøy", "11", "1149", "Karmøy"),
	municipal("Barneverntjenesten i Sola", "11", "1124", "Sola"),

	// Vestland (46). Nynorsk municipalities name their service in Nynorsk.
	municipal("Barneverntjenesten i Bergen", "46", "4601", "Bergen"),
	municipal("Barnevernstenesta i Øygarden", "46", "4626", "Øygarden"),
	municipal("Barneverntjenesten i Askøy", "46", "4627", "Askøy"),
	municipal("Barnevernstenesta i Bjørnafjorden", "46", "4624", "Bjørnafjorden"),
	municipal("Barnevernstenesta i Sunnfjord", "46", "4647", "Sunnfjord"),
	interMunicipal("Sunnhordland interkommunale barnevern", "46",
		Municipality{"4614", "Stord"},
		Municipality{"4615", "Fitjar"},
		Municipality{"4613", "Bømlo"},
	),

	// Møre og Romsdal (15).
	municipal("Barneverntjenesten i Ålesund", "15", "1508", "Ålesund"),
	municipal("Barneverntjenesten i Molde", "15", "1506", "Molde"),
	municipal("Barneverntjenesten i Kristiansund", "15", "1505", "Kristiansund"),

	// Trøndelag (50).
	municipal("Barneverntjenesten i Trondheim", "50", "5001", "Trondheim - Tråante"),
	municipal("Barneverntjenesten i Steinkjer", "50", "5006", "Steinkjer"),
	municipal("Barneverntjenesten i Levanger", "50", "5037", "Levanger"),
	municipal("Barneverntjenesten i Orkland", "50", "5059", "Orkland"),
	municipal("Barneverntjenesten i Melhus", "50", "5028", "Melhus"),
	interMunicipal("Værnesregionen barneverntjeneste", "50",
		Municipality{"5035", "Stjørdal"},
		Municipality{"5036", "Frosta"},
		Municipality{"5034", "Meråker"},
		Municipality{"5032", "Selbu"},
		Municipality{"5033", "Tydal"},
	),

	// Nordland (18).
	municipal("Barneverntjenesten i Bodø", "18", "1804", "Bodø"),
	municipal("Barneverntjenesten i Rana", "18", "1833", "Rana"),
	municipal("Barneverntjenesten i Narvik", "18", "1806", "Narvik"),
	interMunicipal("Vesterålen barnevern", "18",
		Municipality{"1870", "Sortland - Suortá"},
		Municipality{"1871", "Andøy"},
		Municipality{"1867", "Bø"},
		Municipality{"1866", "Hadsel"},
		Municipality{"1851", "Lødingen"},
		Municipality{"1868", "Øksnes"},
	),

	// Troms (55).
	municipal("Barneverntjenesten i Tromsø", "55", "5501", "Tromsø"),
	municipal("Barneverntjenesten i Harstad", "55", "5503", "Harstad - Hárstták"),
	interMunicipal("Astafjord barnevern", "55",
		Municipality{"5522", "Salangen"},
		Municipality{"5516", "Gratangen"},
		Municipality{"5518", "Loabák - Lavangen"},
	),

	// Finnmark (56).
	municipal("Barneverntjenesten i Alta", "56", "5601", "Alta"),
	municipal("Barneverntjenesten i Hammerfest", "56", "5603", "Hammerfest - Hámmerfeasta"),
	municipal("Barneverntjenesten i Sør-Varanger", "56", "5605", "Sør-Varanger"),
}

// OtherOsloDistricts are the rest of Oslo's 15 city districts, each with a child welfare service
// of its own. They are in the register but not in the demo story (which follows Services).
var OtherOsloDistricts = []Service{
	cityDistrict("Bjerke"),
	cityDistrict("Grorud"),
	cityDistrict("Nordstrand"),
	cityDistrict("Sagene"),
	cityDistrict("St. Hanshaugen"),
	cityDistrict("Ullern"),
	cityDistrict("Vestre Aker"),
	cityDistrict("Østensjø"),
}

// municipal builds a service run by one municipality.
func municipal(name, county, number, municipality string) Service {
	return Service{
		Name:           name,
		Kind:           KindMunicipal,
		CountyNumber:   county,
		Municipalities: []Municipality{{Number: number, Name: municipality}},
	}
}

// cityDistrict builds the service of an Oslo city district (bydel).
func cityDistrict(district string) Service {
	return Service{
		Name:           "Bydel " + district + " barneverntjeneste",
		Kind:           KindCityDistrict,
		CountyNumber:   "03",
		Municipalities: []Municipality{oslo},
	}
}

// interMunicipal builds an inter-municipal service; host comes first.
func interMunicipal(name, county string, host Municipality, partners ...Municipality) Service {
	return Service{
		Name:           name,
		Kind:           KindInterMunicipal,
		CountyNumber:   county,
		Municipalities: append([]Municipality{host}, partners...),
	}
}
