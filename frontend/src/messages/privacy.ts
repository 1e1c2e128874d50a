// Texts of the personal-data screen: the warning shown at a free-text field when the server
// answers PERSONAL_DATA_WARNING (a likely name or a health word), and its confirmation.
// Bokmål is the source: Nynorsk and English must have the same groups and texts (the type checker
// makes sure). The app reads a text by its path, such as t('privacy.saveAnyway').
import type { Messages } from './types';

export const nb = {
  saveAnyway: 'Lagre likevel',
  warning: {
    title: 'Sjekk teksten før du lagrer',
    words: 'Ord å sjekke: {words}.',
    kind: {
      LIKELY_NAME: 'mulig navn',
      HEALTH: 'helseopplysning',
    },
    help: 'Skjemaet kan bli krevd innsyn i. Skriv om teksten hvis den sier noe om enkeltpersoner.',
  },
};

export const nn: Messages<typeof nb> = {
  saveAnyway: 'Lagre likevel',
  warning: {
    title: 'Sjekk teksten før du lagrar',
    words: 'Ord å sjekke: {words}.',
    kind: {
      LIKELY_NAME: 'mogleg namn',
      HEALTH: 'helseopplysning',
    },
    help: 'Det kan bli kravd innsyn i skjemaet. Skriv om teksten dersom han seier noko om enkeltpersonar.',
  },
};

export const en: Messages<typeof nb> = {
  saveAnyway: 'Save anyway',
  warning: {
    title: 'Check the text before you save',
    words: 'Words to check: {words}.',
    kind: {
      LIKELY_NAME: 'possible name',
      HEALTH: 'health information',
    },
    help: 'The form may be requested under the Freedom of Information Act. Rewrite the text if it says anything about individuals.',
  },
};
