/**
 * Pure readings of response headers: Retry-After, cache freshness, content codings and bot-wall
 * detection. No I/O; time comes in as `nowMs`.
 */
import { DAY_MS } from '../config/defaults.js';
import type { CacheHints } from '../core/types.js';

export type Headers = Record<string, string | string[] | undefined>;

export function headerValue(headers: Headers, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Clamped to 0–24 h because a host
 * asking for 3 000 years must not silence a source for good (R15); garbage gives undefined so the
 * caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, nowMs: number, maxMs: number = DAY_MS): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let delay: number;
  if (/^\d+$/.test(text)) {
    delay = Number(text) * 1000;
  } else {
    const at = parseHttpDate(text);
    if (at === null) return undefined;
    delay = at - nowMs;
  }
  if (!Number.isFinite(delay)) return maxMs;
  return Math.min(Math.max(delay, 0), maxMs);
}

export function parseCacheHints(headers: Headers): CacheHints {
  const control = (headerValue(headers, 'cache-control') ?? '').toLowerCase();
  let maxAgeMs: number | null = null;
  if (/(?:^|,)\s*(?:no-store|no-cache)\b/.test(control)) {
    maxAgeMs = 0;
  } else {
    const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(control);
    if (match) {
      const age = Number(/^\d+$/.exec((headerValue(headers, 'age') ?? '').trim())?.[0] ?? 0);
      maxAgeMs = Math.max(0, Number(match[1]) - age) * 1000;
    }
  }
  const expires = headerValue(headers, 'expires');
  const expiresMs = expires === null ? null : parseHttpDate(expires);
  return { maxAgeMs, expiresAt: expiresMs === null ? null : new Date(expiresMs).toISOString() };
}

/**
 * An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, RFC 850 or asctime), or null. Only date-looking text
 * is given to Date.parse, which would also read "0" or "2026" as a date.
 */
function parseHttpDate(text: string): number | null {
  if (!/[a-z]{3}/i.test(text) || !/\d{1,2}:\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

export type ContentCoding = 'gzip' | 'deflate' | 'br';

/**
 * The single content coding to undo, or null for identity. We only ask for one, so a list of
 * several (stacked gzip, undici#4729) or an unknown name is refused rather than treated as
 * identity (R10). Returns a string describing the problem when refused.
 */
export function parseContentCoding(value: string | null): { coding: ContentCoding | null } | { refused: string } {
  if (value === null) return { coding: null };
  const codings = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '' && part !== 'identity');
  if (codings.length === 0) return { coding: null };
  if (codings.length > 1) return { refused: `more than one content coding (${codings.join(', ')})` };
  const [coding] = codings;
  if (coding === 'gzip' || coding === 'x-gzip') return { coding: 'gzip' };
  if (coding === 'deflate') return { coding: 'deflate' };
  if (coding === 'br') return { coding: 'br' };
  return { refused: `unsupported content coding "${coding}"` };
}

/** Cloudflare-style interstitials: `cf-mitigated: challenge`, or the challenge page itself (R18). */
export function isBotChallenge(headers: Headers, bodySample: string): boolean {
  if ((headerValue(headers, 'cf-mitigated') ?? '').toLowerCase().includes('challenge')) return true;
  return /<title>\s*just a moment\.\.\.|<title>\s*just a moment…|\/cdn-cgi\/challenge-platform\/|cf-browser-verification|<title>\s*attention required!?\s*\|\s*cloudflare/i.test(bodySample);
}
