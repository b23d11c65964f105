/**
 * "2 days ago" at render time. templates/age.js repeats these thresholds in the browser so a static
 * page's ages stay current; keep the two in step.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

export function relativeAge(date: Date, now: Date): string {
  // A date ahead of the clock (skew, or a feed's future date clamped late) reads as "just now".
  const elapsed = Math.max(0, now.getTime() - date.getTime());
  if (elapsed < MINUTE) return 'just now';
  // Round to the nearest unit ("4 days 22 hours" reads "5 days ago"); a count that rounds up to the
  // next unit's size is told in that unit, so 23 h 40 min is "1 day ago", never "24 hours ago".
  for (const [size, unit, next] of UNITS) {
    const count = Math.round(elapsed / size);
    if (next === null || count < next / size) return plural(Math.max(1, count), unit);
  }
  return 'just now';
}

const UNITS: [number, string, number | null][] = [
  [MINUTE, 'minute', HOUR],
  [HOUR, 'hour', DAY],
  [DAY, 'day', MONTH],
  [MONTH, 'month', YEAR],
  [YEAR, 'year', null],
];

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** "26 Nov 2026, 10:05 UTC": the exact date shown beside or instead of the age. */
export function formatExactDate(date: Date): string {
  const day = date.getUTCDate();
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  const hours = String(date.getUTCHours()).padStart(2, '0');
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${day} ${month} ${date.getUTCFullYear()}, ${hours}:${minutes} UTC`;
}
