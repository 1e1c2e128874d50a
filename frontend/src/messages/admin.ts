// Texts of the administrator's pages (accounts and API tokens).
export const nb = {
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
};

export const en: Catalogue = {
};
