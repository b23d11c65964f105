import { describe, expect, it } from 'vitest';
import { autoInterval, computeNextDue, failureDelay, pollInterval } from '../../src/schedule/next-due.js';
import type { PollingHints } from '../../src/core/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const now = new Date('2026-11-28T10:00:00Z');
const hints = (partial: Partial<PollingHints>): PollingHints => ({ ttlMinutes: null, skipHours: [], skipDays: [], updatePeriod: null, updateFrequency: null, ...partial });
const base = { now, hints: null, cache: null, postingDates: [] as string[] };

describe('next-due time', () => {
  it('uses the configured interval, bounded to [5 min, 24 h]', () => {
    expect(pollInterval({ ...base, intervalMs: 30 * MIN })).toBe(30 * MIN);
    expect(pollInterval({ ...base, intervalMs: MIN })).toBe(5 * MIN);
    expect(pollInterval({ ...base, intervalMs: 72 * HOUR })).toBe(24 * HOUR);
  });

  it('takes the largest of interval, <ttl>, sy:updatePeriod, Cache-Control max-age and Expires', () => {
    expect(pollInterval({ ...base, intervalMs: 30 * MIN, hints: hints({ ttlMinutes: 120 }) })).toBe(2 * HOUR);
    expect(pollInterval({ ...base, intervalMs: 30 * MIN, hints: hints({ updatePeriod: 'daily', updateFrequency: 4 }) })).toBe(6 * HOUR);
    expect(pollInterval({ ...base, intervalMs: 30 * MIN, cache: { maxAgeMs: 3 * HOUR, expiresAt: null } })).toBe(3 * HOUR);
    expect(pollInterval({ ...base, intervalMs: 30 * MIN, cache: { maxAgeMs: null, expiresAt: '2026-11-28T14:00:00Z' } })).toBe(4 * HOUR);
    // A feed cannot make us forget it for a week.
    expect(pollInterval({ ...base, intervalMs: 30 * MIN, hints: hints({ ttlMinutes: 60 * 24 * 7 }) })).toBe(24 * HOUR);
  });

  it('honours skipHours and skipDays by moving the due time past them', () => {
    const due = computeNextDue({ ...base, intervalMs: 30 * MIN, hints: hints({ skipHours: [10, 11, 12] }) });
    expect(due.toISOString()).toBe('2026-11-28T13:00:00.000Z');
    // 2026-11-28 is a Saturday: skipping Saturday and Sunday lands on Monday, but the 24 h bound wins.
    const weekend = computeNextDue({ ...base, intervalMs: 30 * MIN, hints: hints({ skipDays: ['Saturday', 'Sunday'] }) });
    expect(weekend.toISOString()).toBe('2026-11-29T10:00:00.000Z');
  });

  it('interval "auto" polls frequent posters often and quiet ones rarely', () => {
    const hourly = Array.from({ length: 48 }, (_, i) => new Date(now.getTime() - i * HOUR).toISOString());
    const weekly = Array.from({ length: 4 }, (_, i) => new Date(now.getTime() - i * 7 * 24 * HOUR).toISOString());
    expect(autoInterval(hourly, now)).toBeLessThan(HOUR);
    expect(pollInterval({ ...base, intervalMs: 'auto', postingDates: hourly })).toBeLessThan(HOUR);
    expect(pollInterval({ ...base, intervalMs: 'auto', postingDates: weekly })).toBe(24 * HOUR);
    expect(pollInterval({ ...base, intervalMs: 'auto', postingDates: [] })).toBe(24 * HOUR);
  });

  it('backs off exponentially with jitter after failures, capped at a day', () => {
    const delays = [1, 2, 3, 4, 5].map((failures) => failureDelay(failures, 30 * MIN, () => 1));
    expect(delays).toEqual([30 * MIN, 60 * MIN, 120 * MIN, 240 * MIN, 480 * MIN]);
    expect(failureDelay(20, 30 * MIN, () => 1)).toBe(24 * HOUR);
    const jittered = failureDelay(3, 30 * MIN, () => 0);
    expect(jittered).toBeGreaterThanOrEqual(30 * MIN);
    expect(jittered).toBeLessThan(120 * MIN);
  });
});
