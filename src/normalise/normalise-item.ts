/**
 * ParsedFeed → NormalisedItem[]: identity keys, canonical links, safe URLs, capped field sizes,
 * clamped dates, excerpts and content hashes. Pure: time comes in as `now`.
 */
import { hash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Enclosure, NormalisedItem, ParsedFeed, ParsedItem } from '../core/types.js';
import { itemKeys } from './identity.js';
import { detectLanguage } from './language.js';
import { makeExcerpt } from './excerpt.js';
import { htmlToText } from './html.js';
import { canonicalLink, safeUrl } from './url.js';

export interface NormaliseOptions {
  sourceId: string;
  now: Date;
  limits: Config['limits'];
  excerptLength: number;
  maxItemsPerFetch: number;
}

/**
 * Whether an item, keyed and hashed but not yet finished, is one ingest would skip as stored
 * unchanged (dedupe/find-stored-item.ts isStoredUnchanged decides): such an item is only counted,
 * not finished or handed on (issue 11: a changed feed of 50 stored items and 5 new ones finished
 * all 55 and sent them across the thread boundary).
 */
export type StoredUnchanged = (item: Pick<NormalisedItem, 'key' | 'contentHash'>) => boolean;

export interface NormaliseResult {
  /** The items to ingest: every kept item but those stored unchanged. */
  items: NormalisedItem[];
  warnings: string[];
  /** Items dropped by the per-fetch cap (R32). */
  capped: number;
  /** Kept items left out of `items` because the source has them stored unchanged (`storedUnchanged`). */
  unchanged: number;
}

/** Keys longer than this are hashed (R33: a 1 MiB guid must not become a 1 MiB store key). */
const MAX_KEY_LENGTH = 512;
/** RSS 2.0 lets aggregators hold future items; NetNewsWire ignores dates > 24 h ahead (R42). */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export function normaliseFeedItems(feed: ParsedFeed, options: NormaliseOptions, storedUnchanged?: StoredUnchanged): NormaliseResult {
  const warnings: string[] = [];
  const kept = newestItems(feed.items, options.maxItemsPerFetch);
  const capped = feed.items.length - kept.length;
  if (capped > 0) warnings.push(`feed has ${feed.items.length} items; kept the newest ${kept.length}, dropped ${capped}`);
  const keys = itemKeys(kept, { feedLink: feed.link, canonicalLink });
  const fetchedAt = options.now.toISOString();
  const items: NormalisedItem[] = [];
  let unchanged = 0;
  kept.forEach((item, index) => {
    const normalised = normaliseItem(item, keys[index], options, fetchedAt, storedUnchanged);
    if (normalised === null) unchanged++;
    else items.push(normalised);
  });
  return { items, warnings, capped, unchanged };
}

function newestItems(items: ParsedItem[], limit: number): ParsedItem[] {
  if (items.length <= limit) return items;
  const ranked = items.map((item, index) => ({ index, time: Date.parse(item.published ?? item.updated ?? '') }));
  // Undated items rank after dated ones but keep document order (feeds list newest first).
  ranked.sort((a, b) => (Number.isNaN(b.time) ? -Infinity : b.time) - (Number.isNaN(a.time) ? -Infinity : a.time) || a.index - b.index);
  const keep = new Set(ranked.slice(0, limit).map((entry) => entry.index));
  return items.filter((_, index) => keep.has(index));
}

/** The item normalised, or null when it is stored unchanged. */
function normaliseItem(item: ParsedItem, fullKey: string, options: NormaliseOptions, fetchedAt: string, storedUnchanged?: StoredUnchanged): NormalisedItem | null {
  const { limits } = options;
  const link = safeUrl(item.link, limits.urlLength);
  const title = capText(item.title, limits.titleLength);
  const published = clampFuture(item.published, options.now);
  const updated = clampFuture(item.updated, options.now);
  const key = fullKey.length > MAX_KEY_LENGTH ? `sha256:${hashText(fullKey)}` : fullKey;
  const categories = uniqueCategories(item.categories, limits.categoryLength, limits.maxCategories);
  const enclosures = item.enclosures
    .map((enclosure): Enclosure | null => {
      const url = safeUrl(enclosure.url, limits.urlLength);
      return url ? { url, type: enclosure.type, length: enclosure.length } : null;
    })
    .filter((enclosure): enclosure is Enclosure => enclosure !== null);
  const normalised: NormalisedItem = {
    id: item.id === null ? null : item.id.length > MAX_KEY_LENGTH ? hashText(item.id) : item.id,
    title,
    link,
    published,
    updated,
    author: capText(item.author, limits.authorLength),
    categories,
    summary: item.summary,
    content: item.content,
    enclosures,
    // A notice runs about as long as a headline ("© 2026 The Wire Ltd. All rights reserved."): the title's cap.
    rights: capText(item.rights ?? null, limits.titleLength),
    thumbnail: safeUrl(item.thumbnail ?? null, limits.urlLength),
    key,
    sourceId: options.sourceId,
    canonicalLink: null,
    excerpt: '',
    contentHash: '',
    fetchedAt,
    date: published ?? updated ?? fetchedAt,
    language: null,
  };
  normalised.contentHash = contentHash(normalised);
  // What follows reads the body: not worth it for an item ingest skips.
  if (storedUnchanged?.(normalised)) return null;
  const text = htmlToText(item.summary ?? item.content ?? '');
  normalised.canonicalLink = link ? canonicalLink(link) : null;
  normalised.excerpt = makeExcerpt(text || (title ?? ''), options.excerptLength);
  normalised.language = detectLanguage(`${title ?? ''}\n${text.slice(0, 2_000)}`);
  return normalised;
}

/**
 * The date used for ordering (R42): the item's own date, but never more than a day after we first
 * saw it, so future-dated items cannot pin themselves to the top of every output.
 */
export function effectiveDate(itemDate: string | null, firstSeenAt: string): string {
  const firstSeen = Date.parse(firstSeenAt);
  const own = itemDate === null ? NaN : Date.parse(itemDate);
  if (Number.isNaN(own)) return firstSeenAt;
  return new Date(Math.min(own, firstSeen + FUTURE_TOLERANCE_MS)).toISOString();
}

function clampFuture(date: string | null, now: Date): string | null {
  if (date === null) return null;
  const time = Date.parse(date);
  if (Number.isNaN(time)) return null;
  return time > now.getTime() + FUTURE_TOLERANCE_MS ? now.toISOString() : date;
}

function capText(value: string | null, max: number): string | null {
  if (value === null) return null;
  if (value.length <= max) return value;
  // Cut on a code point boundary, never inside a surrogate pair.
  const cut = Array.from(value.slice(0, max + 1)).slice(0, -1).join('');
  return `${cut.slice(0, max - 1)}…`;
}

function uniqueCategories(categories: string[], maxLength: number, maxCount: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const category of categories) {
    const name = capText(category.trim(), maxLength);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
    if (out.length >= maxCount) break;
  }
  return out;
}

/** Hash of what a reader sees; a changed hash under the same key means "updated". */
export function contentHash(item: Pick<NormalisedItem, 'title' | 'link' | 'summary' | 'content' | 'updated' | 'author' | 'categories' | 'enclosures' | 'rights'>): string {
  // One string hashed at once: the same UTF-8 bytes as an update per part and separator (every part
  // is followed by U+0002, so no surrogate pair forms across a join), with one call into the hash.
  let text = '';
  for (const part of [item.title, item.link, item.summary, item.content, item.updated, item.author, item.categories.join('\u0001'), item.enclosures.map((e) => e.url).join('\u0001')]) text += `${part ?? '\u0000'}\u0002`;
  // Only when present, so an item without rights keeps the hash it was stored under, and one with
  // rights is updated once and picks them up. The thumbnail is left out: CDNs rotate its query.
  if (item.rights) text += `rights\u0002${item.rights}`;
  return hash('sha256', text, 'hex').slice(0, 32);
}

function hashText(value: string): string {
  return hash('sha256', value, 'hex');
}
