import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, nb, nn, type Catalogue, type MessageKey } from './messages';

export type Lang = 'nb' | 'nn' | 'en';
export const LANGS: Lang[] = ['nb', 'nn', 'en'];

export type { MessageKey };

export const catalogues: Record<Lang, Catalogue> = { nb, nn, en };

type Tree = { readonly [k: string]: string | Tree };

/** flatten lists every text of a catalogue by its dotted path ('admin.token.name'). */
export function flatten(tree: Tree, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}

// Every language's texts by path, made once: a lookup is one read, however deep the path.
const flat: Record<Lang, Record<string, string>> = { nb: flatten(nb), nn: flatten(nn), en: flatten(en) };

/** translate is the text at a path in a language, with its {parameters} filled in. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return (flat[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
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

// Dates and times have one formatter for every page: src/lib/dates.ts (Europe/Oslo).
export { formatDate, formatDateTime, formatMonth, formatMonthRange, formatTime, osloDate } from './lib/dates';

const LOCALES: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/** formatNumber shows a number with the language's decimal sign, at most one decimal. */
export function formatNumber(n: number | null | undefined, lang: Lang): string {
  return n == null ? '–' : new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(n);
}

/** localized picks the caller's language from a LocalizedText. */
export function localized(text: { nb: string; nn: string; en: string } | null | undefined, lang: Lang): string {
  return text ? text[lang] || text.nb : '';
}
