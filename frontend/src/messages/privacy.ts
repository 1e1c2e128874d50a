// Texts of the personal-data screen: the warning shown at a free-text field when the server
// answers PERSONAL_DATA_WARNING (a likely name or a health word), and its confirmation.
export const nb = {
  saveAnyway: 'Lagre likevel',
  privacyWarningTitle: 'Sjekk teksten før du lagrer',
  privacyWarningWords: 'Ord å sjekke: {words}.',
  privacyWarningKind_LIKELY_NAME: 'mulig navn',
  privacyWarningKind_HEALTH: 'helseopplysning',
  privacyWarningHelp: 'Skjemaet kan bli krevd innsyn i. Skriv om teksten hvis den sier noe om enkeltpersoner.',
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
  saveAnyway: 'Lagre likevel',
  privacyWarningTitle: 'Sjekk teksten før du lagrar',
  privacyWarningWords: 'Ord å sjekke: {words}.',
  privacyWarningKind_LIKELY_NAME: 'mogleg namn',
  privacyWarningKind_HEALTH: 'helseopplysning',
  privacyWarningHelp: 'Det kan bli kravd innsyn i skjemaet. Skriv om teksten dersom han seier noko om enkeltpersonar.',
};

export const en: Catalogue = {
  saveAnyway: 'Save anyway',
  privacyWarningTitle: 'Check the text before you save',
  privacyWarningWords: 'Words to check: {words}.',
  privacyWarningKind_LIKELY_NAME: 'possible name',
  privacyWarningKind_HEALTH: 'health information',
  privacyWarningHelp: 'The form may be requested under the Freedom of Information Act. Rewrite the text if it says anything about individuals.',
};
