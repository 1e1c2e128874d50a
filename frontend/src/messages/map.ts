// Texts of the map of counties on the dashboards and of the results pages' in-page navigation.
export const nb = {
  mapHeading: 'Kart',
  mapFigure: 'Vis på kartet',
  mapCompleteness: 'Andel tjenester som har sendt inn',
  mapYes: 'Andel Ja, alle spørsmål',
  mapTitle: 'Kart over Norge: {figure} {level}. Tallene står i tabellen under kartet.',
  mapByOffice: 'per embete',
  mapByCounty: 'per fylke',
  mapWithheld: 'Holdt tilbake',
  mapCredit: 'Kartdata © Kartverket (CC BY 4.0)',
  mapAsTable: 'Tallene i kartet som tabell',
  mapLoading: 'Laster kartet …',
  mapNoFigures: 'ingen tall ennå',
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
  mapHeading: 'Kart',
  mapFigure: 'Vis på kartet',
  mapCompleteness: 'Del tenester som har sendt inn',
  mapYes: 'Del Ja, alle spørsmål',
  mapTitle: 'Kart over Noreg: {figure} {level}. Tala står i tabellen under kartet.',
  mapByOffice: 'per embete',
  mapByCounty: 'per fylke',
  mapWithheld: 'Halde tilbake',
  mapCredit: 'Kartdata © Kartverket (CC BY 4.0)',
  mapAsTable: 'Tala i kartet som tabell',
  mapLoading: 'Lastar kartet …',
  mapNoFigures: 'ingen tal enno',
};

export const en: Catalogue = {
  mapHeading: 'Map',
  mapFigure: 'Show on the map',
  mapCompleteness: 'Share of services that have submitted',
  mapYes: 'Share Yes, all questions',
  mapTitle: 'Map of Norway: {figure} {level}. The figures are in the table below the map.',
  mapByOffice: 'by office',
  mapByCounty: 'by county',
  mapWithheld: 'Withheld',
  mapCredit: 'Map data © Kartverket (CC BY 4.0)',
  mapAsTable: 'The figures of the map as a table',
  mapLoading: 'Loading the map …',
  mapNoFigures: 'no figures yet',
};
