/**
 * Raw records → the contract's fields: plain-text titles, authors and categories; sanitised HTML
 * summaries and contents with relative URLs resolved; absolute links and enclosure URLs.
 */
import type { Enclosure, ParsedItem } from '../core/types.js';
import { sanitiseHtml } from '../normalise/html.js';
import { htmlToText } from '../normalise/html-text.js';
import { collapseText, escapeHtml } from '../normalise/text.js';
import { isHtmlType, type TextValue } from './text-construct.js';
import { firstHttpBase, hasScheme } from './urls.js';
import type { Located, RawEnclosure, RawEntry } from './walk-feed.js';

export interface FinishContext {
  /** Whether the document is Atom (an Atom id is never a link, README D9). */
  atom: boolean;
  feedLink: string | null;
  fetchUrl: string | null;
  /** The feed's own rights, plain text: RFC 4287 §4.2.10 applies them to entries without their own. */
  feedRights: string | null;
}

export function finishItem(entry: RawEntry, ctx: FinishContext): ParsedItem {
  const fallbackBase = firstHttpBase(ctx.feedLink, ctx.fetchUrl);
  return {
    id: collapseText(entry.id),
    title: finishText(entry.title),
    link: finishLink(entry, ctx, fallbackBase),
    published: entry.published,
    updated: entry.updated,
    author: finishAuthor(entry),
    categories: uniqueTexts(entry.categories),
    // An item's own summary wins; itunes:summary is read only when there is none (README D5).
    summary: finishHtml(entry.summary ? { ...entry.summary, type: entry.summaryType ?? entry.summary.type } : entry.itunesSummary, fallbackBase),
    content: finishHtml(entry.content, fallbackBase),
    enclosures: entry.enclosures.map((enclosure) => finishEnclosure(enclosure, fallbackBase)),
    rights: finishText(entry.rights) ?? ctx.feedRights,
    thumbnail: entry.thumbnail === null ? null : absoluteUrl(entry.thumbnail, fallbackBase),
  };
}

/** Title-like values: HTML reduced to its text, anything else taken literally. */
export function finishText(value: TextValue | null): string | null {
  if (value === null) return null;
  return isHtmlType(value.type) ? collapseText(htmlToText(value.value)) : collapseText(value.value);
}

/**
 * A link taken from a guid is kept only when it is an http(s) URL or the item also has link
 * elements; an Atom id never becomes a link (README D9).
 */
function finishLink(entry: RawEntry, ctx: FinishContext, base: string | null): string | null {
  let link = entry.link;
  if (link !== null && entry.linkFromId && entry.linkElements === 0 && (ctx.atom || !/^https?:/i.test(link.trim()))) link = null;
  if (link === null || link.trim() === '') return null;
  return absoluteUrl(link, base);
}

function finishAuthor(entry: RawEntry): string | null {
  const first = entry.authors.find((person) => person.name !== null || person.email !== null);
  return first ? collapseText(first.name ?? first.email) : null;
}

function finishHtml(value: Located | null, fallbackBase: string | null): string | null {
  if (value === null || value.value.trim() === '') return null;
  if (value.type === 'text/plain') return escapeHtml(value.value);
  return sanitiseHtml(value.value, firstHttpBase(value.base, fallbackBase));
}

function finishEnclosure(enclosure: RawEnclosure, base: string | null): Enclosure {
  return { url: absoluteUrl(enclosure.url, base), type: enclosure.type || null, length: parseLength(enclosure.length) };
}

function uniqueTexts(values: string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const text = collapseText(value);
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

/** A URL that is still relative is resolved against the feed link or fetch URL (README D6). */
export function absoluteUrl(url: string, base: string | null): string {
  const trimmed = url.trim();
  if (hasScheme(trimmed) || base === null) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

export function parseLength(value: string | null): number | null {
  if (value === null || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number(value);
}
