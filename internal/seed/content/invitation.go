package content

// InvitationDraft is Helsetilsynet's draft invitation of the campaign (the guide, § 3), which each
// county office adapts with the time and place of its meetings and its contact person.
var InvitationDraft = struct{ Subject, Body Text }{
	Subject: Text{
		NB: "Invitasjon til egenkontroll av undersøkelsesarbeidet i barnevernet",
		NN: "Invitasjon til eigenkontroll av undersøkingsarbeidet i barnevernet",
		EN: "Invitation to a self-assessment of investigation work in child welfare",
	},
	Body: Text{
		NB: `Statsforvalteren inviterer barneverntjenesten til å delta i egenkontroll av undersøkelsesarbeidet.

Tema
Egenkontrollen gjelder barneverntjenestens arbeid med undersøkelser: om undersøkelsen startes og gjennomføres innen fristene, om barnet får medvirke, og om vurderinger og beslutninger dokumenteres.

Bakgrunn
Helsetilsynet har fått i oppdrag å følge opp kvaliteten i barnevernets undersøkelser. Egenkontrollen er et verktøy for tjenestenes eget forbedringsarbeid, ikke et tilsyn.

Prosessen og hva som forventes
Tjenesten går gjennom et utvalg av sine egne undersøkelsessaker (om lag ti) med et felles skjema, oppsummerer funnene i et samleskjema og lager en plan for forbedring. Arbeidet gjøres i Egenkontroll. Statsforvalteren holder et informasjonsmøte før oppstart og følger opp underveis.

Frivillig deltakelse
Det er frivillig å delta. Vi ber om svar innen to uker etter informasjonsmøtet, også om tjenesten ikke deltar.

Statsforvalterens rolle
Statsforvalteren veileder og følger opp tjenestene, sammenstiller resultatene for fylket og rapporterer til Helsetilsynet. Statsforvalteren ser samleskjemaet, aldri enkeltsakene.

Lovgrunnlag
Barnevernsloven §§ 2-2 og 2-3 om undersøkelser, § 15-10 om internkontroll og § 17-3 om statsforvalterens tilsyn og veiledning.

Internkontroll og kvalitetsforbedring
Kommunen skal ha internkontroll med barneverntjenesten. Egenkontrollen kan inngå i dette arbeidet og gi grunnlag for forbedringstiltak som følges opp i neste runde.`,
		NN: `Statsforvaltaren inviterer barnevernstenesta til å delta i eigenkontroll av undersøkingsarbeidet.

Tema
Eigenkontrollen gjeld arbeidet barnevernstenesta gjer med undersøkingar: om undersøkinga blir starta og gjennomført innan fristane, om barnet får medverke, og om vurderingar og avgjerder blir dokumenterte.

Bakgrunn
Helsetilsynet har fått i oppdrag å følgje opp kvaliteten i undersøkingane i barnevernet. Eigenkontrollen er eit verktøy for det eigne forbetringsarbeidet til tenestene, ikkje eit tilsyn.

Prosessen og kva som er venta
Tenesta går gjennom eit utval av sine eigne undersøkingssaker (om lag ti) med eit felles skjema, oppsummerer funna i eit samleskjema og lagar ein plan for forbetring. Arbeidet blir gjort i Egenkontroll. Statsforvaltaren held eit informasjonsmøte før oppstart og følgjer opp undervegs.

Frivillig deltaking
Det er frivillig å delta. Vi ber om svar innan to veker etter informasjonsmøtet, også om tenesta ikkje deltek.

Rolla til statsforvaltaren
Statsforvaltaren rettleier og følgjer opp tenestene, samanstiller resultata for fylket og rapporterer til Helsetilsynet. Statsforvaltaren ser samleskjemaet, aldri enkeltsakene.

Lovgrunnlag
Barnevernslova §§ 2-2 og 2-3 om undersøkingar, § 15-10 om internkontroll og § 17-3 om tilsynet og rettleiinga til statsforvaltaren.

Internkontroll og kvalitetsforbetring
Kommunen skal ha internkontroll med barnevernstenesta. Eigenkontrollen kan inngå i dette arbeidet og gi grunnlag for forbetringstiltak som blir følgde opp i neste runde.`,
		EN: `The county governor invites the child welfare service to take part in a self-assessment of its investigation work.

Topic
The self-assessment concerns the service's investigations: whether an investigation is started and completed within the time limits, whether the child takes part, and whether assessments and decisions are documented.

Background
The Norwegian Board of Health Supervision (Helsetilsynet) has been asked to follow up the quality of child welfare investigations. The self-assessment is a tool for the services' own improvement work, not a supervision.

The process and what is expected
The service reviews a sample of its own investigation cases (about ten) with a common form, sums up its findings in a summary form and makes an improvement plan. The work is done in Egenkontroll. The county governor holds an information meeting before the start and follows up along the way.

Voluntary participation
Taking part is voluntary. Please reply within two weeks of the information meeting, also if the service will not take part.

The county governor's role
The county governor guides and follows up the services, compiles the results for the county and reports to Helsetilsynet. The county governor sees the summary form, never the individual cases.

Legal framework
The Child Welfare Act sections 2-2 and 2-3 on investigations, section 15-10 on internal control and section 17-3 on the county governor's supervision and guidance.

Internal control and quality improvement
The municipality must have internal control of its child welfare service. The self-assessment can be part of that work and give grounds for improvement measures followed up in the next round.`,
	},
}
