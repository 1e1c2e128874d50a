import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'nb' | 'nn' | 'en';
export const LANGS: Lang[] = ['nb', 'nn', 'en'];

// Bokmål is the source; Nynorsk and English must have every key (the type checker makes sure).
const nb = {
  appName: 'Egenkontroll',
  skipToContent: 'Hopp til hovedinnhold',
  language: 'Språk',
  signIn: 'Logg inn',
  signOut: 'Logg ut',
  signInTitle: 'Logg inn i Egenkontroll',
  signInLead: 'Barnevernstjenestens egenkontroll av undersøkelsesarbeidet, med oppfølging fra Statsforvalteren og Helsetilsynet.',
  username: 'Brukernavn',
  password: 'Passord',
  signInWithIdp: 'Logg inn med virksomhetens pålogging',
  loading: 'Laster …',
  errorGeneric: 'Noe gikk galt. Prøv igjen om litt.',
  role_SERVICE_STAFF: 'Saksbehandler',
  role_SERVICE_LEADER: 'Barnevernleder',
  role_COUNTY_ADVISOR: 'Rådgiver hos Statsforvalteren',
  role_NATIONAL_ANALYST: 'Analytiker i Helsetilsynet',
  role_ADMIN: 'Driftsansvarlig',
  rounds: 'Runder',
  round: 'Runde',
  deadline: 'Frist',
  movedFrom: 'flyttet fra {date}',
  status: 'Status',
  status_NOT_STARTED: 'Ikke startet',
  status_IN_PROGRESS: 'Under arbeid',
  status_SUBMITTED: 'Sendt inn',
  status_RETURNED: 'Returnert for retting',
  status_ACCEPTED: 'Godkjent',
  late: 'Sendt etter fristen',
  cases: 'Saker',
  caseNo: 'Sak {n}',
  missing: '{n} mangler',
  complete: 'Fullført',
  addCase: 'Legg til sak',
  openCase: 'Åpne',
  summaryForm: 'Samleskjema',
  samplingTitle: 'Slik velger dere saker',
  samplingText: 'Velg tilfeldig blant undersøkelser avsluttet det siste året, ikke etter type, alvor eller kompleksitet. Om lag ti saker er som regel nok. Dekk så mange utfall etter barnevernsloven § 2-5 som mulig; om lag halvparten bør ha endt med tiltak. Ikke skriv personopplysninger.',
  samplingFew: 'Utvalget har færre enn 5 saker. Resultatene blir usikre.',
  samplingSkewed: 'Under halvparten av sakene endte med tiltak. Sjekk at utvalget er tilfeldig.',
  back: 'Tilbake',
  next: 'Neste',
  section: 'Del {n} av {total}',
  required: 'Obligatorisk',
  comment: 'Kommentar (valgfri)',
  days: 'Dager fra melding til første undersøkelsesaktivitet',
  saving: 'Lagrer …',
  saved: 'Lagret',
  conflict: 'En kollega endret dette svaret mens du arbeidet. Vi har lastet inn det som er lagret nå; velg på nytt om du vil endre det.',
  option_YES: 'Ja',
  option_PARTLY: 'Delvis',
  option_NO: 'Nei',
  option_NOT_POSSIBLE: 'Ikke mulig',
  option_NOT_APPLICABLE: 'Ikke relevant',
  question: 'Spørsmål',
  share: 'Andel',
  overall: 'Alle spørsmål',
  comparedWith: 'Sammenlignet med forrige runde',
  change: 'Endring',
  withinVariation: 'innenfor tilfeldig variasjon',
  beyondVariation: 'større enn tilfeldig variasjon',
  twoMeasurements: 'To målinger er ikke en trend. Med få saker kan forskjeller skyldes tilfeldigheter.',
  assessment: 'Vurdering av behovet for forbedring',
  saveDraft: 'Lagre utkast',
  submit: 'Send inn samleskjema',
  submitted: 'Sendt inn {time} (versjon {revision}).',
  reopen: 'Åpne igjen for endring',
  missingTitle: 'Dette mangler før innsending',
  returnedTitle: 'Statsforvalteren returnerte skjemaet',
  funnel: 'Oppfølging av tjenestene',
  service: 'Tjeneste',
  stage: 'Trinn',
  overdue: 'Over fristen',
  stage_NOT_INVITED: 'Ikke invitert',
  stage_INVITED: 'Invitert',
  stage_ATTENDED_MEETING: 'Deltok på møte',
  stage_DECLINED: 'Deltar ikke',
  stage_AGREED: 'Deltar',
  stage_STARTED: 'Startet',
  stage_SUBMITTED: 'Sendt inn',
  stage_RETURNED: 'Returnert',
  stage_ACCEPTED: 'Godkjent',
  live: 'Oppdateres fortløpende',
  dashboard: 'Resultater nasjonalt',
  office: 'Embete',
  services: 'Tjenester',
  yesShare: 'Andel Ja (95 % intervall)',
  countyReports: 'Rapporter fra embetene',
  reportMissing: 'Mangler',
  print: 'Skriv ut',
  download: 'Last ned',
};

export type MessageKey = keyof typeof nb;
type Catalogue = Record<MessageKey, string>;

const nn: Catalogue = {
  appName: 'Eigenkontroll',
  skipToContent: 'Hopp til hovudinnhaldet',
  language: 'Språk',
  signIn: 'Logg inn',
  signOut: 'Logg ut',
  signInTitle: 'Logg inn i Eigenkontroll',
  signInLead: 'Barnevernstenesta sin eigenkontroll av undersøkingsarbeidet, med oppfølging frå Statsforvaltaren og Helsetilsynet.',
  username: 'Brukarnamn',
  password: 'Passord',
  signInWithIdp: 'Logg inn med pålogginga til verksemda',
  loading: 'Lastar …',
  errorGeneric: 'Noko gjekk gale. Prøv igjen om litt.',
  role_SERVICE_STAFF: 'Sakshandsamar',
  role_SERVICE_LEADER: 'Barnevernleiar',
  role_COUNTY_ADVISOR: 'Rådgivar hos Statsforvaltaren',
  role_NATIONAL_ANALYST: 'Analytikar i Helsetilsynet',
  role_ADMIN: 'Driftsansvarleg',
  rounds: 'Rundar',
  round: 'Runde',
  deadline: 'Frist',
  movedFrom: 'flytta frå {date}',
  status: 'Status',
  status_NOT_STARTED: 'Ikkje starta',
  status_IN_PROGRESS: 'Under arbeid',
  status_SUBMITTED: 'Sendt inn',
  status_RETURNED: 'Returnert for retting',
  status_ACCEPTED: 'Godkjend',
  late: 'Sendt etter fristen',
  cases: 'Saker',
  caseNo: 'Sak {n}',
  missing: '{n} manglar',
  complete: 'Fullført',
  addCase: 'Legg til sak',
  openCase: 'Opne',
  summaryForm: 'Samleskjema',
  samplingTitle: 'Slik vel de saker',
  samplingText: 'Vel tilfeldig blant undersøkingar avslutta det siste året, ikkje etter type, alvor eller kompleksitet. Om lag ti saker er som regel nok. Dekk så mange utfall etter barnevernslova § 2-5 som mogleg; om lag halvparten bør ha enda med tiltak. Ikkje skriv personopplysningar.',
  samplingFew: 'Utvalet har færre enn 5 saker. Resultata blir usikre.',
  samplingSkewed: 'Under halvparten av sakene enda med tiltak. Sjekk at utvalet er tilfeldig.',
  back: 'Tilbake',
  next: 'Neste',
  section: 'Del {n} av {total}',
  required: 'Obligatorisk',
  comment: 'Kommentar (valfri)',
  days: 'Dagar frå melding til første undersøkingsaktivitet',
  saving: 'Lagrar …',
  saved: 'Lagra',
  conflict: 'Ein kollega endra dette svaret medan du arbeidde. Vi har lasta inn det som er lagra no; vel på nytt om du vil endre det.',
  option_YES: 'Ja',
  option_PARTLY: 'Delvis',
  option_NO: 'Nei',
  option_NOT_POSSIBLE: 'Ikkje mogleg',
  option_NOT_APPLICABLE: 'Ikkje relevant',
  question: 'Spørsmål',
  share: 'Del',
  overall: 'Alle spørsmåla',
  comparedWith: 'Samanlikna med førre runde',
  change: 'Endring',
  withinVariation: 'innanfor tilfeldig variasjon',
  beyondVariation: 'større enn tilfeldig variasjon',
  twoMeasurements: 'To målingar er ikkje ein trend. Med få saker kan skilnader kome av tilfeldigheiter.',
  assessment: 'Vurdering av behovet for forbetring',
  saveDraft: 'Lagre utkast',
  submit: 'Send inn samleskjema',
  submitted: 'Sendt inn {time} (versjon {revision}).',
  reopen: 'Opne igjen for endring',
  missingTitle: 'Dette manglar før innsending',
  returnedTitle: 'Statsforvaltaren returnerte skjemaet',
  funnel: 'Oppfølging av tenestene',
  service: 'Teneste',
  stage: 'Steg',
  overdue: 'Over fristen',
  stage_NOT_INVITED: 'Ikkje invitert',
  stage_INVITED: 'Invitert',
  stage_ATTENDED_MEETING: 'Deltok på møte',
  stage_DECLINED: 'Deltek ikkje',
  stage_AGREED: 'Deltek',
  stage_STARTED: 'Starta',
  stage_SUBMITTED: 'Sendt inn',
  stage_RETURNED: 'Returnert',
  stage_ACCEPTED: 'Godkjend',
  live: 'Blir oppdatert fortløpande',
  dashboard: 'Resultat nasjonalt',
  office: 'Embete',
  services: 'Tenester',
  yesShare: 'Del Ja (95 % intervall)',
  countyReports: 'Rapportar frå embeta',
  reportMissing: 'Manglar',
  print: 'Skriv ut',
  download: 'Last ned',
};

const en: Catalogue = {
  appName: 'Self-assessment',
  skipToContent: 'Skip to main content',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInTitle: 'Sign in to Egenkontroll',
  signInLead: "Child welfare services' self-assessment of their investigation work, followed up by the county governors and Helsetilsynet.",
  username: 'User name',
  password: 'Password',
  signInWithIdp: "Sign in with your organisation's login",
  loading: 'Loading …',
  errorGeneric: 'Something went wrong. Please try again shortly.',
  role_SERVICE_STAFF: 'Caseworker',
  role_SERVICE_LEADER: 'Head of service',
  role_COUNTY_ADVISOR: 'Adviser, county governor',
  role_NATIONAL_ANALYST: 'Analyst, Helsetilsynet',
  role_ADMIN: 'Operator',
  rounds: 'Rounds',
  round: 'Round',
  deadline: 'Deadline',
  movedFrom: 'moved from {date}',
  status: 'Status',
  status_NOT_STARTED: 'Not started',
  status_IN_PROGRESS: 'In progress',
  status_SUBMITTED: 'Submitted',
  status_RETURNED: 'Returned for correction',
  status_ACCEPTED: 'Accepted',
  late: 'Submitted after the deadline',
  cases: 'Cases',
  caseNo: 'Case {n}',
  missing: '{n} missing',
  complete: 'Complete',
  addCase: 'Add case',
  openCase: 'Open',
  summaryForm: 'Summary form',
  samplingTitle: 'How to choose cases',
  samplingText: 'Choose at random among investigations closed in the last year, not by type, severity or complexity. About ten cases are usually enough. Cover as many outcomes under section 2-5 of the Child Welfare Act as possible; about half should have ended in measures. Do not enter personal data.',
  samplingFew: 'The sample has fewer than 5 cases. The results will be uncertain.',
  samplingSkewed: 'Fewer than half of the cases ended in measures. Check that the sample is random.',
  back: 'Back',
  next: 'Next',
  section: 'Part {n} of {total}',
  required: 'Required',
  comment: 'Comment (optional)',
  days: 'Days from report to first investigation activity',
  saving: 'Saving …',
  saved: 'Saved',
  conflict: 'A colleague changed this answer while you were working. We have loaded what is stored now; choose again if you want to change it.',
  option_YES: 'Yes',
  option_PARTLY: 'Partly',
  option_NO: 'No',
  option_NOT_POSSIBLE: 'Not possible',
  option_NOT_APPLICABLE: 'Not applicable',
  question: 'Question',
  share: 'Share',
  overall: 'All questions',
  comparedWith: 'Compared with the previous round',
  change: 'Change',
  withinVariation: 'within random variation',
  beyondVariation: 'beyond random variation',
  twoMeasurements: 'Two measurements are not a trend. With few cases, differences may be chance.',
  assessment: 'Assessment of the need for improvement',
  saveDraft: 'Save draft',
  submit: 'Submit summary form',
  submitted: 'Submitted {time} (revision {revision}).',
  reopen: 'Re-open for changes',
  missingTitle: 'Missing before submission',
  returnedTitle: 'The county governor returned the form',
  funnel: 'Following up the services',
  service: 'Service',
  stage: 'Stage',
  overdue: 'Overdue',
  stage_NOT_INVITED: 'Not invited',
  stage_INVITED: 'Invited',
  stage_ATTENDED_MEETING: 'Attended meeting',
  stage_DECLINED: 'Declined',
  stage_AGREED: 'Taking part',
  stage_STARTED: 'Started',
  stage_SUBMITTED: 'Submitted',
  stage_RETURNED: 'Returned',
  stage_ACCEPTED: 'Accepted',
  live: 'Updates live',
  dashboard: 'National results',
  office: 'Office',
  services: 'Services',
  yesShare: 'Share Yes (95 % interval)',
  countyReports: 'Reports from the offices',
  reportMissing: 'Missing',
  print: 'Print',
  download: 'Download',
};

export const catalogues: Record<Lang, Catalogue> = { nb, nn, en };

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

const STORAGE_KEY = 'egk-lang';

function initialLang(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'nn' || stored === 'en' || stored === 'nb' ? stored : 'nb';
}

// currentLang lets the API client send the chosen language with every request.
export let currentLang: Lang = initialLang();

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    currentLang = l;
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** formatDate shows an ISO date (YYYY-MM-DD or a timestamp) as dd.mm.yyyy. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

/** localized picks the caller's language from a LocalizedText. */
export function localized(text: { nb: string; nn: string; en: string } | null | undefined, lang: Lang): string {
  return text ? text[lang] || text.nb : '';
}
