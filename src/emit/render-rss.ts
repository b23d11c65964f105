/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification). The item link stays the original article;
 * `<source url>` credits the feed it came from; the author name goes in dc:creator because RSS
 * `<author>` must be an e-mail address. RSS 2.0 has no per-item copyright, so the publisher's goes in
 * dc:rights: the namespace is already declared for dc:creator, readers that know Dublin Core read it
 * (feedparser maps it to the entry's `rights`), and media:copyright describes a media object, not the article.
 */
import type { FeedDocument, FeedEntry } from './feed-model.js';
import { escapeXml, textElement } from './xml.js';

export function renderRss(doc: FeedDocument): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    textElement('title', doc.title),
    textElement('link', doc.homeUrl),
    `<description>${escapeXml(doc.description)}</description>`,
    textElement('language', doc.language),
    textElement('managingEditor', doc.author?.email ? `${doc.author.email} (${doc.author.name})` : null),
    textElement('lastBuildDate', rfc822(doc.updated)),
    '<generator>feedloom</generator>',
    '<docs>https://www.rssboard.org/rss-specification</docs>',
    `<atom:link href="${escapeXml(doc.selfUrls.rss)}" rel="self" type="application/rss+xml"/>`,
    ...doc.entries.map(renderItem),
    '</channel>',
    '</rss>',
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}

function renderItem(entry: FeedEntry): string {
  const parts = [
    textElement('title', entry.title),
    textElement('link', entry.link),
    `<guid isPermaLink="false">${escapeXml(entry.id)}</guid>`,
    textElement('pubDate', rfc822(entry.published)),
    textElement('dc:creator', entry.author),
    textElement('dc:rights', entry.rights),
    ...entry.categories.map((category) => textElement('category', category)),
    textElement('description', entry.summaryHtml ?? entry.contentHtml),
    entry.contentHtml !== null && entry.contentHtml !== entry.summaryHtml ? textElement('content:encoded', entry.contentHtml) : '',
    // RSS 2.0 allows one enclosure per item; url, length and type are all required.
    ...entry.enclosures.slice(0, 1).map(
      (enclosure) =>
        `<enclosure url="${escapeXml(enclosure.url)}" length="${enclosure.length ?? 0}" type="${escapeXml(enclosure.type ?? 'application/octet-stream')}"/>`,
    ),
    entry.source.feedUrl ? `<source url="${escapeXml(entry.source.feedUrl)}">${escapeXml(entry.source.title)}</source>` : '',
  ];
  return `<item>\n${parts.filter((part) => part !== '').join('\n')}\n</item>`;
}

function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}
