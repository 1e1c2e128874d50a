package content

// CampaignCode is the code of the campaign seeded here.
const CampaignCode = "lot-2024-2026"

// CampaignLOT2024 is Helsetilsynet's landsomfattende tilsynsaktivitet
// 2024–2026. (It cannot be named Campaign: that is the name of its type.)
var CampaignLOT2024 = Campaign{
	Code: CampaignCode,
	Title: Text{
		NB: "Barnevernstjenesten kontrollerer og forbedrer undersøkelsesarbeidet",
		NN: "Barnevernstenesta kontrollerer og forbetrar undersøkingsarbeidet",
		EN: "The child welfare service checks and improves its investigation work",
	},
}

// Rounds are the two self-assessment rounds of the campaign. The services'
// deadline of round 2 was moved from 31.12.2025 to 31.03.2026 (document 002);
// the county offices' report deadline was not: the guide sets 31.01 after each
// round (31.01.2025 and 31.01.2026). Helsetilsynet can change both.
var Rounds = []Round{
	{
		Number: 1,
		Title: Text{
			NB: "Egenkontroll nr. 1",
			NN: "Eigenkontroll nr. 1",
			EN: "Self-assessment no. 1",
		},
		QuestionnaireVersion: 1,
		PeriodStart:          "2024-10-01",
		PeriodEnd:            "2024-12-31",
		Deadline:             "2024-12-31",
		ReportDeadline:       "2025-01-31",
		SamplingGuidance:     SamplingGuidance,
	},
	{
		Number: 2,
		Title: Text{
			NB: "Egenkontroll nr. 2",
			NN: "Eigenkontroll nr. 2",
			EN: "Self-assessment no. 2",
		},
		QuestionnaireVersion: 2,
		PeriodStart:          "2025-09-01",
		PeriodEnd:            "2026-03-31",
		Deadline:             "2026-03-31",
		OriginalDeadline:     "2025-12-31",
		ReportDeadline:       "2026-01-31",
		SamplingGuidance:     SamplingGuidanceRound2,
	},
}

// SamplingGuidance tells the services how to choose the cases they review.
var SamplingGuidance = Text{
	NB: "Velg saker tilfeldig blant undersøkelser som nylig er avsluttet, og ikke etter sakstype, " +
		"alvorlighetsgrad eller kompleksitet. Undersøkelsene bør være avsluttet for høyst ett år siden. " +
		"Om lag ti saker er som regel nok; små tjenester kan gjennomgå færre. Interkommunale tjenester skal " +
		"ta med saker fra alle kommunene i samarbeidet og kan derfor trenge flere. Utvalget bør dekke så mange " +
		"av utfallene etter barnevernsloven § 2-5 som mulig: henlagt, henlagt med mulighet for ny undersøkelse, " +
		"vedtak om tiltak og begjæring til barneverns- og helsenemnda. Om lag halvparten av sakene bør ha endt " +
		"med tiltak. Ikke registrer personopplysninger: sakene nummereres fortløpende i skjemaet.",
	NN: "Vel saker tilfeldig blant undersøkingar som nyleg er avslutta, og ikkje etter sakstype, alvorsgrad " +
		"eller kompleksitet. Undersøkingane bør vere avslutta for høgst eitt år sidan. Om lag ti saker er som " +
		"regel nok; små tenester kan gå gjennom færre. Interkommunale tenester skal ta med saker frå alle " +
		"kommunane i samarbeidet og kan difor trenge fleire. Utvalet bør dekkje så mange av utfalla etter " +
		"barnevernslova § 2-5 som mogleg: henlagd, henlagd med høve til ny undersøking, vedtak om tiltak og " +
		"begjæring til barneverns- og helsenemnda. Om lag halvparten av sakene bør ha enda med tiltak. Ikkje " +
		"registrer personopplysningar: sakene blir nummererte fortløpande i skjemaet.",
	EN: "Select cases at random among recently closed investigations, not by case type, severity or " +
		"complexity. The investigations should have been closed no more than one year ago. About ten cases " +
		"are usually enough; small services may review fewer. Inter-municipal services must include cases " +
		"from every municipality in the collaboration and may therefore need more. The sample should cover as " +
		"many of the outcomes under section 2-5 of the Child Welfare Act as possible: closed; closed with the " +
		"possibility of a new investigation; decision on measures; and application to the Child Welfare and " +
		"Health Board. About half of the cases should have ended with measures. Do not record personal data: " +
		"cases are numbered consecutively in the form.",
}

// Outcomes are the four ways an investigation can be concluded under
// barnevernsloven § 2-5, in display order.
var Outcomes = []Outcome{
	{
		Code: OutcomeDismissed,
		Label: Text{
			NB: "Henlagt",
			NN: "Henlagd",
			EN: "Closed without measures",
		},
	},
	{
		Code: OutcomeDismissedNewInvestigationPossible,
		Label: Text{
			NB: "Henlagt med mulighet for ny undersøkelse",
			NN: "Henlagd med høve til ny undersøking",
			EN: "Closed with the possibility of a new investigation",
		},
	},
	{
		Code: OutcomeMeasuresDecided,
		Label: Text{
			NB: "Vedtak om tiltak",
			NN: "Vedtak om tiltak",
			EN: "Decision on measures",
		},
	},
	{
		Code: OutcomeCareOrderProposed,
		Label: Text{
			NB: "Begjæring til barneverns- og helsenemnda",
			NN: "Begjæring til barneverns- og helsenemnda",
			EN: "Application to the Child Welfare and Health Board",
		},
	},
}

// OptionLabels are the labels of the answer options.
var OptionLabels = map[Option]Text{
	OptionYes:           {NB: "Ja", NN: "Ja", EN: "Yes"},
	OptionPartly:        {NB: "Delvis", NN: "Delvis", EN: "Partly"},
	OptionNo:            {NB: "Nei", NN: "Nei", EN: "No"},
	OptionNotPossible:   {NB: "Ikke mulig", NN: "Ikkje mogleg", EN: "Not possible"},
	OptionNotApplicable: {NB: "Ikke relevant", NN: "Ikkje relevant", EN: "Not applicable"},
}

// SamplingGuidanceRound2 is round 2's guidance on choosing cases (document 002): cases that started
// after the improvement measures began, about as many as in round 1, and pragmatism when there are
// fewer.
var SamplingGuidanceRound2 = Text{
	NB: "Velg saker der undersøkelsen startet etter at forbedringstiltakene kom i gang, slik at resultatene kan " +
		"vise om tiltakene har virket. Ta med om lag like mange saker som i egenkontroll nr. 1. Finnes det færre " +
		"slike saker, ta med dem dere har: det er bedre enn å ta med saker fra før tiltakene, men sammenligningen " +
		"med egenkontroll nr. 1 blir mer usikker, og det bør dere si noe om i vurderingen. Velg ellers som sist: " +
		"tilfeldig, ikke etter sakstype, alvorlighetsgrad eller kompleksitet, og med så mange av utfallene etter " +
		"barnevernsloven § 2-5 som mulig. Ikke registrer personopplysninger.",
	NN: "Vel saker der undersøkinga starta etter at forbetringstiltaka kom i gang, slik at resultata kan vise om " +
		"tiltaka har verka. Ta med om lag like mange saker som i eigenkontroll nr. 1. Finst det færre slike saker, " +
		"ta med dei de har: det er betre enn å ta med saker frå før tiltaka, men samanlikninga med eigenkontroll " +
		"nr. 1 blir meir usikker, og det bør de seie noko om i vurderinga. Vel elles som sist: tilfeldig, ikkje " +
		"etter sakstype, alvorsgrad eller kompleksitet, og med så mange av utfalla etter barnevernslova § 2-5 som " +
		"mogleg. Ikkje registrer personopplysningar.",
	EN: "Choose cases whose investigation started after the improvement measures began, so the results can show " +
		"whether the measures have worked. Include about as many cases as in self-assessment no. 1. If there are " +
		"fewer such cases, include those you have: that is better than including cases from before the measures, " +
		"but the comparison with self-assessment no. 1 becomes less certain, and you should say so in your " +
		"assessment. Otherwise choose as last time: at random, not by case type, severity or complexity, and with " +
		"as many of the outcomes under section 2-5 of the Child Welfare Act as possible. Do not record personal data.",
}
