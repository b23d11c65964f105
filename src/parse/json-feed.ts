/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Versions are the URL forms and the
 * bare "1.0"/"1.1" some generators write. Every value is type-checked before use and read only
 * as an own property, so `__proto__` or `constructor` keys are inert data (R28).
 */
import { FeedloomError } from '../core/errors.js';
import type { Enclosure, ParsedFeed, ParsedItem } from '../core/types.js';
import { parseDate } from '../normalise/date.js';
import { sanitiseHtml } from '../normalise/html.js';
import { collapseText, escapeHtml, stripXmlIllegal } from '../normalise/text.js';
import { emptyHints } from './hints.js';
import { absoluteUrl, parseLength } from './finish-item.js';

type Json = Record<string, unknown>;

const VERSION = /^(?:https?:\/\/jsonfeed\.org\/version\/)?1(?:\.([01]))?\/?$/;

export function parseJsonFeed(text: string, fetchUrl: string | null): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FeedloomError('E_NOT_A_FEED', 'JSON that does not parse', { cause: error });
  }
  if (!isObject(doc)) throw new FeedloomError('E_NOT_A_FEED', 'JSON that is not a JSON Feed (not an object)');
  const version = str(doc, 'version')?.trim() ?? '';
  const items = own(doc, 'items');
  if (!VERSION.test(version) || !Array.isArray(items)) {
    throw new FeedloomError('E_NOT_A_FEED', 'JSON that is not a JSON Feed (no jsonfeed.org version or no items list)');
  }
  const home = str(doc, 'home_page_url');
  const base = home ?? str(doc, 'feed_url') ?? fetchUrl;
  return {
    format: version.replace(/\/$/, '').endsWith('1.1') ? 'json1.1' : 'json1.0',
    title: plainField(doc, 'title'),
    link: home === null ? null : absoluteUrl(home, fetchUrl),
    items: items.filter(isObject).map((item) => readItem(item, base)),
    description: plainField(doc, 'description'),
    language: str(doc, 'language'),
    hints: emptyHints(),
    warnings: [],
  };
}

function readItem(item: Json, base: string | null): ParsedItem {
  const html = str(item, 'content_html');
  const plain = str(item, 'content_text');
  const summary = str(item, 'summary');
  const id = own(item, 'id');
  const url = str(item, 'url');
  const image = str(item, 'image');
  return {
    id: id === null || id === undefined || typeof id === 'object' ? null : collapseText(stripXmlIllegal(String(id))),
    title: plainField(item, 'title'),
    link: url === null ? null : absoluteUrl(url, base),
    published: parseDate(str(item, 'date_published')),
    updated: parseDate(str(item, 'date_modified')),
    author: authorOf(item),
    categories: uniqueTexts(own(item, 'tags')),
    summary: summary !== null && summary.trim() !== '' ? escapeHtml(summary) : null,
    content: html !== null && html.trim() !== '' ? sanitiseHtml(html, base) : plain !== null && plain.trim() !== '' ? escapeHtml(plain) : null,
    enclosures: attachments(own(item, 'attachments'), base),
    // JSON Feed 1.1 has no copyright or rights field, at feed or item level.
    rights: null,
    thumbnail: image === null || image.trim() === '' ? null : absoluteUrl(image, base),
  };
}

/** 1.1 `authors` (first), else 1.0 `author`. */
function authorOf(item: Json): string | null {
  const authors = own(item, 'authors');
  const first = Array.isArray(authors) && authors.length > 0 ? authors[0] : own(item, 'author');
  return isObject(first) ? plainField(first, 'name') : null;
}

function attachments(value: unknown, base: string | null): Enclosure[] {
  if (!Array.isArray(value)) return [];
  const out: Enclosure[] = [];
  for (const attachment of value) {
    if (!isObject(attachment)) continue;
    const url = str(attachment, 'url');
    if (!url) continue;
    const size = own(attachment, 'size_in_bytes');
    out.push({
      url: absoluteUrl(url, base),
      type: str(attachment, 'mime_type') || null,
      length: typeof size === 'number' && Number.isInteger(size) ? size : parseLength(typeof size === 'string' ? size : null),
    });
  }
  return out;
}

function uniqueTexts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const tag of value) {
    const text = typeof tag === 'string' ? collapseText(stripXmlIllegal(tag)) : null;
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Every string read from a JSON Feed, with the characters XML forbids removed here, where the text
 * enters: JSON can carry C0 controls, U+FFFE/U+FFFF and lone surrogates that an XML document cannot,
 * and they would otherwise reach feed.json, the digest and the pages (XML sources are cleaned as a
 * whole document in parse-feed.ts).
 */
function str(object: Json, key: string): string | null {
  const value = own(object, key);
  return typeof value === 'string' ? stripXmlIllegal(value) : null;
}

function plainField(object: Json, key: string): string | null {
  return collapseText(str(object, key));
}
