/**
 * Walks an RSS (0.9x, 1.0, 2.0) or Atom (0.3, 1.0) tree into raw records. The vocabularies are
 * read together, as real feeds mix them (atom:link in RSS, dc:date in Atom). Which element wins
 * when several give the same field follows the reference (feedparser, see corpus README):
 * an item's own element beats one nested deeper (media:group), later beats earlier at the same
 * depth, the first content and the first title at the shallowest depth win, dates are the last
 * one read. xml:base is scoped to the element that sets it (README D4).
 */
import { parseDate } from '../normalise/date.js';
import { NS, vocabularyName } from './namespaces.js';
import { readPerson, type Person } from './person.js';
import { readLink, type RawEnclosure } from './read-link.js';
import { readTextConstruct, type TextValue } from './text-construct.js';
import { attr, childElements, ownText, type XmlElement } from './xml-tree.js';
import { resolveAgainst } from './urls.js';

export interface Located extends TextValue {
  base: string | null;
}

export type { RawEnclosure } from './read-link.js';

export interface RawEntry {
  id: string | null;
  title: TextValue | null;
  link: string | null;
  /** Whether the link came from a guid/id rather than a link element (README D9). */
  linkFromId: boolean;
  linkElements: number;
  published: string | null;
  updated: string | null;
  authors: Person[];
  categories: string[];
  summary: Located | null;
  /**
   * The type of the last summary-like element read, at any depth: the reference takes the value
   * by depth but its type from the last one (a plain media:description makes the summary text).
   */
  summaryType: string | null;
  itunesSummary: Located | null;
  content: Located | null;
  enclosures: RawEnclosure[];
  rights: TextValue | null;
  thumbnail: string | null;
  depths: Map<string, number>;
}

export interface RawFeed {
  title: TextValue | null;
  titleDepth: number;
  link: string | null;
  description: string | null;
  language: string | null;
  rights: TextValue | null;
  ttl: string | null;
  skipHours: string[];
  skipDays: string[];
  updatePeriod: string | null;
  updateFrequency: string | null;
  entries: RawEntry[];
}

interface Context {
  inFeed: boolean;
  entry: RawEntry | null;
  /** Inside an item's `<image>`: its title still counts (by depth), its link does not. */
  inImage: boolean;
  base: string | null;
}

const TITLE = new Set(['title', 'dc:title', 'media:title']);
/** Comma-separated tag lists (media:keywords, a made-up <tags>). */
const TAG_LISTS = new Set(['media:keywords', 'tags']);
const SUMMARY = new Map([['description', 'text/html'], ['summary', 'text/plain'], ['dc:description', 'text/html'], ['media:description', 'text/html']]);
const CONTENT = new Map([['content:encoded', 'text/html'], ['content', 'text/plain'], ['xhtml:body', 'application/xhtml+xml'], ['body', 'application/xhtml+xml'], ['fullitem', 'text/html']]);
const PUBLISHED = new Set(['pubdate', 'published', 'issued', 'dcterms:issued']);
const UPDATED = new Set(['updated', 'modified', 'dc:date', 'dcterms:modified', 'lastbuilddate']);
const AUTHOR = new Set(['author', 'dc:author', 'dc:creator', 'itunes:author']);
/** Atom rights, RSS copyright (also written per item by some feeds), Dublin Core and Media RSS. */
const RIGHTS = new Set(['rights', 'copyright', 'dc:rights', 'dcterms:rights', 'media:copyright']);
/** Containers whose titles and links describe something else (an image, a search box, the origin feed). */
const FOREIGN_IN_FEED = new Set(['image', 'textinput']);
const FOREIGN_IN_ENTRY = new Set(['textinput', 'source']);

export function walkFeed(root: XmlElement, atom: boolean, rootBase: string | null): RawFeed {
  const feed: RawFeed = {
    title: null, titleDepth: -1, link: null, description: null, language: null, rights: null,
    ttl: null, skipHours: [], skipDays: [], updatePeriod: null, updateFrequency: null, entries: [],
  };
  const visit = (element: XmlElement, outer: Context): void => {
    const xmlBase = element.attrs.get('xml:base');
    const ctx: Context = xmlBase === undefined ? outer : { ...outer, base: resolveAgainst(xmlBase.trim(), outer.base) };
    const key = vocabularyName(element);
    if (key === 'item' || key === 'entry') {
      if (ctx.entry) return;
      const entry = newEntry(element);
      feed.entries.push(entry);
      for (const child of childElements(element)) visit(child, { ...ctx, entry });
      return;
    }
    if (ctx.entry) {
      if (FOREIGN_IN_ENTRY.has(key)) return;
      if (key === 'image') {
        for (const child of childElements(element)) visit(child, { ...ctx, inImage: true });
        return;
      }
      if (ctx.inImage && (key === 'link' || key === 'url')) return;
      if (readEntryElement(ctx.entry, element, key, ctx.base, atom)) return;
    } else if (ctx.inFeed) {
      if (FOREIGN_IN_FEED.has(key)) return;
      if (readFeedElement(feed, element, key, ctx.base, atom)) return;
    } else if (key === 'channel' || key === 'feed') {
      const inner = { ...ctx, inFeed: true };
      for (const child of childElements(element)) visit(child, inner);
      return;
    }
    for (const child of childElements(element)) visit(child, ctx);
  };
  visit(root, { inFeed: false, entry: null, inImage: false, base: rootBase });
  return feed;
}

function newEntry(element: XmlElement): RawEntry {
  const about = element.attrs.get('rdf:about') ?? aboutByNamespace(element);
  return {
    id: about ?? null, title: null, link: null, linkFromId: false, linkElements: 0, published: null, updated: null,
    authors: [], categories: [], summary: null, summaryType: null, itunesSummary: null, content: null, enclosures: [],
    rights: null, thumbnail: null, depths: new Map(),
  };
}

function aboutByNamespace(element: XmlElement): string | undefined {
  for (const [name, value] of element.attrs) {
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(colon + 1) === 'about' && element.scope.get(name.slice(0, colon)) === NS.rdf) return value;
  }
  return undefined;
}

/** The shallower (or later at equal depth) value wins; true when `depth` may set `field`. */
function claim(entry: RawEntry, field: string, depth: number): boolean {
  const previous = entry.depths.get(field);
  if (previous !== undefined && depth > previous) return false;
  entry.depths.set(field, depth);
  return true;
}

/** Returns true when the element was consumed (its children need no visit). */
function readEntryElement(entry: RawEntry, element: XmlElement, key: string, base: string | null, atom: boolean): boolean {
  if (TITLE.has(key)) {
    const title = readTextConstruct(element, 'text/plain', atom);
    const best = entry.depths.get('title');
    if (best === undefined || element.depth < best) {
      entry.title = title;
      // media:title is a fallback: it never keeps a later <title> out.
      if (title.value !== '' && key !== 'media:title') entry.depths.set('title', element.depth);
    }
    return true;
  }
  const summaryType = SUMMARY.get(key);
  if (summaryType !== undefined) {
    const value = readTextConstruct(element, summaryType, atom);
    entry.summaryType = value.type;
    if (claim(entry, 'summary', element.depth)) entry.summary = { ...value, base };
    return true;
  }
  if (key === 'itunes:summary') {
    const value = readTextConstruct(element, 'text/plain', atom);
    if (claim(entry, 'itunes:summary', element.depth)) entry.itunesSummary = { ...value, base };
    return true;
  }
  const contentType = CONTENT.get(key);
  if (contentType !== undefined) {
    entry.content ??= { ...readTextConstruct(element, contentType, atom), base };
    return true;
  }
  if (key === 'link') {
    entry.linkElements++;
    const link = readLink(element, base);
    if (link.enclosure) entry.enclosures.push(link.enclosure);
    if (link.alternate !== null) {
      entry.link = link.alternate;
      entry.linkFromId = false;
    }
    return false;
  }
  if (key === 'enclosure') {
    entry.linkElements++;
    const url = (attr(element, 'url') ?? attr(element, 'href'))?.trim();
    if (url) entry.enclosures.push({ url: resolveAgainst(url, base), type: attr(element, 'type'), length: attr(element, 'length') });
    // Feeds nest media:title and friends inside <enclosure>; those still describe the item.
    return false;
  }
  if (key === 'guid' || key === 'id') {
    const value = ownText(element).trim();
    if (claim(entry, 'id', element.depth)) entry.id = value;
    const permalink = (attr(element, 'ispermalink') ?? 'true') === 'true';
    if (permalink && entry.link === null) {
      entry.link = value;
      entry.linkFromId = true;
    }
    return true;
  }
  if (PUBLISHED.has(key)) {
    entry.published = parseDate(ownText(element));
    return true;
  }
  if (UPDATED.has(key)) {
    entry.updated = parseDate(ownText(element));
    return true;
  }
  if (AUTHOR.has(key)) {
    entry.authors.push(readPerson(element));
    return true;
  }
  if (RIGHTS.has(key)) {
    if (claim(entry, 'rights', element.depth)) entry.rights = readTextConstruct(element, 'text/plain', atom);
    return true;
  }
  if (key === 'media:thumbnail') {
    // media:group and media:content may each carry one; the item's own wins, as for other fields.
    const url = attr(element, 'url')?.trim();
    if (url && claim(entry, 'thumbnail', element.depth)) entry.thumbnail = resolveAgainst(url, base);
    return true;
  }
  if (key === 'category' || key === 'dc:subject' || key === 'media:category') {
    const term = attr(element, 'term');
    if (term && term.trim()) entry.categories.push(term);
    const text = ownText(element);
    if (text.trim()) entry.categories.push(text);
    return false;
  }
  if (TAG_LISTS.has(key)) {
    entry.categories.push(...ownText(element).split(',').filter((term) => term.trim() !== ''));
    return true;
  }
  return key === 'contributor' || key === 'itunes:category' || key === 'itunes:keywords';
}

function readFeedElement(feed: RawFeed, element: XmlElement, key: string, base: string | null, atom: boolean): boolean {
  if (TITLE.has(key)) {
    const title = readTextConstruct(element, 'text/plain', atom);
    if (feed.titleDepth === -1 || element.depth < feed.titleDepth) {
      feed.title = title;
      if (title.value !== '') feed.titleDepth = element.depth;
    }
    return true;
  }
  if (key === 'link') {
    const link = readLink(element, base);
    if (link.alternate !== null) feed.link = link.alternate;
    return true;
  }
  if (RIGHTS.has(key)) {
    feed.rights = readTextConstruct(element, 'text/plain', atom);
    return true;
  }
  if ((key === 'guid' || key === 'id') && feed.link === null && (attr(element, 'ispermalink') ?? 'true') === 'true') {
    // A feed with no alternate link is known by its id (an Atom feed with only rel="self").
    feed.link = ownText(element).trim();
    return true;
  }
  const text = (): string => ownText(element).trim();
  switch (key) {
    case 'description':
    case 'subtitle':
    case 'tagline':
    case 'dc:description':
      feed.description = readTextConstruct(element, key === 'description' ? 'text/html' : 'text/plain', atom).value;
      return true;
    case 'language':
    case 'dc:language':
      feed.language = text() || feed.language;
      return true;
    case 'ttl':
      feed.ttl = text();
      return true;
    case 'skiphours':
      feed.skipHours.push(...childElements(element).filter((c) => c.local === 'hour').map(ownText));
      return true;
    case 'skipdays':
      feed.skipDays.push(...childElements(element).filter((c) => c.local === 'day').map(ownText));
      return true;
    case 'sy:updateperiod':
      feed.updatePeriod = text();
      return true;
    case 'sy:updatefrequency':
      feed.updateFrequency = text();
      return true;
    default:
      return false;
  }
}
