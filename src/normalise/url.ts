/**
 * URLs from feeds: resolving, scheme checks, canonical links and registrable domains.
 *
 * Scheme checks follow the WHATWG URL parser (the one browsers use), so a URL is judged by what a
 * reader's browser would make of it: tabs and newlines anywhere are removed and leading/trailing C0
 * controls and spaces trimmed before the scheme is read (URL Standard, "basic URL parser"). That is
 * why `java\tscript:` and ` JAVASCRIPT:` are caught (RELIABILITY.md R36, miniflux `validURISchemes`).
 */
import { DEFAULTS } from '../config/defaults.js';

const WEB_PROTOCOLS = new Set(['http:', 'https:']);

/** Tab, LF and CR are removed anywhere in a URL; C0 controls and space are trimmed at the ends. */
export function cleanUrlText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function parseUrl(value: string, base?: string): URL | null {
  try {
    return base === undefined ? new URL(value) : new URL(value, base);
  } catch {
    return null;
  }
}

/** A base is only usable when it is itself an absolute http(s) URL (R41: `xml:base="javascript:"`). */
export function usableBase(base: string | null | undefined): string | null {
  if (!base) return null;
  const parsed = parseUrl(cleanUrlText(base));
  return parsed && WEB_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
}

/**
 * `href` made absolute against `base`; null unless the result is http(s), parses, and fits in
 * `maxLength` characters.
 */
export function resolveUrl(href: string, base: string | null, maxLength: number = DEFAULTS.urlLength): string | null {
  const cleaned = cleanUrlText(href);
  if (cleaned === '' || cleaned.length > maxLength) return null;
  const usable = usableBase(base);
  const parsed = usable ? parseUrl(cleaned, usable) : parseUrl(cleaned);
  if (!parsed || !WEB_PROTOCOLS.has(parsed.protocol) || parsed.hostname === '') return null;
  return parsed.href.length > maxLength ? null : parsed.href;
}

/** An item link, enclosure or JSON Feed url: absolute http(s) or null (R36). */
export function safeUrl(url: string | null, maxLength: number = DEFAULTS.urlLength): string | null {
  if (url === null) return null;
  return resolveUrl(url, null, maxLength);
}

/** The last guard before an output: only absolute http(s) URLs are published; anything else (javascript:, relative, malformed) is dropped. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Query parameters that only identify a campaign or a click, never the page. Matched case-insensitively;
 * `utm_` is a prefix.
 */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid',
  'mc_cid', 'mc_eid', 'igshid', 'igsh', 'ref_src', '_hsenc', '_hsmi', 'mkt_tok',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/**
 * Redirect wrappers whose target sits in a query parameter. t.co, FeedBurner's `~r/…/~3/<id>/slug`
 * and news.google.com's `/rss/articles/<id>` links are left alone on purpose: their target is not in
 * the URL in any readable form (for FeedBurner the feed carries it in `feedburner:origLink`).
 */
const WRAPPER_PARAMS: ReadonlyArray<readonly [host: string, path: RegExp, params: readonly string[]]> = [
  ['news.google.com', /^\/(news\/)?url$/, ['url', 'u']],
  ['www.google.com', /^\/url$/, ['url', 'q']],
  ['google.com', /^\/url$/, ['url', 'q']],
  ['l.facebook.com', /^\/l\.php$/, ['u']],
  ['lm.facebook.com', /^\/l\.php$/, ['u']],
  ['l.instagram.com', /^\/$/, ['u']],
  ['out.reddit.com', /^\//, ['url']],
  ['www.youtube.com', /^\/redirect$/, ['q']],
  ['t.umblr.com', /^\/redirect$/, ['z']],
  ['feedproxy.google.com', /^\/~r\//, ['url', 'u']],
  ['feeds.feedburner.com', /^\/~r\//, ['url', 'u']],
];

const MAX_UNWRAP = 3;

function unwrapRedirect(url: URL): URL | null {
  for (const [host, path, params] of WRAPPER_PARAMS) {
    if (url.hostname !== host || !path.test(url.pathname)) continue;
    for (const name of params) {
      const target = url.searchParams.get(name);
      const parsed = target ? parseUrl(cleanUrlText(target)) : null;
      if (parsed && WEB_PROTOCOLS.has(parsed.protocol)) return parsed;
    }
    // Some FeedBurner links end in the percent-encoded original URL.
    if (host.startsWith('feed')) {
      const last = url.pathname.split('/').pop() ?? '';
      if (/^https?%3A/i.test(last)) {
        const parsed = parseUrl(safeDecode(last));
        if (parsed && WEB_PROTOCOLS.has(parsed.protocol)) return parsed;
      }
    }
  }
  return null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The link with redirect wrappers unwrapped, tracking parameters and fragments removed (issue 2).
 * The remaining query keeps its order and its original encoding, so a server sees the same bytes.
 * Hash-bang fragments (`#!/post/1`) are kept: on such sites the fragment is the page.
 * Anything that is not an absolute http(s) URL is returned unchanged.
 */
export function canonicalLink(url: string): string {
  let parsed = parseUrl(cleanUrlText(url));
  if (!parsed || !WEB_PROTOCOLS.has(parsed.protocol)) return url;
  for (let hops = 0; hops < MAX_UNWRAP; hops++) {
    const inner = unwrapRedirect(parsed);
    if (!inner) break;
    parsed = inner;
  }
  dropTrackingParams(parsed);
  if (!parsed.hash.startsWith('#!')) parsed.hash = '';
  return parsed.href;
}

/**
 * The URL without tracking parameters, and otherwise as it was: unlike canonicalLink it keeps the
 * fragment (a link into an article's footnotes must still land there) and follows no wrapper. For
 * every other URL feedloom publishes: credit links, links and images in article bodies, enclosures.
 * Anything that is not an absolute http(s) URL, or has nothing to strip, comes back unchanged.
 */
export function stripTrackingParams(url: string): string {
  if (!url.includes('?')) return url;
  const parsed = parseUrl(cleanUrlText(url));
  if (!parsed || !WEB_PROTOCOLS.has(parsed.protocol)) return url;
  return dropTrackingParams(parsed) ? parsed.href : url;
}

/**
 * The one place tracking parameters are removed (issue 2, issue 15). The remaining query keeps its
 * order and its original encoding, so a server sees the same bytes. True when something was removed.
 */
function dropTrackingParams(parsed: URL): boolean {
  if (!parsed.search) return false;
  const pairs = parsed.search.slice(1).split('&');
  const kept = pairs.filter((pair) => pair !== '' && !isTrackingParam(safeDecode(pair.split('=')[0].replace(/\+/g, ' '))));
  if (kept.length === pairs.length) return false;
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return true;
}

/**
 * Second-level labels that ccTLD registries hand out under themselves (example.co.uk, example.com.au).
 * A heuristic, not the Public Suffix List: rarer suffixes (city.kawasaki.jp, k12.ca.us) are treated as
 * plain TLDs and so group more hosts together than the PSL would.
 */
const CC_SECOND_LEVELS = new Set([
  'ac', 'co', 'com', 'edu', 'gov', 'govt', 'gob', 'gouv', 'mil', 'net', 'org', 'or', 'ne', 'go',
  'ltd', 'plc', 'sch', 'nhs', 'police', 'nic', 'nom', 'gen', 'ind', 'firm', 'info', 'biz', 'web', 'int',
]);

/** Shared hosting suffixes from the PSL's private section: each user's subdomain is its own site. */
const HOSTED_SUFFIXES = new Set([
  'github.io', 'gitlab.io', 'blogspot.com', 'netlify.app', 'vercel.app', 'pages.dev', 'workers.dev',
  'herokuapp.com', 'appspot.com', 'web.app', 'firebaseapp.com', 'readthedocs.io', 'neocities.org',
  'cloudfront.net', 'azurewebsites.net', 'glitch.me', 'onrender.com', 'fly.dev', 'wordpress.com',
]);

/** The registrable part of a host ("www.bbc.co.uk" → "bbc.co.uk"); IP literals come back as given. */
export function registrableDomain(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\.+$/, '');
  if (lower.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(lower) || !lower.includes('.')) return lower;
  const labels = lower.split('.');
  const lastTwo = labels.slice(-2).join('.');
  const [second, top] = labels.slice(-2);
  const suffixLabels = HOSTED_SUFFIXES.has(lastTwo) || (top.length === 2 && CC_SECOND_LEVELS.has(second)) ? 2 : 1;
  return labels.slice(-(suffixLabels + 1)).join('.');
}
