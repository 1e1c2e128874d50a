// Pure logic of the administrator's page: API token scope and state, the Oslo-time arithmetic
// of expiry dates (the server counts whole days in Europe/Oslo, like the token CLI), and the rules
// of the account form.
import type { Role } from '../gql/graphql';

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

// ---- Accounts ----

// The role type is the schema's (generated), so a new role in schema.graphql shows up here as a type error.
export type { Role };

/** The roles in the order the creation form offers them: the most common first. */
export const ROLES: readonly Role[] = ['SERVICE_STAFF', 'SERVICE_LEADER', 'COUNTY_ADVISOR', 'NATIONAL_ANALYST', 'ADMIN'];

/** What a role belongs to: a child welfare service, a county governor office, or neither (national). */
export type RoleOrganisation = 'service' | 'office' | 'none';

export function roleOrganisation(role: Role): RoleOrganisation {
  if (role === 'SERVICE_STAFF' || role === 'SERVICE_LEADER') return 'service';
  if (role === 'COUNTY_ADVISOR') return 'office';
  return 'none';
}

/** The shortest password the server accepts (NSM: long pass phrases rather than complexity rules). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * passwordTooShort counts characters as people do (æ, ø and å are one each). The server counts
 * bytes, which is never fewer, so what passes here passes there.
 */
export function passwordTooShort(password: string): boolean {
  // Spread counts code points, so a password of emoji is measured as a person counts it.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  return [...password].length < MIN_PASSWORD_LENGTH;
}

/** normalizeUsername is the user name as the server stores it: without surrounding spaces, in lower case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * usernameValid: 3–100 of a–z, 0–9, `.`, `_`, `@` and `-`, after normalizing. The rule is the
 * server's domain.UsernamePattern (internal/domain/errors_account.go); keep this pattern equal to it.
 */
export function usernameValid(username: string): boolean {
  return /^[a-z0-9._@-]{3,100}$/.test(normalizeUsername(username));
}

/** The fields of the account form, named as the server names them in `extensions.field`. */
export type AccountField = 'username' | 'displayName' | 'role' | 'serviceId' | 'officeId' | 'password' | 'oidcSubject';

/** The order of the fields in the form, for moving focus to the first one in error. */
export const ACCOUNT_FIELDS: readonly AccountField[] = ['username', 'displayName', 'role', 'serviceId', 'officeId', 'password', 'oidcSubject'];

export interface AccountForm {
  username: string;
  displayName: string;
  role: Role | '';
  serviceId: string;
  officeId: string;
  password: string;
  oidcSubject: string;
}

/** What is wrong with a field before asking the server; each names a message of its own. */
export type AccountProblem =
  | 'usernameInvalid' | 'displayNameMissing' | 'roleMissing' | 'serviceMissing' | 'officeMissing' | 'passwordShort' | 'signInMissing';

/**
 * accountProblems checks what the form itself can know: the rules the server states, the
 * organisation the role needs, and a way to sign in. The server checks again (and more, such as
 * a user name that is taken).
 */
export function accountProblems(f: AccountForm): Partial<Record<AccountField, AccountProblem>> {
  const p: Partial<Record<AccountField, AccountProblem>> = {};
  if (!usernameValid(f.username)) p.username = 'usernameInvalid';
  if (!f.displayName.trim()) p.displayName = 'displayNameMissing';
  if (!f.role) p.role = 'roleMissing';
  else if (roleOrganisation(f.role) === 'service' && !f.serviceId) p.serviceId = 'serviceMissing';
  else if (roleOrganisation(f.role) === 'office' && !f.officeId) p.officeId = 'officeMissing';
  if (f.password && passwordTooShort(f.password)) p.password = 'passwordShort';
  else if (!f.password && !f.oidcSubject.trim()) p.password = 'signInMissing';
  return p;
}

export interface CreateUserInputLike {
  username: string;
  displayName: string;
  role: Role;
  serviceId: string | null;
  officeId: string | null;
  password: string | null;
  oidcSubject: string | null;
}

/**
 * createUserInput is what is sent: only the organisation the role needs (an office chosen before
 * the role changed is left out), no empty optional fields, names trimmed. The password is sent
 * exactly as typed. Undefined while no role is chosen.
 */
export function createUserInput(f: AccountForm): CreateUserInputLike | undefined {
  if (!f.role) return undefined;
  const org = roleOrganisation(f.role);
  return {
    username: normalizeUsername(f.username),
    displayName: f.displayName.trim(),
    role: f.role,
    serviceId: org === 'service' && f.serviceId ? f.serviceId : null,
    officeId: org === 'office' && f.officeId ? f.officeId : null,
    password: f.password ? f.password : null,
    oidcSubject: f.oidcSubject.trim() ? f.oidcSubject.trim() : null,
  };
}
