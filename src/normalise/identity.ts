/**
 * Item identity within one source (issue 2; RELIABILITY.md R43, R44).
 *
 * The key is the guid/id when the feed gives a usable one, else the canonical link, else a sha256 of
 * title + date (+ summary when there is no date). Feeds get this wrong in known ways:
 *
 * - R43: one guid shared by several different articles in the same document (CMS templates that
 *   print the site URL or a constant as the guid). All are kept: the shared key is refined to
 *   guid + link, then guid + hash(title, date), then guid + position — only as far as needed.
 * - A guid or link that is just the site's home page ("http://example.org/") identifies nothing.
 * - R44: a guid reused later for a new article, and a random guid on every fetch. Inside one fetch
 *   both are invisible; find-stored-item.ts, which sees the store, decides them.
 *
 * Entries that repeat exactly (same guid, link, title and date) keep one key, so the caller stores
 * them once.
 */
import { createHash } from 'node:crypto';
import type { ParsedItem } from '../core/types.js';

export interface IdentityContext {
  /** The feed's site link (ParsedFeed.link). */
  feedLink: string | null;
  /** The normaliser's canonical link (tracking parameters and redirect wrappers removed). */
  canonicalLink: (url: string) => string;
}

interface Candidate {
  base: string;
  /** Whether `base` came from the guid (only guids are refined by link). */
  fromGuid: boolean;
  link: string | null;
  titleDate: string;
  exact: string;
}

/** Identity keys for one fetch's items, in the same order. */
export function itemKeys(items: ParsedItem[], context: IdentityContext): string[] {
  const siteRoot = context.feedLink ? looseLink(safeCanonical(context.feedLink, context.canonicalLink)) : null;
  const candidates = items.map((item) => describeItem(item, context, siteRoot));
  const keys = candidates.map((candidate) => candidate.base);

  // R43: refine only the keys that several different entries share in this document.
  for (const group of groupIndexes(keys)) {
    const distinct = new Set(group.map((index) => candidates[index].exact));
    if (distinct.size < 2) continue;
    const byLink = group.map((index) => refineWith(candidates[index].base, candidates[index].link));
    const linkCounts = countValues(byLink);
    group.forEach((index, position) => {
      if (candidates[index].fromGuid && candidates[index].link && linkCounts.get(byLink[position]) === 1) {
        keys[index] = byLink[position];
        return;
      }
      keys[index] = `${candidates[index].base}|${shortHash(candidates[index].titleDate)}`;
    });
    const refined = group.map((index) => keys[index]);
    for (const sub of groupIndexes(refined)) {
      const subDistinct = new Set(sub.map((position) => candidates[group[position]].exact));
      if (subDistinct.size < 2) continue;
      const seen = new Map<string, number>();
      for (const position of sub) {
        const index = group[position];
        const exact = candidates[index].exact;
        if (!seen.has(exact)) seen.set(exact, seen.size);
        keys[index] = `${refined[position]}|#${seen.get(exact)}`;
      }
    }
  }

  return keys;
}

function describeItem(item: ParsedItem, context: IdentityContext, siteRoot: string | null): Candidate {
  const link = item.link ? safeCanonical(item.link, context.canonicalLink) : null;
  const usableLink = link && !isSiteRoot(link, siteRoot) ? link : null;
  const guid = item.id?.trim() || null;
  const usableGuid = guid && !isSiteRoot(guid, siteRoot) ? guid : null;
  const date = item.published ?? item.updated ?? '';
  const titleDate = `${item.title ?? ''}\n${date}`;
  const exact = JSON.stringify([guid, link, item.title, date]);
  if (usableGuid) return { base: usableGuid, fromGuid: true, link: usableLink, titleDate, exact };
  if (usableLink) return { base: usableLink, fromGuid: false, link: usableLink, titleDate, exact };
  // Without a date the title alone would merge every "Open thread" post; the summary tells them apart.
  const material = date || !item.summary ? titleDate : `${titleDate}\n${item.summary}`;
  return { base: `sha256:${sha256(material)}`, fromGuid: false, link: null, titleDate, exact };
}

function refineWith(base: string, link: string | null): string {
  return link ? `${base}|${link}` : base;
}

/** True for the bare home page: the feed's own site link, or any URL with an empty path and no query. */
function isSiteRoot(value: string, siteRoot: string | null): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (siteRoot !== null && looseLink(value) === siteRoot) return true;
  return (url.pathname === '/' || url.pathname === '') && url.search === '';
}

/** Compare links across scheme, "www." and trailing-slash changes, which sites make without meaning a new article. */
function looseLink(value: string): string {
  try {
    const url = new URL(value);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    const path = url.pathname.replace(/\/+$/, '');
    return `${host}${url.port ? `:${url.port}` : ''}${path}${url.search}`;
  } catch {
    return value.trim();
  }
}

function safeCanonical(url: string, canonicalLink: (url: string) => string): string {
  try {
    return canonicalLink(url) || url;
  } catch {
    return url;
  }
}

function groupIndexes(keys: string[]): number[][] {
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const list = groups.get(key);
    if (list) list.push(index);
    else groups.set(key, [index]);
  });
  return [...groups.values()].filter((group) => group.length > 1);
}

function countValues(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function shortHash(text: string): string {
  return sha256(text).slice(0, 16);
}
