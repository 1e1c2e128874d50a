// Texts of the county advisor's pages.
export const nb = {
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
};

export const en: Catalogue = {
};
