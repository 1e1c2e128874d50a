package content

// Offices are the ten county governor offices (Statsforvalteren) and the
// fifteen counties they cover from 1 January 2024, when Viken, Vestfold og
// Telemark and Troms og Finnmark were split into counties again. County
// names are the short Norwegian names; the official names of Troms,
// Finnmark and Trøndelag also have Sami and Kven forms.
var Offices = []Office{
	{
		Code: "agder",
		Name: officeName("Agder", "Agder"),
		Counties: []County{
			{Number: "42", Name: "Agder"},
		},
	},
	{
		Code: "innlandet",
		Name: officeName("Innlandet", "Innlandet"),
		Counties: []County{
			{Number: "34", Name: "Innlandet"},
		},
	},
	{
		Code: "more-og-romsdal",
		Name: officeName("Møre og Romsdal", "Møre og Romsdal"),
		Counties: []County{
			{Number: "15", Name: "Møre og Romsdal"},
		},
	},
	{
		Code: "nordland",
		Name: officeName("Nordland", "Nordland"),
		Counties: []County{
			{Number: "18", Name: "Nordland"},
		},
	},
	{
		Code: "rogaland",
		Name: officeName("Rogaland", "Rogaland"),
		Counties: []County{
			{Number: "11", Name: "Rogaland"},
		},
	},
	{
		Code: "troms-og-finnmark",
		Name: officeName("Troms og Finnmark", "Troms and Finnmark"),
		Counties: []County{
			{Number: "55", Name: "Troms"},
			{Number: "56", Name: "Finnmark"},
		},
	},
	{
		Code: "trondelag",
		Name: officeName("Trøndelag", "Trøndelag"),
		Counties: []County{
			{Number: "50", Name: "Trøndelag"},
		},
	},
	{
		Code: "vestfold-og-telemark",
		Name: officeName("Vestfold og Telemark", "Vestfold and Telemark"),
		Counties: []County{
			{Number: "39", Name: "Vestfold"},
			{Number: "40", Name: "Telemark"},
		},
	},
	{
		Code: "vestland",
		Name: officeName("Vestland", "Vestland"),
		Counties: []County{
			{Number: "46", Name: "Vestland"},
		},
	},
	{
		Code: "ostfold-buskerud-oslo-akershus",
		Name: officeName("Østfold, Buskerud, Oslo og Akershus", "Østfold, Buskerud, Oslo and Akershus"),
		Counties: []County{
			{Number: "31", Name: "Østfold"},
			{Number: "33", Name: "Buskerud"},
			{Number: "03", Name: "Oslo"},
			{Number: "32", Name: "Akershus"},
		},
	},
}

// officeName builds an office name from the Norwegian area name (the same in
// Bokmål and Nynorsk) and its English form.
func officeName(area, areaEN string) Text {
	return Text{
		NB: "Statsforvalteren i " + area,
		NN: "Statsforvaltaren i " + area,
		EN: "The County Governor of " + areaEN,
	}
}
