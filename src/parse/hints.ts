/**
 * Polling hints a feed gives: RSS 2.0 `<ttl>` (minutes), `<skipHours>` (0–23 GMT) and
 * `<skipDays>`, and the RSS 1.0 syndication module (`sy:updatePeriod`, `sy:updateFrequency`).
 * Values out of range are dropped rather than trusted.
 */
import type { PollingHints } from '../core/types.js';
import type { RawFeed } from './walk-feed.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const PERIODS = new Set(['hourly', 'daily', 'weekly', 'monthly', 'yearly']);

export function emptyHints(): PollingHints {
  return { ttlMinutes: null, skipHours: [], skipDays: [], updatePeriod: null, updateFrequency: null };
}

export function readHints(feed: RawFeed): PollingHints {
  const hours = new Set<number>();
  for (const text of feed.skipHours) {
    const hour = positiveInt(text, 0);
    // RSS 2.0 says 0–23; some feeds write 24 for midnight.
    if (hour !== null && hour <= 24) hours.add(hour % 24);
  }
  const days = new Set<string>();
  for (const text of feed.skipDays) {
    const day = DAYS.find((name) => name.toLowerCase() === text.trim().toLowerCase());
    if (day) days.add(day);
  }
  const period = feed.updatePeriod?.trim().toLowerCase() ?? null;
  return {
    ttlMinutes: positiveInt(feed.ttl, 1),
    skipHours: [...hours].sort((a, b) => a - b),
    skipDays: DAYS.filter((day) => days.has(day)),
    updatePeriod: period !== null && PERIODS.has(period) ? period : null,
    updateFrequency: positiveInt(feed.updateFrequency, 1),
  };
}

function positiveInt(text: string | null, min: number): number | null {
  if (text === null || !/^\s*\d{1,7}\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= min ? value : null;
}
