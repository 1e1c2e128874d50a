// Texts of round 2 as document 002 describes it: reflections on the supervision, the way forward,
// round 1's goals followed up, the full comparison, the case selection, support material,
// published figures and the county report's round-2 content. Keys start with `r2`.
export const nb = {
  r2Feedback: 'Refleksjoner om tilsynsaktiviteten',
  r2FeedbackHelp: 'Spørsmålene gjelder selve tilsynsaktiviteten, ikke resultatene. Svarene sendes inn med samleskjemaet og leses av Helsetilsynet.',
  r2FeedbackPage: 'Tilbakemeldinger om tilsynsaktiviteten',
  r2FeedbackLead: 'Svarene tjenestene ga på spørsmålene om selve tilsynsaktiviteten, slik de sist ble sendt inn, samlet per embete.',
  r2FeedbackNone: 'Ingen tjenester har sendt inn svar på disse spørsmålene ennå.',
  r2FeedbackLink: 'Tjenestenes tilbakemeldinger om tilsynsaktiviteten',
  r2FeedbackCount: '{n} tjenester har svart',
  r2DownloadExcel: 'Last ned (Excel)',
  r2DownloadCsv: 'Last ned (CSV)',
  r2Revision: 'Versjon {n}, sendt {time}',
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
  r2Feedback: 'Refleksjonar om tilsynsaktiviteten',
  r2FeedbackHelp: 'Spørsmåla gjeld sjølve tilsynsaktiviteten, ikkje resultata. Svara blir sende inn med samleskjemaet og lesne av Helsetilsynet.',
  r2FeedbackPage: 'Tilbakemeldingar om tilsynsaktiviteten',
  r2FeedbackLead: 'Svara tenestene gav på spørsmåla om sjølve tilsynsaktiviteten, slik dei sist vart sende inn, samla per embete.',
  r2FeedbackNone: 'Ingen tenester har sendt inn svar på desse spørsmåla enno.',
  r2FeedbackLink: 'Tilbakemeldingane frå tenestene om tilsynsaktiviteten',
  r2FeedbackCount: '{n} tenester har svart',
  r2DownloadExcel: 'Last ned (Excel)',
  r2DownloadCsv: 'Last ned (CSV)',
  r2Revision: 'Versjon {n}, send {time}',
};

export const en: Catalogue = {
  r2Feedback: 'Reflections on the supervision activity',
  r2FeedbackHelp: 'These questions are about the supervision activity itself, not the results. The answers are submitted with the summary form and read by the Norwegian Board of Health Supervision.',
  r2FeedbackPage: 'Feedback on the supervision activity',
  r2FeedbackLead: 'The services\' answers to the questions on the supervision activity itself, as last submitted, by county governor office.',
  r2FeedbackNone: 'No service has submitted answers to these questions yet.',
  r2FeedbackLink: 'The services\' feedback on the supervision activity',
  r2FeedbackCount: '{n} services have answered',
  r2DownloadExcel: 'Download (Excel)',
  r2DownloadCsv: 'Download (CSV)',
  r2Revision: 'Revision {n}, submitted {time}',
};
