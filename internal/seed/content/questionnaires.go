package content

// Questionnaires are the two versions of the self-assessment form for
// investigation cases (egenkontrollskjema for undersøkelsessaker), written
// from the legal requirements the activity is anchored in: barnevernsloven
// (bvl.) § 1-3 (the child's best interests), § 1-4 (participation), § 1-7
// (forsvarlighet), § 1-9 (cooperation with child, family and network), § 2-2
// (investigation), § 2-5 (closing the investigation) and forvaltningsloven
// (fvl.) § 17 (duty to investigate) jf. bvl. § 12-1.
//
// The official question texts are published elsewhere; these are realistic
// stand-ins kept as data and marked as not official (Official false), so the
// web app labels them as example text until Helsetilsynet loads its own.
// Version 2 continues version 1 with exactly the changes document 002 lists,
// and nothing else: more guidance, the days field, 3.7 split into 3.7a
// (parents) and 3.7b (child), «Ikke mulig» on 3.7b only, and a comment on
// every question. The same codes keep comparability SAME.
var Questionnaires = []Questionnaire{questionnaireV1(), questionnaireV2()}

// Legal bases, cited in Norwegian as in the law.
const (
	lawPlanning      = "bvl. §§ 1-7, 2-2"
	lawEarlierInfo   = "bvl. § 2-2, fvl. § 17 jf. bvl. § 12-1"
	lawPlan          = "bvl. §§ 1-4, 1-7, 2-2"
	lawScope         = "bvl. §§ 1-7, 2-2, fvl. § 17 jf. bvl. § 12-1"
	lawInformation   = "bvl. § 2-2, fvl. § 17 jf. bvl. § 12-1"
	lawProgress      = "bvl. §§ 1-7, 2-2"
	lawDeadline      = "bvl. § 2-2"
	lawParticipation = "bvl. § 1-4"
	lawConversation  = "bvl. §§ 1-4, 2-2"
	lawWeight        = "bvl. §§ 1-3, 1-4"
	lawCooperation   = "bvl. § 1-9"
	lawAssessment    = "bvl. §§ 1-3, 2-2"
	lawProfessional  = "bvl. § 1-7, fvl. § 17 jf. bvl. § 12-1"
	lawBestInterests = "bvl. § 1-3"
	lawConclusion    = "bvl. §§ 1-7, 2-5"
	lawOutcomeInfo   = "bvl. §§ 1-4, 2-5"
)

// Section titles.
var (
	titlePlanning = Text{
		NB: "Planlegging av undersøkelsen",
		NN: "Planlegging av undersøkinga",
		EN: "Planning the investigation",
	}
	titleScope = Text{
		NB: "Omfang og framdrift",
		NN: "Omfang og framdrift",
		EN: "Scope and progress",
	}
	titleParticipation = Text{
		NB: "Barnets medvirkning og samarbeid med barn og foreldre",
		NN: "Medverknaden til barnet og samarbeid med barn og foreldre",
		EN: "The child's participation and cooperation with child and parents",
	}
	titleAssessments = Text{
		NB: "Vurderinger av barnets beste",
		NN: "Vurderingar av barnets beste",
		EN: "Assessments of the child's best interests",
	}
	titleConclusion = Text{
		NB: "Konklusjon og avslutning",
		NN: "Konklusjon og avslutning",
		EN: "Conclusion and closing",
	}
)

// Question texts shared by both versions.
var (
	text11 = Text{
		NB: "Er det dokumentert at undersøkelsen ble planlagt ut fra innholdet i meldingen?",
		NN: "Er det dokumentert at undersøkinga vart planlagd ut frå innhaldet i meldinga?",
		EN: "Is it documented that the investigation was planned on the basis of the content of the report?",
	}
	text12 = Text{
		NB: "Er det dokumentert at barnevernstjenesten har sjekket om barnet har vært i kontakt med tjenesten tidligere, og at opplysninger fra tidligere meldinger, undersøkelser eller tiltak er tatt med i planleggingen?",
		NN: "Er det dokumentert at barnevernstenesta har sjekka om barnet har vore i kontakt med tenesta tidlegare, og at opplysningar frå tidlegare meldingar, undersøkingar eller tiltak er tekne med i planlegginga?",
		EN: "Is it documented that the service checked whether the child had been in contact with it before, and that information from earlier reports, investigations or measures was taken into account in the planning?",
	}
	text13 = Text{
		NB: "Er det dokumentert en plan for hva som skal undersøkes, hvem som skal kontaktes, og hvordan barnet skal få medvirke?",
		NN: "Er det dokumentert ein plan for kva som skal undersøkjast, kven som skal kontaktast, og korleis barnet skal få medverke?",
		EN: "Is there a documented plan for what is to be investigated, who is to be contacted and how the child will be able to participate?",
	}
	text21 = Text{
		NB: "Er det dokumentert at omfanget av undersøkelsen var tilpasset hvor alvorlig barnets situasjon var?",
		NN: "Er det dokumentert at omfanget av undersøkinga var tilpassa kor alvorleg situasjonen til barnet var?",
		EN: "Is it documented that the scope of the investigation was matched to how serious the child's situation was?",
	}
	text22 = Text{
		NB: "Er det dokumentert at nødvendige opplysninger ble innhentet fra andre relevante instanser, for eksempel barnehage, skole, helsestasjon eller fastlege?",
		NN: "Er det dokumentert at naudsynte opplysningar vart henta inn frå andre relevante instansar, til dømes barnehage, skule, helsestasjon eller fastlege?",
		EN: "Is it documented that necessary information was obtained from other relevant bodies, such as the kindergarten, school, child health centre or GP?",
	}
	text23 = Text{
		NB: "Er det dokumentert at nye opplysninger som kom fram underveis, ble fulgt opp?",
		NN: "Er det dokumentert at nye opplysningar som kom fram undervegs, vart følgde opp?",
		EN: "Is it documented that new information that emerged along the way was followed up?",
	}
	text24 = Text{
		NB: "Ble undersøkelsen gjennomført innen fristen på tre måneder, eller innen seks måneder med dokumentert begrunnelse for forlenget frist?",
		NN: "Vart undersøkinga gjennomført innan fristen på tre månader, eller innan seks månader med dokumentert grunngjeving for forlengd frist?",
		EN: "Was the investigation completed within the three-month deadline, or within six months with a documented reason for extending it?",
	}
	text31 = Text{
		NB: "Er det dokumentert at barnet har fått informasjon om undersøkelsen, tilpasset alder og modenhet?",
		NN: "Er det dokumentert at barnet har fått informasjon om undersøkinga, tilpassa alder og modning?",
		EN: "Is it documented that the child was given information about the investigation, adapted to their age and maturity?",
	}
	text32 = Text{
		NB: "Er det dokumentert at barnevernstjenesten har snakket med barnet?",
		NN: "Er det dokumentert at barnevernstenesta har snakka med barnet?",
		EN: "Is it documented that the child welfare service talked with the child?",
	}
	text33 = Text{
		NB: "Er det dokumentert at barnet fikk snakke med barnevernstjenesten uten at foreldrene var til stede, eller hvorfor det ikke ble gjort?",
		NN: "Er det dokumentert at barnet fekk snakke med barnevernstenesta utan at foreldra var til stades, eller kvifor det ikkje vart gjort?",
		EN: "Is it documented that the child was able to talk with the child welfare service without the parents present, or why this was not done?",
	}
	text34 = Text{
		NB: "Er det dokumentert hva barnet har fortalt, og hvilke synspunkter barnet har på sin egen situasjon?",
		NN: "Er det dokumentert kva barnet har fortalt, og kva for synspunkt barnet har på sin eigen situasjon?",
		EN: "Is it documented what the child said and what views the child has on their own situation?",
	}
	text35 = Text{
		NB: "Er det dokumentert hvilken vekt barnets synspunkter er gitt i vurderingene?",
		NN: "Er det dokumentert kva vekt synspunkta til barnet har fått i vurderingane?",
		EN: "Is it documented how much weight the child's views were given in the assessments?",
	}
	text36 = Text{
		NB: "Er det dokumentert at barnevernstjenesten har vurdert å involvere familie og nettverk, for eksempel gjennom familieråd?",
		NN: "Er det dokumentert at barnevernstenesta har vurdert å involvere familie og nettverk, til dømes gjennom familieråd?",
		EN: "Is it documented that the child welfare service considered involving family and network, for example through a family group conference?",
	}
	text37 = Text{
		NB: "Er det dokumentert at undersøkelsen ble gjennomført i samarbeid med foreldrene og barnet?",
		NN: "Er det dokumentert at undersøkinga vart gjennomført i samarbeid med foreldra og barnet?",
		EN: "Is it documented that the investigation was carried out in cooperation with the parents and the child?",
	}
	text37a = Text{
		NB: "Er det dokumentert at undersøkelsen ble gjennomført i samarbeid med foreldrene?",
		NN: "Er det dokumentert at undersøkinga vart gjennomført i samarbeid med foreldra?",
		EN: "Is it documented that the investigation was carried out in cooperation with the parents?",
	}
	text37b = Text{
		NB: "Er det dokumentert at undersøkelsen ble gjennomført i samarbeid med barnet?",
		NN: "Er det dokumentert at undersøkinga vart gjennomført i samarbeid med barnet?",
		EN: "Is it documented that the investigation was carried out in cooperation with the child?",
	}
	text41 = Text{
		NB: "Er det dokumentert en samlet vurdering av barnets omsorgssituasjon, barnets behov og foreldrenes evne til å dekke dem?",
		NN: "Er det dokumentert ei samla vurdering av omsorgssituasjonen til barnet, behova til barnet og evna foreldra har til å dekkje dei?",
		EN: "Is there a documented overall assessment of the child's care situation, the child's needs and the parents' ability to meet them?",
	}
	text42 = Text{
		NB: "Er det dokumentert barnevernfaglige vurderinger underveis i undersøkelsen, og ikke bare en gjengivelse av opplysninger?",
		NN: "Er det dokumentert barnevernfaglege vurderingar undervegs i undersøkinga, og ikkje berre ei attgjeving av opplysningar?",
		EN: "Are professional child welfare assessments documented during the investigation, and not merely a summary of the information?",
	}
	text43 = Text{
		NB: "Er det dokumentert en vurdering av hva som er til barnets beste, og av om vilkårene for tiltak er oppfylt, ved avslutningen av undersøkelsen?",
		NN: "Er det dokumentert ei vurdering av kva som er til barnets beste, og av om vilkåra for tiltak er oppfylte, når undersøkinga blir avslutta?",
		EN: "Is there a documented assessment, at the end of the investigation, of what is in the child's best interests and of whether the conditions for measures are met?",
	}
	text51 = Text{
		NB: "Er det dokumentert at konklusjonen følger av vurderingene som er gjort, og at den svarer på bekymringen i meldingen?",
		NN: "Er det dokumentert at konklusjonen følgjer av vurderingane som er gjorde, og at han svarar på bekymringa i meldinga?",
		EN: "Is it documented that the conclusion follows from the assessments made and answers the concern raised in the report?",
	}
	text52 = Text{
		NB: "Er det dokumentert at barnet og foreldrene har fått informasjon om resultatet av undersøkelsen, og at informasjonen til barnet var tilpasset alder og modenhet?",
		NN: "Er det dokumentert at barnet og foreldra har fått informasjon om resultatet av undersøkinga, og at informasjonen til barnet var tilpassa alder og modning?",
		EN: "Is it documented that the child and the parents were informed of the outcome of the investigation, and that the information given to the child was adapted to their age and maturity?",
	}
	text53 = Text{
		NB: "Er det dokumentert en vurdering av om barnet eller familien trenger oppfølging fra andre tjenester når undersøkelsen er avsluttet?",
		NN: "Er det dokumentert ei vurdering av om barnet eller familien treng oppfølging frå andre tenester når undersøkinga er avslutta?",
		EN: "Is there a documented assessment of whether the child or family needs follow-up from other services once the investigation is closed?",
	}
)

// Guidance texts. Those used in version 1 are repeated unchanged in
// version 2; the rest are new in version 2.
var (
	guide11 = Text{
		NB: "Planen bør vise hvilke bekymringer i meldingen undersøkelsen skal belyse, og hvordan. Det er ikke nok at meldingen er gjengitt; det må gå fram hvordan innholdet er brukt til å bestemme hva som skal undersøkes.",
		NN: "Planen bør vise kva for bekymringar i meldinga undersøkinga skal kaste lys over, og korleis. Det er ikkje nok at meldinga er attgitt; det må gå fram korleis innhaldet er brukt til å avgjere kva som skal undersøkjast.",
		EN: "The plan should show which concerns in the report the investigation is to shed light on, and how. Repeating the report is not enough: it must be clear how its content was used to decide what to investigate.",
	}
	guide12 = Text{
		NB: "Har barnet og familien ikke vært i kontakt med barnevernstjenesten før, svarer dere «Ja» når det er dokumentert at dette ble sjekket.",
		NN: "Har barnet og familien ikkje vore i kontakt med barnevernstenesta før, svarer de «Ja» når det er dokumentert at dette vart sjekka.",
		EN: "If the child and the family have had no earlier contact with the service, answer «Yes» when it is documented that this was checked.",
	}
	guide13 = Text{
		NB: "Planen kan være kort, men bør også si noe om framdriften og om når den første samtalen med barnet skal være. Planen bør justeres dersom det kommer fram nye opplysninger.",
		NN: "Planen kan vere kort, men bør òg seie noko om framdrifta og om når den første samtalen med barnet skal vere. Planen bør justerast dersom det kjem fram nye opplysningar.",
		EN: "The plan may be short, but should also cover progress and when the first conversation with the child is to take place. The plan should be adjusted when new information emerges.",
	}
	guide21 = Text{
		NB: "Undersøkelsen skal ikke være mer omfattende enn nødvendig, men heller ikke så begrenset at saken ikke blir godt nok opplyst. Vurder om omfanget sto i forhold til bekymringen.",
		NN: "Undersøkinga skal ikkje vere meir omfattande enn naudsynt, men heller ikkje så avgrensa at saka ikkje blir godt nok opplyst. Vurder om omfanget stod i høve til bekymringa.",
		EN: "The investigation should be no more extensive than necessary, but not so limited that the case is not sufficiently clarified. Consider whether the scope was proportionate to the concern.",
	}
	guide24 = Text{
		NB: "Fristen løper fra meldingen ble gjennomgått, og senest fra en uke etter at den kom inn (bvl. § 2-1). Svar «Delvis» dersom undersøkelsen ble avsluttet innen seks måneder, men uten dokumentert begrunnelse for å forlenge fristen.",
		NN: "Fristen går frå meldinga vart gjennomgått, og seinast frå ei veke etter at ho kom inn (bvl. § 2-1). Svar «Delvis» dersom undersøkinga vart avslutta innan seks månader, men utan dokumentert grunngjeving for å forlengje fristen.",
		EN: "The deadline runs from when the report was reviewed, and at the latest from one week after it was received (bvl. § 2-1). Answer «Partly» if the investigation was completed within six months but without a documented reason for extending the deadline.",
	}
	guide32 = Text{
		NB: "Samtalen skal tilpasses barnets alder og modenhet. Med små barn kan observasjon og samspill erstatte eller utfylle samtalen; det bør gå fram hva som ble gjort, og hvorfor.",
		NN: "Samtalen skal tilpassast alderen og modninga til barnet. Med små barn kan observasjon og samspel erstatte eller utfylle samtalen; det bør gå fram kva som vart gjort, og kvifor.",
		EN: "The conversation must be adapted to the child's age and maturity. With young children, observation and interaction may replace or supplement conversation; the documentation should show what was done, and why.",
	}
	guide34 = Text{
		NB: "Gjengi gjerne barnets egne ord. Det bør gå fram hvem i tjenesten som snakket med barnet, og hvor og når samtalen fant sted.",
		NN: "Attgje gjerne orda til barnet sjølv. Det bør gå fram kven i tenesta som snakka med barnet, og kvar og når samtalen fann stad.",
		EN: "Quote the child's own words where possible. It should be clear who in the service talked with the child, and where and when the conversation took place.",
	}
	guide37a = Text{
		NB: "Samarbeid betyr blant annet at foreldrene er informert om undersøkelsen, har fått uttale seg om opplysningene og er tatt med i planleggingen der det er forsvarlig. Dersom foreldrene ikke ønsket å samarbeide, bør det gå fram hvordan barnevernstjenesten forsøkte.",
		NN: "Samarbeid tyder mellom anna at foreldra er informerte om undersøkinga, har fått uttale seg om opplysningane og er tekne med i planlegginga der det er forsvarleg. Dersom foreldra ikkje ønskte å samarbeide, bør det gå fram korleis barnevernstenesta prøvde.",
		EN: "Cooperation means, among other things, that the parents were informed about the investigation, were able to comment on the information and were involved in the planning where appropriate. If the parents did not wish to cooperate, the documentation should show how the service tried.",
	}
	guide37b = Text{
		NB: "«Ikke mulig» kan bare brukes der det er dokumentert eller åpenbart at barnet ut fra alder og utvikling ikke kan delta i et samarbeid, for eksempel et spedbarn. Bruk svaralternativet med varsomhet: også små barn kan som regel medvirke på sin måte, og det er barnevernstjenesten som må legge til rette for det.",
		NN: "«Ikkje mogleg» kan berre brukast der det er dokumentert eller openbert at barnet ut frå alder og utvikling ikkje kan delta i eit samarbeid, til dømes eit spedbarn. Bruk svaralternativet med varsemd: også små barn kan som regel medverke på sin måte, og det er barnevernstenesta som må leggje til rette for det.",
		EN: "«Not possible» may only be used where it is documented or obvious that the child, given their age and development, cannot take part in cooperation, for example an infant. Use this option with care: even young children can usually participate in their own way, and it is up to the child welfare service to make that possible.",
	}
	guide41 = Text{
		NB: "Vurderingen bør omfatte både risikofaktorer og beskyttelsesfaktorer i barnets liv.",
		NN: "Vurderinga bør omfatte både risikofaktorar og vernefaktorar i livet til barnet.",
		EN: "The assessment should cover both risk factors and protective factors in the child's life.",
	}
	guide42 = Text{
		NB: "En vurdering forklarer hva opplysningene betyr for barnet, hvordan de henger sammen, og hva som eventuelt må undersøkes videre.",
		NN: "Ei vurdering forklarer kva opplysningane tyder for barnet, korleis dei heng saman, og kva som eventuelt må undersøkjast vidare.",
		EN: "An assessment explains what the information means for the child, how it fits together, and what, if anything, needs further investigation.",
	}
	guide51 = Text{
		NB: "Konklusjonen skal være ett av utfallene i § 2-5: henleggelse, henleggelse med mulighet for ny undersøkelse, vedtak om tiltak eller begjæring om tiltak til barneverns- og helsenemnda. Det bør gå fram hvorfor barnevernstjenesten valgte dette utfallet.",
		NN: "Konklusjonen skal vere eitt av utfalla i § 2-5: henlegging, henlegging med høve til ny undersøking, vedtak om tiltak eller begjæring om tiltak til barneverns- og helsenemnda. Det bør gå fram kvifor barnevernstenesta valde dette utfallet.",
		EN: "The conclusion must be one of the outcomes in section 2-5: closing the case, closing it with the possibility of a new investigation, a decision on measures, or an application for measures to the Child Welfare and Health Board. The documentation should show why the service chose this outcome.",
	}
	guide53 = Text{
		NB: "Gjelder alle utfall: også når undersøkelsen endte med tiltak, kan barnet eller familien trenge oppfølging fra for eksempel skole, helsestasjon eller fastlege.",
		NN: "Gjeld alle utfall: også når undersøkinga enda med tiltak, kan barnet eller familien trenge oppfølging frå til dømes skule, helsestasjon eller fastlege.",
		EN: "Applies to every outcome: also when the investigation ended with measures, the child or family may need follow-up from, for example, the school, the health clinic or the GP.",
	}
	guideFeedback = Text{
		NB: "Svarene går til Helsetilsynet, som bruker dem til å forbedre tilsynsaktiviteten. Svar for tjenesten som helhet, uten opplysninger om enkeltsaker eller personer.",
		NN: "Svara går til Helsetilsynet, som bruker dei til å forbetre tilsynsaktiviteten. Svar for tenesta som heilskap, utan opplysningar om enkeltsaker eller personar.",
		EN: "The answers go to the Norwegian Board of Health Supervision, which uses them to improve the supervision activity. Answer for the service as a whole, without information about single cases or people.",
	}
	guideReflection = Text{
		NB: "Svar for tjenesten som helhet. Ikke skriv opplysninger som kan identifisere barn, familier eller ansatte.",
		NN: "Svar for tenesta som heilskap. Ikkje skriv opplysningar som kan identifisere barn, familiar eller tilsette.",
		EN: "Answer for the service as a whole. Do not write anything that could identify children, families or staff.",
	}
)

// ptr returns a pointer to a copy of t, so no two questions share guidance.
func ptr(t Text) *Text { return &t }

// Answer option sets; each call returns a fresh slice.
func optsYPN() []Option { return []Option{OptionYes, OptionPartly, OptionNo} }
func optsYPNNP() []Option {
	return []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible}
}

// same is the lineage of a question that continues code unchanged.
func same(code string) []Lineage {
	return []Lineage{{PredecessorCode: code, Comparability: ComparabilitySame}}
}

// split is the lineage of one part of a split question.
func split(code string) []Lineage {
	return []Lineage{{PredecessorCode: code, Comparability: ComparabilitySplit}}
}

// questionnaireV1 is the form used in round 1 (autumn 2024): yes/partly/no
// answers, no comments, no reflection questions.
func questionnaireV1() Questionnaire {
	// q builds a required version 1 question without comments.
	q := func(code string, text Text, guidance *Text, law string, opts []Option) Question {
		return Question{Code: code, Text: text, Guidance: guidance, LegalBasis: law, Options: opts, Required: true}
	}
	return Questionnaire{
		Version: 1,
		Title: Text{
			NB: "Egenkontrollskjema for undersøkelsessaker, versjon 1",
			NN: "Eigenkontrollskjema for undersøkingssaker, versjon 1",
			EN: "Self-assessment form for investigation cases, version 1",
		},
		Sections: []Section{
			{Code: "1", Title: titlePlanning, Questions: []Question{
				q("1.1", text11, nil, lawPlanning, optsYPN()),
				q("1.2", text12, ptr(guide12), lawEarlierInfo, optsYPN()),
				q("1.3", text13, nil, lawPlan, optsYPN()),
			}},
			{Code: "2", Title: titleScope, Questions: []Question{
				q("2.1", text21, nil, lawScope, optsYPN()),
				q("2.2", text22, nil, lawInformation, optsYPN()),
				q("2.3", text23, nil, lawProgress, optsYPN()),
				q("2.4", text24, ptr(guide24), lawDeadline, optsYPN()),
			}},
			{Code: "3", Title: titleParticipation, Questions: []Question{
				q("3.1", text31, nil, lawParticipation, optsYPN()),
				q("3.2", text32, nil, lawConversation, optsYPN()),
				q("3.3", text33, nil, lawParticipation, optsYPN()),
				q("3.4", text34, nil, lawParticipation, optsYPN()),
				q("3.5", text35, nil, lawWeight, optsYPN()),
				q("3.6", text36, nil, lawCooperation, optsYPN()),
				q("3.7", text37, nil, lawCooperation, optsYPN()),
			}},
			{Code: "4", Title: titleAssessments, Questions: []Question{
				q("4.1", text41, nil, lawAssessment, optsYPN()),
				q("4.2", text42, nil, lawProfessional, optsYPN()),
				q("4.3", text43, nil, lawBestInterests, optsYPN()),
			}},
			{Code: "5", Title: titleConclusion, Questions: []Question{
				q("5.1", text51, nil, lawConclusion, optsYPN()),
				q("5.2", text52, nil, lawOutcomeInfo, optsYPN()),
				q("5.3", text53, ptr(guide53), lawConclusion, optsYPN()),
			}},
		},
	}
}

// questionnaireV2 is the revised form used in round 2 (2025–2026), with the
// changes document 002 lists: more guidance, 3.7 split into 3.7a and 3.7b
// (with «Ikke mulig» on 3.7b only), days to first activity per case, a
// comment on every question, and reflection questions on the summary form.
func questionnaireV2() Questionnaire {
	// q builds a required version 2 question with comments allowed.
	q := func(code string, text Text, guidance *Text, law string, opts []Option, lineage []Lineage) Question {
		return Question{
			Code: code, Text: text, Guidance: guidance, LegalBasis: law, Options: opts,
			CommentAllowed: true, Required: true, Lineage: lineage,
		}
	}
	return Questionnaire{
		Version: 2,
		Title: Text{
			NB: "Egenkontrollskjema for undersøkelsessaker, versjon 2",
			NN: "Eigenkontrollskjema for undersøkingssaker, versjon 2",
			EN: "Self-assessment form for investigation cases, version 2",
		},
		CollectsDaysToFirstActivity: true,
		Sections: []Section{
			{Code: "1", Title: titlePlanning, Questions: []Question{
				q("1.1", text11, ptr(guide11), lawPlanning, optsYPN(), same("1.1")),
				q("1.2", text12, ptr(guide12), lawEarlierInfo, optsYPN(), same("1.2")),
				q("1.3", text13, ptr(guide13), lawPlan, optsYPN(), same("1.3")),
			}},
			{Code: "2", Title: titleScope, Questions: []Question{
				q("2.1", text21, ptr(guide21), lawScope, optsYPN(), same("2.1")),
				q("2.2", text22, nil, lawInformation, optsYPN(), same("2.2")),
				q("2.3", text23, nil, lawProgress, optsYPN(), same("2.3")),
				q("2.4", text24, ptr(guide24), lawDeadline, optsYPN(), same("2.4")),
			}},
			{Code: "3", Title: titleParticipation, Questions: []Question{
				q("3.1", text31, nil, lawParticipation, optsYPN(), same("3.1")),
				q("3.2", text32, ptr(guide32), lawConversation, optsYPN(), same("3.2")),
				q("3.3", text33, nil, lawParticipation, optsYPN(), same("3.3")),
				q("3.4", text34, ptr(guide34), lawParticipation, optsYPN(), same("3.4")),
				q("3.5", text35, nil, lawWeight, optsYPN(), same("3.5")),
				q("3.6", text36, nil, lawCooperation, optsYPN(), same("3.6")),
				q("3.7a", text37a, ptr(guide37a), lawCooperation, optsYPN(), split("3.7")),
				q("3.7b", text37b, ptr(guide37b), lawCooperation, optsYPNNP(), split("3.7")),
			}},
			{Code: "4", Title: titleAssessments, Questions: []Question{
				q("4.1", text41, ptr(guide41), lawAssessment, optsYPN(), same("4.1")),
				q("4.2", text42, ptr(guide42), lawProfessional, optsYPN(), same("4.2")),
				q("4.3", text43, nil, lawBestInterests, optsYPN(), same("4.3")),
			}},
			{Code: "5", Title: titleConclusion, Questions: []Question{
				q("5.1", text51, ptr(guide51), lawConclusion, optsYPN(), same("5.1")),
				q("5.2", text52, nil, lawOutcomeInfo, optsYPN(), same("5.2")),
				q("5.3", text53, ptr(guide53), lawConclusion, optsYPN(), same("5.3")),
			}},
		},
		Reflections: reflectionsV2(),
		Feedback:    feedbackV2(),
	}
}

// reflectionsV2 are the summary form's reflection questions of version 2.
// Document 002: after assessing the results, the service reflects on whether the measures
// worked, what the way forward is, and what it has learnt. Three questions, in that order.
func reflectionsV2() []Reflection {
	return []Reflection{
		{
			Code: "R1",
			Text: Text{
				NB: "Har forbedringstiltakene virket? Se resultatene fra denne egenkontrollen opp mot målene i forbedringsplanen fra egenkontroll nr. 1.",
				NN: "Har forbetringstiltaka verka? Sjå resultata frå denne eigenkontrollen opp mot måla i forbetringsplanen frå eigenkontroll nr. 1.",
				EN: "Have the improvement measures worked? Compare the results of this self-assessment with the goals of the improvement plan from self-assessment no. 1.",
			},
			Guidance: ptr(guideReflection),
		},
		{
			Code: "R2",
			Text: Text{
				NB: "Hva er veien videre? Beskriv hva dere vil fortsette med, justere eller gjøre til fast praksis, og hvorfor.",
				NN: "Kva er vegen vidare? Beskriv kva de vil halde fram med, justere eller gjere til fast praksis, og kvifor.",
				EN: "What is the way forward? Describe what you will continue, adjust or make permanent practice, and why.",
			},
			Guidance: ptr(guideReflection),
		},
		{
			Code: "R3",
			Text: Text{
				NB: "Hva har dere lært av egenkontrollene og forbedringsarbeidet?",
				NN: "Kva har de lært av eigenkontrollane og forbetringsarbeidet?",
				EN: "What have you learnt from the self-assessments and the improvement work?",
			},
			Guidance: ptr(guideReflection),
		},
	}
}

// feedbackV2 are the feedback questions of version 2.
// Document 002, the last page of the Forms submission: the service's reflections on taking
// part in the supervision, five questions in the document's order.
func feedbackV2() []Reflection {
	return []Reflection{
		{
			Code: "T1",
			Text: Text{
				NB: "Hvordan har det vært for tjenesten å delta i tilsynsaktiviteten?",
				NN: "Korleis har det vore for tenesta å delta i tilsynsaktiviteten?",
				EN: "What has it been like for the service to take part in the supervision activity?",
			},
			Guidance: ptr(guideFeedback),
		},
		{
			Code: "T2",
			Text: Text{
				NB: "Hvordan har aktivitetene og verktøyene fungert (informasjonsmøtet, egenkontrollskjemaet, samleskjemaet og veiledningen)?",
				NN: "Korleis har aktivitetane og verktøya fungert (informasjonsmøtet, eigenkontrollskjemaet, samleskjemaet og rettleiinga)?",
				EN: "How have the activities and tools worked (the information meeting, the self-assessment form, the summary form and the guidance)?",
			},
			Guidance: ptr(guideFeedback),
		},
		{
			Code: "T3",
			Text: Text{
				NB: "Hva har dere savnet?",
				NN: "Kva har de sakna?",
				EN: "What have you missed?",
			},
			Guidance: ptr(guideFeedback),
		},
		{
			Code: "T4",
			Text: Text{
				NB: "Hvilke gevinster, utfordringer eller hindringer har dere opplevd?",
				NN: "Kva for vinstar, utfordringar eller hinder har de opplevd?",
				EN: "What gains, challenges or obstacles have you experienced?",
			},
			Guidance: ptr(guideFeedback),
		},
		{
			Code: "T5",
			Text: Text{
				NB: "Hvordan kan dere bruke erfaringene fra tilsynsaktiviteten videre?",
				NN: "Korleis kan de bruke erfaringane frå tilsynsaktiviteten vidare?",
				EN: "How can you use the experience from the supervision activity from now on?",
			},
			Guidance: ptr(guideFeedback),
		},
	}
}
