// Pure logic of the administrator's page: API token scope and state, and the Oslo-time
// arithmetic of expiry dates (the server counts whole days in Europe/Oslo, like the token CLI).

export const OSLO = 'Europe/Oslo';

type Localized = { nb: string; nn: string; en: string };

export interface TokenLike {
  national: boolean;
  office?: { id: string; name: Localized } | null;
  service?: { id: string; name: string } | null;
  expiresAt?: string | null;
  revokedAt?: string | null;
}

export type TokenScope =
  | { kind: 'national' }
  | { kind: 'office'; id: string; name: Localized }
  | { kind: 'service'; id: string; name: string };

/** tokenScope says what a token may read: the whole country, one office or one service. */
export function tokenScope(t: TokenLike): TokenScope {
  if (t.service) return { kind: 'service', id: t.service.id, name: t.service.name };
  if (t.office) return { kind: 'office', id: t.office.id, name: t.office.name };
  return { kind: 'national' };
}

export type TokenState = 'active' | 'expired' | 'revoked';

/** tokenState: revoked wins over expired; a token without expiry never expires. */
export function tokenState(t: TokenLike, now: Date = new Date()): TokenState {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && Date.parse(t.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

function osloParts(ms: number) {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The offset of Oslo from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function osloOffset(ms: number): number {
  const p = osloParts(ms);
  const asUTC = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return asUTC - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** osloDate is the calendar date (YYYY-MM-DD) of an instant in Oslo. */
export function osloDate(iso: string | Date): string {
  const p = osloParts(typeof iso === 'string' ? Date.parse(iso) : iso.getTime());
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/**
 * expiryInstant turns the last day a token works (YYYY-MM-DD) into the instant it stops: the
 * first moment of the next day in Oslo, as RFC 3339 in UTC. Like `egenkontroll token create
 * --expires`. Undefined for an empty or malformed date.
 */
export function expiryInstant(lastDay: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(lastDay);
  if (!m) return undefined;
  const localMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  if (Number.isNaN(localMidnight)) return undefined;
  // Oslo changes its clock at 02:00/03:00, never at midnight, so the offset found at the guess holds.
  let ms = localMidnight - osloOffset(localMidnight);
  ms = localMidnight - osloOffset(ms);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** lastValidDay is the last calendar day (YYYY-MM-DD, Oslo) a token with this expiry works. */
export function lastValidDay(expiresAt: string): string {
  return osloDate(new Date(Date.parse(expiresAt) - 1));
}

/** todayInOslo is today's date in Oslo (YYYY-MM-DD), for the earliest expiry one may choose. */
export function todayInOslo(now: Date = new Date()): string {
  return osloDate(now);
}

/**
 * usageExample is a curl command that sends a GraphQL query with a token. The secret itself is
 * left as a placeholder so that it does not end up in shell histories or screenshots.
 */
export function usageExample(origin: string, placeholder: string): string {
  return [
    `curl -X POST ${origin}/graphql \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H 'Authorization: Bearer ${placeholder}' \\`,
    `  -d '{"query": "{ offices { id name { nb } } }"}'`,
  ].join('\n');
}
