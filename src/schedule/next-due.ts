/**
 * When to poll a source next. Pure: time comes in as `now`.
 *
 * The interval is the largest of what the operator configured and what the feed asks for (RSS
 * <ttl>, sy:updatePeriod/updateFrequency, HTTP Cache-Control max-age and Expires), bounded to
 * [5 min, 24 h] so that no feed can make us hammer it or forget it. RSS skipHours/skipDays push
 * the due time out of the hours the publisher asked us to leave alone (RSS 2.0 spec, "skipHours").
 */
import { DAY_MS, DEFAULTS, HOUR_MS, MINUTE_MS } from '../config/defaults.js';
import type { CacheHints, PollingHints } from '../core/types.js';

export interface NextDueInput {
  now: Date;
  intervalMs: number | 'auto';
  hints: PollingHints | null;
  cache: CacheHints | null;
  /** Dates of the source's recent items, for `interval: "auto"`. */
  postingDates: string[];
  minMs?: number;
  maxMs?: number;
}

const SY_PERIOD_MS: Record<string, number> = { hourly: HOUR_MS, daily: DAY_MS, weekly: 7 * DAY_MS, monthly: 30 * DAY_MS, yearly: 365 * DAY_MS };
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function computeNextDue(input: NextDueInput): Date {
  const minMs = input.minMs ?? DEFAULTS.minIntervalMs;
  const maxMs = input.maxMs ?? DEFAULTS.maxIntervalMs;
  const interval = pollInterval(input, minMs, maxMs);
  const due = new Date(input.now.getTime() + interval);
  return input.hints ? skipBlockedHours(due, input.hints, new Date(input.now.getTime() + maxMs)) : due;
}

export function pollInterval(input: NextDueInput, minMs: number = DEFAULTS.minIntervalMs, maxMs: number = DEFAULTS.maxIntervalMs): number {
  const candidates: number[] = [input.intervalMs === 'auto' ? autoInterval(input.postingDates, input.now) : input.intervalMs];
  const hints = input.hints;
  if (hints?.ttlMinutes) candidates.push(hints.ttlMinutes * MINUTE_MS);
  if (hints?.updatePeriod) {
    const period = SY_PERIOD_MS[hints.updatePeriod.toLowerCase()];
    if (period) candidates.push(period / Math.max(1, hints.updateFrequency ?? 1));
  }
  if (input.cache?.maxAgeMs) candidates.push(input.cache.maxAgeMs);
  if (input.cache?.expiresAt) {
    const expires = Date.parse(input.cache.expiresAt) - input.now.getTime();
    if (Number.isFinite(expires)) candidates.push(expires);
  }
  return clamp(Math.max(...candidates), minMs, maxMs);
}

/**
 * From posting frequency over the last four weeks: poll about twice per typical gap between posts,
 * so a source posting hourly is polled every ~30 min and a weekly blog once a day (the upper bound).
 */
export function autoInterval(postingDates: string[], now: Date): number {
  const since = now.getTime() - 28 * DAY_MS;
  const times = postingDates
    .map((date) => Date.parse(date))
    .filter((time) => Number.isFinite(time) && time >= since && time <= now.getTime())
    .sort((a, b) => a - b);
  if (times.length < 2) return DEFAULTS.maxIntervalMs;
  const span = Math.max(now.getTime() - times[0], times[times.length - 1] - times[0]);
  const meanGap = span / times.length;
  return meanGap / 2;
}

function skipBlockedHours(due: Date, hints: PollingHints, limit: Date): Date {
  const skipHours = new Set(hints.skipHours);
  const skipDays = new Set(hints.skipDays.map((day) => day.toLowerCase()));
  if (skipHours.size === 0 && skipDays.size === 0) return due;
  let candidate = new Date(due);
  // At most a week of hourly steps; the [min, max] bound wins over the publisher's wishes.
  for (let step = 0; step < 24 * 7; step++) {
    const blocked = skipHours.has(candidate.getUTCHours()) || skipDays.has(DAY_NAMES[candidate.getUTCDay()]);
    if (!blocked) return candidate;
    const next = new Date(candidate);
    next.setUTCMinutes(0, 0, 0);
    next.setUTCHours(next.getUTCHours() + 1);
    if (next > limit) return limit;
    candidate = next;
  }
  return candidate;
}

/**
 * Backoff after failures: the interval doubles with each consecutive failure (full jitter on the
 * added part), capped at a day, so a broken source is not hammered every run.
 */
export function failureDelay(consecutiveFailures: number, baseMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 10);
  const grown = Math.min(baseMs * 2 ** exponent, DEFAULTS.maxIntervalMs);
  const jittered = baseMs + (grown - baseMs) * (0.5 + random() / 2);
  return clamp(jittered, Math.min(baseMs, DEFAULTS.minIntervalMs), DEFAULTS.maxIntervalMs);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
