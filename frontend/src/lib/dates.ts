// The one formatter of dates and times in the app. Every instant is shown in Norwegian time
// (Europe/Oslo), whatever the browser's zone, so a submission at 23:30 UTC on 30 March is
// 31.03.2026 everywhere: in the funnel, on the round page and in the exports (the server's
// internal/datefmt formats the same way). Dates are dd.mm.yyyy in all three languages; months are
// "sep. 2025" (nb, nn) and "Sep 2025" (en).
export type DateLang = 'nb' | 'nn' | 'en';

export const OSLO = 'Europe/Oslo';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_ONLY = /^(\d{4})-(\d{2})$/;

interface Parts { y: string; m: string; d: string; h: string; min: string }

/** The calendar parts of an instant in Oslo; a plain date (YYYY-MM-DD) is taken as it is. */
function osloParts(value: string | Date): Parts | null {
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    const [y = '', m = '', d = ''] = value.split('-');
    return { y, m, d, h: '00', min: '00' };
  }
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) return null;
  const p: Record<string, string> = Object.fromEntries(partsFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: p.year ?? '', m: p.month ?? '', d: p.day ?? '', h: p.hour === '24' ? '00' : (p.hour ?? ''), min: p.minute ?? '' };
}

/** osloDate is the calendar date (YYYY-MM-DD) of an instant in Oslo; a plain date is returned as it is. */
export function osloDate(value: string | Date): string {
  const p = osloParts(value);
  return p ? `${p.y}-${p.m}-${p.d}` : '';
}

/** formatDate shows a date or the Oslo date of a timestamp as dd.mm.yyyy (the same in every language). */
export function formatDate(value: string | Date | null | undefined, _lang?: DateLang): string {
  if (!value) return '';
  const p = osloParts(value);
  return p ? `${p.d}.${p.m}.${p.y}` : '';
}

/** formatTime shows the Oslo time of a timestamp as HH:mm. */
export function formatTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const p = osloParts(value);
  return p ? `${p.h}:${p.min}` : '';
}

/** formatDateTime shows a timestamp as "31.03.2026 kl. 01:30" (nb, nn) or "31.03.2026, 01:30" (en), in Oslo time. */
export function formatDateTime(value: string | Date | null | undefined, lang: DateLang = 'nb'): string {
  if (!value) return '';
  const p = osloParts(value);
  if (!p) return '';
  return lang === 'en' ? `${p.d}.${p.m}.${p.y}, ${p.h}:${p.min}` : `${p.d}.${p.m}.${p.y} kl. ${p.h}:${p.min}`;
}

const MONTHS: Record<DateLang, string[]> = {
  nb: ['jan.', 'feb.', 'mars', 'apr.', 'mai', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'des.'],
  nn: ['jan.', 'feb.', 'mars', 'apr.', 'mai', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'des.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** formatMonth shows a month (YYYY-MM, or the Oslo month of a date or timestamp) as "sep. 2025" / "Sep 2025". */
export function formatMonth(value: string | null | undefined, lang: DateLang = 'nb'): string {
  if (!value) return '';
  const mm = MONTH_ONLY.exec(value);
  const p = mm ? { y: mm[1] ?? '', m: mm[2] ?? '' } : osloParts(value);
  if (!p) return '';
  const name = MONTHS[lang][Number(p.m) - 1];
  return name ? `${name} ${p.y}` : value;
}

/** formatMonthRange shows a period of months as "sep. 2025–feb. 2026". */
export function formatMonthRange(from: string | null | undefined, to: string | null | undefined, lang: DateLang = 'nb'): string {
  return `${formatMonth(from, lang)}–${formatMonth(to, lang)}`;
}
