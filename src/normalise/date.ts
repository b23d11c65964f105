/**
 * Feed dates → ISO-8601 UTC with milliseconds, or null (CONTRACT.md). Pure: no clock, no locale.
 *
 * Tried in order, as feedparser does: W3C-DTF / RFC 3339 (partial dates allowed, "2003-12" is
 * 2003-12-01), RFC 822 / RFC 1123 (two-digit years, obsolete and military zones, swapped day and
 * month), compact ISO 8601 ("20031213T183002Z"), and asctime ("Sun Jan  4 16:29:06 PST 2004").
 * A date without a zone is UTC. Impossible dates (31 Feb, year 0, hour 25) are null rather than
 * rolled over (RELIABILITY.md R42); words such as "yesterday" and bare epoch numbers are null.
 */

/** RFC 822 §5.1 zones plus the North American names feeds use; an unknown name counts as UTC. */
const ZONE_HOURS: Readonly<Record<string, number>> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  adt: -3, ast: -4, at: -4,
  edt: -4, est: -5, et: -5,
  cdt: -5, cst: -6, ct: -6,
  mdt: -6, mst: -7, mt: -7,
  pdt: -7, pst: -8, pt: -8,
  // RFC 822's military zones got their signs backwards (RFC 1123 §5.2.14); feeds that use them
  // follow the RFC 822 table, and only these four appear in practice.
  a: -1, n: 1, m: -12, y: 12,
};

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DAY_NAMES = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
}

export function parseDate(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '' || text.length > 100) return null;
  for (const read of [readW3cDtf, readRfc822, readCompactIso, readAsctime]) {
    const fields = read(text);
    if (fields) return toIso(fields);
  }
  return null;
}

function toIso(f: Fields): string | null {
  if (f.year < 1 || f.year > 9999) return null;
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysInMonth(f.year, f.month)) return null;
  if (f.hour > 23 || f.minute > 59 || f.second > 60) return null;
  const ms = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, Math.min(f.second, 59)) - f.offsetMinutes * 60_000;
  const date = new Date(ms);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back.
  if (f.year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toInt(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** ±hh, ±hhmm, ±hh:mm → minutes east of UTC; a zone name → its offset; null when unreadable. */
function readZone(zone: string): number | null {
  let z = zone.toLowerCase();
  if (z.startsWith('etc/')) z = z.slice(4);
  if (z.startsWith('gmt') && z.length > 3) z = z.slice(3);
  if (z === '') return 0;
  const numeric = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    // Out-of-range offsets ("+3000") are still read as written, as the reference does.
    return numeric[1] === '-' ? -minutes : minutes;
  }
  if (/^[+-]/.test(z)) return null;
  // An unknown name ("CEST", "0000") reads as UTC, as the reference does.
  return (Object.hasOwn(ZONE_HOURS, z) ? ZONE_HOURS[z] : 0) * 60;
}

/** W3C-DTF (a profile of ISO 8601) and RFC 3339: YYYY[-MM[-DD]][(T| )hh:mm[:ss[.s]]][zone]. */
function readW3cDtf(text: string): Fields | null {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:(?:\s*[Tt]\s*|\s+)(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,4})?$/.exec(text);
  if (!m) return null;
  const offset = m[7] === undefined ? 0 : readZone(m[7]);
  if (offset === null) return null;
  return {
    year: Number(m[1]),
    month: m[2] === undefined ? 1 : Number(m[2]),
    day: m[3] === undefined ? 1 : Number(m[3]),
    hour: m[4] === undefined ? 0 : Number(m[4]),
    minute: m[5] === undefined ? 0 : Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    offsetMinutes: offset,
  };
}

/** RFC 822 §5 / RFC 1123 §5.2.14 with the variations feeds use (feedparser's rules). */
function readRfc822(text: string): Fields | null {
  let parts = text.toLowerCase().split(/\s+/);
  if (parts.length < 5) parts.push('00:00:00', '0000');
  if (DAY_NAMES.has(parts[0].slice(0, 3))) parts = parts.slice(1);
  if (parts.length < 5) return null;
  let day = toInt(parts[0]);
  let month = MONTHS[parts[1].slice(0, 3)];
  if (day === null) {
    month = MONTHS[parts[0].slice(0, 3)];
    day = toInt(parts[1].replace(/,$/, ''));
    if (month === undefined || day === null) return null;
  }
  if (month === undefined) return null;
  let year = toInt(parts[2]);
  if (year === null) return null;
  if (parts[2].length <= 2) year += year < 90 ? 2000 : 1900;
  const time = parts[3].split(':');
  if (time.length > 3) return null;
  const [hour, minute, second] = [time[0], time[1] ?? '0', time[2] ?? '0'].map(toInt);
  if (hour === null || minute === null || second === null) return null;
  const offset = readZone(parts[4]);
  if (offset === null) return null;
  return { year, month, day, hour, minute, second, offsetMinutes: offset };
}

/** ISO 8601 basic format: 20031213, 20031213T183002Z, 20031213T18:30:02+01:00. */
function readCompactIso(text: string): Fields | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text);
  if (!m) return null;
  const offset = m[7] === undefined ? 0 : readZone(m[7]);
  if (offset === null) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offsetMinutes: offset,
  };
}

/** C asctime(): "Sun Jan  4 16:29:06 2004", optionally with a zone before the year. */
function readAsctime(text: string): Fields | null {
  const m = /^[A-Za-z]{3},?\s+([A-Za-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:([A-Za-z]+|[+-]\d{4})\s+)?(\d{4})$/.exec(text);
  if (!m) return null;
  const month = MONTHS[m[1].toLowerCase()];
  const offset = m[6] === undefined ? 0 : readZone(m[6]);
  if (month === undefined || offset === null) return null;
  return {
    year: Number(m[7]),
    month,
    day: Number(m[2]),
    hour: Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5]),
    offsetMinutes: offset,
  };
}
