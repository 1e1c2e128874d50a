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
		"med tiltak. I egenkontroll nr. 2 skal sakene være startet etter at forbedringstiltakene kom i gang, og " +
		"antallet bør være om lag det samme som i egenkontroll nr. 1. Ikke registrer personopplysninger: sakene " +
		"nummereres fortløpende i skjemaet.",
	NN: "Vel saker tilfeldig blant undersøkingar som nyleg er avslutta, og ikkje etter sakstype, alvorsgrad " +
		"eller kompleksitet. Undersøkingane bør vere avslutta for høgst eitt år sidan. Om lag ti saker er som " +
		"regel nok; små tenester kan gå gjennom færre. Interkommunale tenester skal ta med saker frå alle " +
		"kommunane i samarbeidet og kan difor trenge fleire. Utvalet bør dekkje så mange av utfalla etter " +
		"barnevernslova § 2-5 som mogleg: henlagd, henlagd med høve til ny undersøking, vedtak om tiltak og " +
		"begjæring til barneverns- og helsenemnda. Om lag halvparten av sakene bør ha enda med tiltak. I " +
		"eigenkontroll nr. 2 skal sakene vere starta etter at forbetringstiltaka kom i gang, og talet på saker " +
		"bør vere om lag det same som i eigenkontroll nr. 1. Ikkje registrer personopplysningar: sakene blir " +
		"nummererte fortløpande i skjemaet.",
	EN: "Select cases at random among recently closed investigations, not by case type, severity or " +
		"complexity. The investigations should have been closed no more than one year ago. About ten cases " +
		"are usually enough; small services may review fewer. Inter-municipal services must include cases " +
		"from every municipality in the collaboration and may therefore need more. The sample should cover as " +
		"many of the outcomes under section 2-5 of the Child Welfare Act as possible: closed; closed with the " +
		"possibility of a new investigation; decision on measures; and application to the Child Welfare and " +
		"Health Board. About half of the cases should have ended with measures. In self-assessment no. 2 the " +
		"cases must have started after the improvement actions began, and there should be about as many as " +
		"in self-assessment no. 1. Do not record personal data: cases are numbered consecutively in the form.",
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
