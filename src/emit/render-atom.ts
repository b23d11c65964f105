/**
 * Atom 1.0 (RFC 4287). atom:source (§4.2.11) carries the originating feed's id, title and links so
 * readers credit it; text constructs are escaped `type="html"`, never CDATA (R41).
 */
import type { FeedDocument, FeedEntry } from './feed-model.js';
import { escapeXml, textElement } from './xml.js';

export function renderAtom(doc: FeedDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(doc.language)}">`,
    textElement('id', doc.selfUrls.atom),
    textElement('title', doc.title),
    textElement('subtitle', doc.description),
    textElement('updated', doc.updated),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(doc.selfUrls.atom)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(doc.homeUrl)}"/>`,
    doc.author ? renderPerson(doc.author.name, doc.author.email ?? null, doc.author.url ?? null) : '',
    '<generator>feedloom</generator>',
    ...doc.entries.map(renderEntry),
    '</feed>',
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}

function renderEntry(entry: FeedEntry): string {
  // RFC 4287 §4.1.2: an entry without its own author inherits one from atom:source, so the source
  // is always present and names its feed when the item has no author.
  const parts = [
    textElement('id', entry.id),
    textElement('title', entry.title, ' type="text"'),
    entry.link ? `<link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>` : '',
    textElement('published', entry.published),
    textElement('updated', entry.updated),
    entry.author ? renderPerson(entry.author, null, null) : '',
    ...entry.categories.map((category) => `<category term="${escapeXml(category)}"/>`),
    textElement('summary', entry.summaryHtml, ' type="html"'),
    textElement('content', entry.contentHtml, ' type="html"'),
    textElement('rights', entry.rights, ' type="text"'),
    ...entry.enclosures.map(
      (enclosure) =>
        `<link rel="enclosure" href="${escapeXml(enclosure.url)}"${enclosure.type ? ` type="${escapeXml(enclosure.type)}"` : ''}${enclosure.length !== null ? ` length="${enclosure.length}"` : ''}/>`,
    ),
    renderSource(entry),
  ];
  return `<entry>\n${parts.filter((part) => part !== '').join('\n')}\n</entry>`;
}

function renderSource(entry: FeedEntry): string {
  const { source } = entry;
  const parts = [
    textElement('id', source.feedUrl ?? `urn:feedloom:source:${source.id}`),
    textElement('title', source.title),
    source.link ? `<link rel="alternate" type="text/html" href="${escapeXml(source.link)}"/>` : '',
    source.feedUrl ? `<link rel="self" href="${escapeXml(source.feedUrl)}"/>` : '',
    entry.author ? '' : renderPerson(source.title, null, source.link),
  ];
  return `<source>\n${parts.filter((part) => part !== '').join('\n')}\n</source>`;
}

function renderPerson(name: string, email: string | null, uri: string | null): string {
  return `<author>${textElement('name', name)}${textElement('email', email)}${textElement('uri', uri)}</author>`;
}
