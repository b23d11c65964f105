/**
 * Feed discovery in an HTML page: the feeds it advertises with `<link rel="alternate">` (the RSS
 * Autodiscovery convention, rssboard.org/rss-autodiscovery; JSON Feed 1.1 §"Discovery"), then the
 * paths sites commonly serve feeds at. Pure: HTML and the page URL in, candidate URLs out; whether
 * a candidate really is a feed is decided by fetching and parsing it (src/pipeline/find-feeds.ts).
 */
import { scanTags, type WorkMeter } from './scan-tags.js';

export type CandidateKind = 'rss' | 'atom' | 'json';

export interface FeedCandidate {
  url: string;
  /** What the page says it is (from the link's type); a guessed path has no declared kind. */
  kind: CandidateKind | null;
  title: string | null;
  /** `link`: advertised by the page; `guess`: a common path on the page's origin. */
  via: 'link' | 'guess';
}

/** Paths tried when a page advertises no feed (WordPress, Hugo, Jekyll, static generators). */
export const COMMON_FEED_PATHS = ['/feed', '/rss.xml', '/atom.xml', '/index.xml', '/feed.json'] as const;

const FEED_TYPES: Record<string, CandidateKind> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  // JSON Feed 1.0 advertised itself as application/json; only trusted on rel="alternate".
  'application/json': 'json',
};

export interface DiscoveredFeeds {
  /** Advertised feeds, in page order, without duplicates or the page itself (a self-loop ends, R22). */
  links: FeedCandidate[];
  /** Common paths on the page's origin that were not already advertised. */
  guesses: FeedCandidate[];
}

/**
 * Only start tags matter, so the page is tokenized, never built into a tree: nesting depth costs
 * nothing and needs no cap (300,000 nested `<div>`s took 507 s through cheerio; see scan-tags.ts).
 * As in a DOM query, every `<link>` counts wherever it sits, and the first `<base href>` wins; one
 * inside `<noscript>` counts too (cheerio read it as text), fitting for a client that runs no script.
 */
export function discoverFeeds(html: string, pageUrl: string, meter?: WorkMeter): DiscoveredFeeds {
  let baseHref: string | undefined;
  const advertised: Array<Record<string, string>> = [];
  scanTags(html, { xml: false, meter }, {
    onopentag(name, attributes) {
      if (name === 'base' && baseHref === undefined && attributes.href !== undefined) baseHref = attributes.href;
      else if (name === 'link' && attributes.rel !== undefined && attributes.href !== undefined) advertised.push(attributes);
    },
  });
  const base = documentBase(baseHref, pageUrl);
  const seen = new Set<string>([withoutHash(pageUrl)]);
  const links: FeedCandidate[] = [];
  for (const attributes of advertised) {
    const rel = attributes.rel.toLowerCase().split(/\s+/);
    if (!rel.includes('alternate')) continue;
    const type = (attributes.type ?? '').toLowerCase().split(';')[0].trim();
    const kind = FEED_TYPES[type];
    if (!kind) continue;
    const url = httpUrl(attributes.href, base);
    if (url === null || seen.has(url)) continue;
    seen.add(url);
    const title = (attributes.title ?? '').trim();
    links.push({ url, kind, title: title === '' ? null : title, via: 'link' });
  }
  const origin = new URL(pageUrl).origin;
  const guesses: FeedCandidate[] = [];
  for (const path of COMMON_FEED_PATHS) {
    const url = `${origin}${path}`;
    if (seen.has(url)) continue;
    seen.add(url);
    guesses.push({ url, kind: null, title: null, via: 'guess' });
  }
  return { links, guesses };
}

/** `<base href>` applies to every relative link in the page (HTML §4.2.3), when it is http(s). */
function documentBase(href: string | undefined, pageUrl: string): string {
  if (href === undefined) return pageUrl;
  return httpUrl(href, pageUrl) ?? pageUrl;
}

function httpUrl(href: string, base: string): string | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function withoutHash(url: string): string {
  return httpUrl(url, url) ?? url;
}
