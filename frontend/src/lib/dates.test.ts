import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMonth, formatMonthRange, formatTime, osloDate } from './dates';

describe('dates', () => {
  it.each([
    // [input, Oslo date, nb date-time, en date-time]
    ['2026-03-30T23:30:00Z', '31.03.2026', '31.03.2026 kl. 01:30', '31.03.2026, 01:30'], // summer time: +2, the next day in Oslo
    ['2026-01-15T23:30:00Z', '16.01.2026', '16.01.2026 kl. 00:30', '16.01.2026, 00:30'], // winter: +1, just past midnight
    ['2026-01-15T22:59:00Z', '15.01.2026', '15.01.2026 kl. 23:59', '15.01.2026, 23:59'], // winter, still the same day
    ['2026-03-29T00:59:00Z', '29.03.2026', '29.03.2026 kl. 01:59', '29.03.2026, 01:59'], // just before the spring DST switch
    ['2026-03-29T01:00:00Z', '29.03.2026', '29.03.2026 kl. 03:00', '29.03.2026, 03:00'], // just after it: 02:00 is skipped
    ['2025-10-26T00:30:00Z', '26.10.2025', '26.10.2025 kl. 02:30', '26.10.2025, 02:30'], // autumn: the first 02:30
    ['2025-10-26T01:30:00Z', '26.10.2025', '26.10.2025 kl. 02:30', '26.10.2025, 02:30'], // and the second
    ['2026-03-31', '31.03.2026', '31.03.2026 kl. 00:00', '31.03.2026, 00:00'], // a plain date is not shifted
  ])('%s', (input, date, nb, en) => {
    expect(formatDate(input)).toBe(date);
    expect(formatDate(input, 'en')).toBe(date); // the same in every language, never 31/03/2026
    expect(formatDateTime(input, 'nb')).toBe(nb);
    expect(formatDateTime(input, 'nn')).toBe(nb);
    expect(formatDateTime(input, 'en')).toBe(en);
  });

  it('gives the Oslo calendar date and time of an instant', () => {
    expect(osloDate('2026-03-30T23:30:00Z')).toBe('2026-03-31');
    expect(osloDate('2026-03-30')).toBe('2026-03-30');
    expect(formatTime('2026-06-01T09:41:00Z')).toBe('11:41');
  });

  it.each([
    ['2025-09', 'nb', 'sep. 2025'],
    ['2025-09', 'nn', 'sep. 2025'],
    ['2025-09', 'en', 'Sep 2025'],
    ['2026-03', 'nb', 'mars 2026'],
    ['2026-05', 'en', 'May 2026'],
    ['2025-12-31T23:30:00Z', 'nb', 'jan. 2026'], // the Oslo month of an instant
  ] as const)('month %s in %s', (input, lang, want) => {
    expect(formatMonth(input, lang)).toBe(want);
  });

  it('shows a month range and nothing for nothing', () => {
    expect(formatMonthRange('2025-09', '2026-02', 'nb')).toBe('sep. 2025–feb. 2026');
    expect(formatDate(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatMonth('')).toBe('');
    expect(formatDate('not a date')).toBe('');
  });
});
