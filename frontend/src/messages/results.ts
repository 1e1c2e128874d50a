// Texts of the national analyst's results pages.
export const nb = {
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
};

export const en: Catalogue = {
};
