// The types that keep the catalogues in step: every language has the Bokmål catalogue's shape, and a
// message key is the dotted path of one text in it.

/** Messages has the shape of a Bokmål catalogue, with a string for every text. */
export type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Leaves are the dotted paths of every text in a catalogue, such as 'admin.token.name'. */
export type Leaves<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}` }[keyof T & string];
