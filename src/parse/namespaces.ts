/**
 * Namespaces are matched by URI, never by the prefix a document happens to use: `<foo:creator
 * xmlns:foo="http://purl.org/dc/elements/1.1/">` is dc:creator. The core vocabularies (RSS 0.9x,
 * 1.0, 2.0 and both Atoms) share the unprefixed names, as feedparser treats them; an element in
 * an unknown namespace keeps the prefix it was written with, so a mistyped dc URI still reads.
 */
import type { XmlElement } from './xml-tree.js';

export const NS = {
  atom10: 'http://www.w3.org/2005/atom',
  atom03: 'http://purl.org/atom/ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xml: 'http://www.w3.org/xml/1998/namespace',
} as const;

/** Lower-cased namespace URI → the prefix the mappers use ('' for the core vocabularies). */
const KNOWN: ReadonlyMap<string, string> = new Map([
  ['', ''],
  ['http://backend.userland.com/rss', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://blogs.law.harvard.edu/tech/rss', ''],
  [NS.rss10, ''],
  [NS.rss090, ''],
  [NS.atom03, ''],
  [NS.atom10, ''],
  ['http://purl.org/rss/1.0/modules/rss091#', ''],
  ['http://purl.org/echo/', ''],
  ['http://purl.org/pie/', ''],
  [NS.rdf, 'rdf'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://search.yahoo.com/mrss', 'media'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://example.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://www.w3.org/1999/xhtml', 'xhtml'],
  ['http://purl.org/rss/1.0/modules/syndication/', 'sy'],
  ['http://www.w3.org/xml/1998/namespace', 'xml'],
]);

/** `dc:creator`, `media:description`, or a core name such as `title`. */
export function vocabularyName(element: XmlElement): string {
  // An undeclared prefix (`content:encoded` without xmlns:content) is read as written.
  const declared = element.prefix === '' || element.scope.has(element.prefix);
  const prefix = declared ? canonicalPrefix(element.ns, element.prefix) : element.prefix.toLowerCase();
  return prefix === '' ? element.local : `${prefix}:${element.local}`;
}

function canonicalPrefix(ns: string, written: string): string {
  const known = KNOWN.get(ns);
  if (known !== undefined) return known;
  if (ns.includes('backend.userland.com/rss')) return '';
  return written.toLowerCase();
}
