import { describe, expect, it } from 'vitest';
import {
  accountProblems, createUserInput, expiryInstant, lastValidDay, normalizeUsername, osloDate, passwordTooShort, roleOrganisation, ROLES, todayInOslo,
  tokenScope, tokenState, usageExample, usernameValid, type AccountForm,
} from './admin';

const vestland = { id: '9', name: { nb: 'Statsforvalteren i Vestland', nn: 'Statsforvaltaren i Vestland', en: 'The County Governor of Vestland' } };

describe('tokenScope', () => {
  it('is national without office and service', () => expect(tokenScope({ national: true })).toEqual({ kind: 'national' }));
  it('names the office', () => expect(tokenScope({ national: false, office: vestland })).toEqual({ kind: 'office', ...vestland }));
  it('names the service', () =>
    expect(tokenScope({ national: false, service: { id: '38', name: 'Barneverntjenesten i Bergen' } }))
      .toEqual({ kind: 'service', id: '38', name: 'Barneverntjenesten i Bergen' }));
});

describe('tokenState', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('is active without expiry', () => expect(tokenState({ national: true }, now)).toBe('active'));
  it('is active before expiry', () => expect(tokenState({ national: true, expiresAt: '2026-11-23T23:00:00Z' }, now)).toBe('active'));
  it('is expired after expiry', () => expect(tokenState({ national: true, expiresAt: '2026-11-23T11:59:59Z' }, now)).toBe('expired'));
  it('revoked wins over expired', () =>
    expect(tokenState({ national: true, expiresAt: '2026-01-01T00:00:00Z', revokedAt: '2025-12-01T10:00:00Z' }, now)).toBe('revoked'));
});

describe('Oslo time', () => {
  it('ends a winter day at 23:00 UTC', () => expect(expiryInstant('2027-01-31')).toBe('2027-01-31T23:00:00Z'));
  it('ends a summer day at 22:00 UTC', () => expect(expiryInstant('2027-06-30')).toBe('2027-06-30T22:00:00Z'));
  it('ends the last day of a month and year', () => expect(expiryInstant('2026-12-31')).toBe('2026-12-31T23:00:00Z'));
  it('handles the days the clocks change', () => {
    expect(expiryInstant('2027-03-27')).toBe('2027-03-27T23:00:00Z'); // clocks go forward on 28 March
    expect(expiryInstant('2027-03-28')).toBe('2027-03-28T22:00:00Z');
    expect(expiryInstant('2027-10-30')).toBe('2027-10-30T22:00:00Z'); // and back on 31 October
    expect(expiryInstant('2027-10-31')).toBe('2027-10-31T23:00:00Z');
  });
  it('ignores what is not a date', () => {
    expect(expiryInstant('')).toBeUndefined();
    expect(expiryInstant('30.06.2027')).toBeUndefined();
  });
  it('gives back the chosen last day', () => {
    for (const d of ['2027-01-31', '2027-06-30', '2027-03-28', '2027-10-31']) expect(lastValidDay(expiryInstant(d)!)).toBe(d);
  });
  it('dates an instant in Oslo, not in UTC', () => {
    expect(osloDate('2026-03-31T22:30:00Z')).toBe('2026-04-01');
    expect(todayInOslo(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('usageExample', () => {
  it('sends the token as a bearer token to /graphql', () => {
    const ex = usageExample('https://egenkontroll.example.no', '<secret>');
    expect(ex).toContain('https://egenkontroll.example.no/graphql');
    expect(ex).toContain("Authorization: Bearer <secret>");
  });
});

describe('roleOrganisation', () => {
  it('puts service staff and leaders in a service', () => {
    expect(roleOrganisation('SERVICE_STAFF')).toBe('service');
    expect(roleOrganisation('SERVICE_LEADER')).toBe('service');
  });
  it('puts county advisors in an office', () => expect(roleOrganisation('COUNTY_ADVISOR')).toBe('office'));
  it('gives analysts and operators no organisation', () => {
    expect(roleOrganisation('NATIONAL_ANALYST')).toBe('none');
    expect(roleOrganisation('ADMIN')).toBe('none');
  });
  it('offers every role once', () => expect(new Set(ROLES).size).toBe(5));
});

describe('passwords and user names', () => {
  it('wants at least 12 characters', () => {
    expect(passwordTooShort('elleve-tegn')).toBe(true);
    expect(passwordTooShort('tolv-tegn-ok')).toBe(false);
  });
  it('counts æ, ø and å as one character each', () => {
    expect(passwordTooShort('æøåæøåæøåæø')).toBe(true); // 11 characters, 22 bytes
    expect(passwordTooShort('æøåæøåæøåæøå')).toBe(false);
  });
  it('stores user names trimmed and in lower case', () => expect(normalizeUsername('  Kari.Nordmann@Bergen.kommune.no ')).toBe('kari.nordmann@bergen.kommune.no'));
  it('accepts the documented characters', () => {
    expect(usernameValid('saksbehandler.bergen')).toBe(true);
    expect(usernameValid('Kari_N-1@x')).toBe(true);
    expect(usernameValid('ab')).toBe(false);
    expect(usernameValid('a'.repeat(101))).toBe(false);
    expect(usernameValid('kari nordmann')).toBe(false);
    expect(usernameValid('kåre')).toBe(false);
  });
});

describe('the account form', () => {
  const form: AccountForm = {
    username: 'kari.bergen', displayName: 'Kari Nordmann', role: 'SERVICE_STAFF', serviceId: '38', officeId: '9', password: 'et langt passord', oidcSubject: '',
  };
  it('has nothing to say about a complete form', () => expect(accountProblems(form)).toEqual({}));
  it('finds every missing piece at once', () =>
    expect(accountProblems({ ...form, username: 'x', displayName: ' ', role: '', password: '' }))
      .toEqual({ username: 'usernameInvalid', displayName: 'displayNameMissing', role: 'roleMissing', password: 'signInMissing' }));
  it('wants the organisation the role needs', () => {
    expect(accountProblems({ ...form, serviceId: '' })).toEqual({ serviceId: 'serviceMissing' });
    expect(accountProblems({ ...form, role: 'COUNTY_ADVISOR', officeId: '' })).toEqual({ officeId: 'officeMissing' });
    expect(accountProblems({ ...form, role: 'NATIONAL_ANALYST', serviceId: '', officeId: '' })).toEqual({});
  });
  it('refuses a short password but accepts OIDC alone', () => {
    expect(accountProblems({ ...form, password: 'kort' })).toEqual({ password: 'passwordShort' });
    expect(accountProblems({ ...form, password: '', oidcSubject: 'kari@bergen.kommune.no' })).toEqual({});
  });
  it('sends only the organisation the role needs', () => {
    expect(createUserInput(form)).toEqual({
      username: 'kari.bergen', displayName: 'Kari Nordmann', role: 'SERVICE_STAFF', serviceId: '38', officeId: null, password: 'et langt passord', oidcSubject: null,
    });
    expect(createUserInput({ ...form, role: 'COUNTY_ADVISOR' })).toMatchObject({ serviceId: null, officeId: '9' });
    expect(createUserInput({ ...form, role: 'ADMIN' })).toMatchObject({ serviceId: null, officeId: null });
  });
  it('trims names but sends the password as typed', () => {
    expect(createUserInput({ ...form, username: ' Kari.Bergen ', displayName: ' Kari ', password: ' mellomrom  ', oidcSubject: ' sub-1 ' }))
      .toMatchObject({ username: 'kari.bergen', displayName: 'Kari', password: ' mellomrom  ', oidcSubject: 'sub-1' });
  });
  it('sends nothing without a role', () => expect(createUserInput({ ...form, role: '' })).toBeUndefined());
});
