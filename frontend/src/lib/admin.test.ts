import { describe, expect, it } from 'vitest';
import { expiryInstant, lastValidDay, osloDate, todayInOslo, tokenScope, tokenState, usageExample } from './admin';

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
