/**
 * The one view of a feed that the RSS, Atom and JSON Feed serialisers share, so ids, links, dates
 * and source credits are decided once. Pure: dates come from the items, never from the clock, so an
 * unchanged store renders byte-identical feeds (issue 2 "Output").
 */
import { createHash } from 'node:crypto';
import type { Enclosure, SourceInfo, StoredItem } from '../core/types.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { escapeXml } from './xml.js';
import { safeHttpUrl } from '../normalise/url.js';

export interface FeedCredit {
  id: string;
  title: string;
  link: string | null;
  feedUrl: string | null;
  /** For another carrier of a folded story: its copy of the article. */
  articleLink: string | null;
}

export interface FeedEntry {
  id: string;
  title: string;
  link: string | null;
  published: string;
  updated: string;
  author: string | null;
  categories: string[];
  summaryHtml: string | null;
  /** Plain text. */
  excerpt: string;
  contentHtml: string | null;
  enclosures: Enclosure[];
  source: FeedCredit;
  alsoPublishedBy: FeedCredit[];
  /** The publisher's copyright notice for this item, plain text. */
  rights: string | null;
}

export interface FeedDocument {
  title: string;
  description: string;
  language: string;
  homeUrl: string;
  /** Absolute self URLs of each format of this feed. */
  selfUrls: { rss: string; atom: string; json: string };
  /** Newest item date, ISO; the epoch when there are no items (never `now`). */
  updated: string;
  author: { name: string; email?: string; url?: string } | null;
  entries: FeedEntry[];
}

export const FEED_FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;

export interface FeedScope {
  /** Directory of this feed relative to out/, posix, '' or ending in '/'. */
  dir: string;
  /** Shown after the site title, e.g. a category name. */
  label: string | null;
}

export function buildFeedDocument(items: StoredItem[], sources: Map<string, SourceInfo>, config: ResolvedConfig, scope: FeedScope): FeedDocument {
  const site = withTrailingSlash(config.site.url);
  const feedBase = withTrailingSlash(config.site.feedUrlBase ?? config.site.url);
  const entries = items.map((item) => buildEntry(item, sources));
  const newest = entries.reduce((max, entry) => (entry.updated > max ? entry.updated : max), new Date(0).toISOString());
  return {
    title: scope.label ? `${config.site.title}: ${scope.label}` : config.site.title,
    description: config.site.description,
    language: config.site.language,
    homeUrl: new URL(scope.dir, site).href,
    selfUrls: {
      rss: new URL(scope.dir + FEED_FILES.rss, feedBase).href,
      atom: new URL(scope.dir + FEED_FILES.atom, feedBase).href,
      json: new URL(scope.dir + FEED_FILES.json, feedBase).href,
    },
    updated: newest,
    author: config.site.author ?? null,
    // site.copyright is not a feed-level notice: RSS 2.0's channel copyright covers "content in the
    // channel" and Atom entries without rights inherit the feed's (RFC 4287 §4.2.10), so either
    // would claim the publishers' articles for the aggregator. It stays in the pages' footer.
    entries,
  };
}

function buildEntry(item: StoredItem, sources: Map<string, SourceInfo>): FeedEntry {
  const published = toIso(item.published) ?? toIso(item.date) ?? toIso(item.firstSeenAt) ?? new Date(0).toISOString();
  const updatedRaw = toIso(item.updated);
  const source = creditFor(item.sourceId, sources);
  const alsoPublishedBy = item.alsoCarriedBy
    .filter((carrier) => carrier.sourceId !== item.sourceId)
    .map((carrier) => {
      const credit = creditFor(carrier.sourceId, sources);
      return { ...credit, articleLink: safeHttpUrl(carrier.link) };
    });
  const content = item.content ?? item.summary;
  return {
    id: itemUrn(item),
    title: item.title || item.excerpt.slice(0, 80) || '(untitled)',
    link: safeHttpUrl(item.canonicalLink) ?? safeHttpUrl(item.link),
    published,
    updated: updatedRaw && updatedRaw > published ? updatedRaw : published,
    author: item.author,
    categories: item.categories,
    summaryHtml: item.summary,
    excerpt: item.excerpt,
    contentHtml: content === null ? null : content + alsoPublishedLine(alsoPublishedBy),
    enclosures: item.enclosures.filter((enclosure) => safeHttpUrl(enclosure.url) !== null),
    source,
    alsoPublishedBy,
    rights: item.rights ?? null,
  };
}

/**
 * A stable id that is unique across sources: two feeds may both use guid "1", so the original guid
 * alone cannot be the id of a combined feed (RFC 4287 §4.2.6 requires ids unique within the feed).
 */
function itemUrn(item: StoredItem): string {
  const digest = createHash('sha256').update(item.uid).digest('hex').slice(0, 24);
  return `urn:feedloom:${item.sourceId}:${digest}`;
}

function creditFor(sourceId: string, sources: Map<string, SourceInfo>): FeedCredit {
  const info = sources.get(sourceId);
  if (!info) return { id: sourceId, title: sourceId, link: null, feedUrl: null, articleLink: null };
  return { id: info.id, title: info.title, link: safeHttpUrl(info.link), feedUrl: safeHttpUrl(info.feedUrl), articleLink: null };
}

/** The credit line for the other carriers of a folded story (issue 6 "Cross-source duplicates"). */
function alsoPublishedLine(credits: FeedCredit[]): string {
  if (credits.length === 0) return '';
  const names = credits.map((credit) => {
    const href = credit.articleLink ?? credit.link;
    return href ? `<a href="${escapeXml(href)}">${escapeXml(credit.title)}</a>` : escapeXml(credit.title);
  });
  return `<p class="feedloom-also">Also published by ${names.join(', ')}.</p>`;
}

function toIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
