// Texts of the case form and the summary form.
export const nb = {
};

type Catalogue = Record<keyof typeof nb, string>;

export const nn: Catalogue = {
};

export const en: Catalogue = {
};
