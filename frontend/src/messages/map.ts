// Texts of the map of counties on the dashboards and of the results pages' in-page navigation.
// Bokmål is the source: Nynorsk and English must have the same groups and texts (the type checker
// makes sure). The app reads a text by its path, such as t('map.heading').
import type { Messages } from './types';

export const nb = {
  heading: 'Kart',
  figure: 'Vis på kartet',
  completeness: 'Andel tjenester som har sendt inn',
  yes: 'Andel Ja, alle spørsmål',
  title: 'Kart over Norge: {figure} {level}. Tallene står i tabellen under kartet.',
  byOffice: 'per embete',
  byCounty: 'per fylke',
  withheld: 'Holdt tilbake',
  credit: 'Kartdata © Kartverket (CC BY 4.0)',
  asTable: 'Tallene i kartet som tabell',
  loading: 'Laster kartet …',
  noFigures: 'ingen tall ennå',
  chart: {
    order: {
      label: 'Rekkefølge i diagrammet',
      questionnaire: 'Som i skjemaet',
      highest: 'Høyest andel Ja først',
      lowest: 'Lavest andel Ja først',
    },
  },
  resOnThisPageShort: 'Gå til',
};

export const nn: Messages<typeof nb> = {
  heading: 'Kart',
  figure: 'Vis på kartet',
  completeness: 'Del tenester som har sendt inn',
  yes: 'Del Ja, alle spørsmål',
  title: 'Kart over Noreg: {figure} {level}. Tala står i tabellen under kartet.',
  byOffice: 'per embete',
  byCounty: 'per fylke',
  withheld: 'Halde tilbake',
  credit: 'Kartdata © Kartverket (CC BY 4.0)',
  asTable: 'Tala i kartet som tabell',
  loading: 'Lastar kartet …',
  noFigures: 'ingen tal enno',
  chart: {
    order: {
      label: 'Rekkjefølgje i diagrammet',
      questionnaire: 'Som i skjemaet',
      highest: 'Høgast del Ja først',
      lowest: 'Lågast del Ja først',
    },
  },
  resOnThisPageShort: 'Gå til',
};

export const en: Messages<typeof nb> = {
  heading: 'Map',
  figure: 'Show on the map',
  completeness: 'Share of services that have submitted',
  yes: 'Share Yes, all questions',
  title: 'Map of Norway: {figure} {level}. The figures are in the table below the map.',
  byOffice: 'by office',
  byCounty: 'by county',
  withheld: 'Withheld',
  credit: 'Map data © Kartverket (CC BY 4.0)',
  asTable: 'The figures of the map as a table',
  loading: 'Loading the map …',
  noFigures: 'no figures yet',
  chart: {
    order: {
      label: 'Order of the chart',
      questionnaire: 'As in the form',
      highest: 'Highest share Yes first',
      lowest: 'Lowest share Yes first',
    },
  },
  resOnThisPageShort: 'Go to',
};
