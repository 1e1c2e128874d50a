package content

// Support material and contacts (document 002 lists the material; the contacts are the service's
// own county governor office for subject matter and Helsetilsynet for technical questions). These
// are data Helsetilsynet can change (mutation setRoundSupport); the addresses below are the public
// pages of the bodies named, to be checked by Helsetilsynet before use.

// ResourceKind tells what a support resource is.
type ResourceKind string

// Kinds of support resource.
const (
	ResourceLink             ResourceKind = "LINK"
	ResourceTechnicalContact ResourceKind = "TECHNICAL_CONTACT"
)

// Resource is a piece of support material or a contact shown with a round.
type Resource struct {
	Kind        ResourceKind
	Title       Text
	Description Text
	URL         string
}

// SupportResources are shown with every round of the campaign.
var SupportResources = []Resource{
	{
		Kind:  ResourceLink,
		Title: Text{NB: "Veiledning for forbedringsarbeid", NN: "Rettleiing for forbetringsarbeid", EN: "Guidance on improvement work"},
		Description: Text{
			NB: "Helsedirektoratets veiledning om systematisk kvalitetsforbedring: mål, målinger og tiltak som prøves ut i små runder.",
			NN: "Rettleiinga frå Helsedirektoratet om systematisk kvalitetsforbetring: mål, målingar og tiltak som blir prøvde ut i små rundar.",
			EN: "The Norwegian Directorate of Health's guidance on systematic quality improvement: goals, measures and changes tried in small cycles.",
		},
		URL: "https://www.helsedirektoratet.no/tema/kvalitetsforbedring",
	},
	{
		Kind:  ResourceLink,
		Title: Text{NB: "Fagressurs for implementering", NN: "Fagressurs for implementering", EN: "Resource on implementation"},
		Description: Text{
			NB: "Folkehelseinstituttets ressurs om hvordan endringer kan tas i bruk og gjøres til fast praksis.",
			NN: "Ressursen frå Folkehelseinstituttet om korleis endringar kan takast i bruk og gjerast til fast praksis.",
			EN: "The Norwegian Institute of Public Health's resource on putting changes into use and making them permanent practice.",
		},
		URL: "https://www.fhi.no/kk/implementering/",
	},
	{
		Kind:  ResourceLink,
		Title: Text{NB: "Forbedringsguiden (I trygge hender 24-7)", NN: "Forbetringsguiden (I trygge hender 24-7)", EN: "The improvement guide (I trygge hender 24-7)"},
		Description: Text{
			NB: "Steg for steg gjennom et forbedringsarbeid, med verktøy for mål, målinger og PGEK-sirkler.",
			NN: "Steg for steg gjennom eit forbetringsarbeid, med verktøy for mål, målingar og PGEK-sirklar.",
			EN: "Step by step through an improvement project, with tools for goals, measurements and PDSA cycles.",
		},
		URL: "https://www.itryggehender24-7.no/forbedringsverktoy/forbedringsguiden",
	},
	{
		Kind:  ResourceLink,
		Title: Text{NB: "Helsebiblioteket", NN: "Helsebiblioteket", EN: "Helsebiblioteket (the health library)"},
		Description: Text{
			NB: "Kunnskapsressurser om kvalitetsforbedring og pasient- og brukersikkerhet.",
			NN: "Kunnskapsressursar om kvalitetsforbetring og pasient- og brukartryggleik.",
			EN: "Knowledge resources on quality improvement and patient and user safety.",
		},
		URL: "https://www.helsebiblioteket.no/",
	},
	{
		Kind: ResourceTechnicalContact,
		Title: Text{
			NB: "Helsetilsynet – tekniske spørsmål om løsningen",
			NN: "Helsetilsynet – tekniske spørsmål om løysinga",
			EN: "Norwegian Board of Health Supervision – technical questions about the service",
		},
		Description: Text{
			NB: "Spørsmål om pålogging, skjemaene og nedlastinger. Faglige spørsmål går til statsforvalteren.",
			NN: "Spørsmål om pålogging, skjemaa og nedlastingar. Faglege spørsmål går til statsforvaltaren.",
			EN: "Questions about signing in, the forms and downloads. Questions on the subject go to the county governor.",
		},
		URL: "https://www.helsetilsynet.no/om-oss/kontakt-oss/",
	},
}

// OfficeWebPages are the county governor offices' public web pages, by office code: the contact
// for subject matter.
var OfficeWebPages = map[string]string{
	"agder":                          "https://www.statsforvalteren.no/nb/agder/",
	"innlandet":                      "https://www.statsforvalteren.no/nb/innlandet/",
	"more-og-romsdal":                "https://www.statsforvalteren.no/nb/more-og-romsdal/",
	"nordland":                       "https://www.statsforvalteren.no/nb/nordland/",
	"rogaland":                       "https://www.statsforvalteren.no/nb/rogaland/",
	"troms-og-finnmark":              "https://www.statsforvalteren.no/nb/troms-og-finnmark/",
	"trondelag":                      "https://www.statsforvalteren.no/nb/trondelag/",
	"vestfold-og-telemark":           "https://www.statsforvalteren.no/nb/vestfold-og-telemark/",
	"vestland":                       "https://www.statsforvalteren.no/nb/vestland/",
	"ostfold-buskerud-oslo-akershus": "https://www.statsforvalteren.no/nb/ostfold-buskerud-oslo-og-akershus/",
}
