/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). The source credit lives in `authors` and in a
 * `_feedloom` extension object (extensions start with an underscore, §"Extensions").
 */
import type { FeedCredit, FeedDocument, FeedEntry } from './feed-model.js';

export function renderJsonFeed(doc: FeedDocument): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrls.json,
    description: doc.description,
    language: doc.language,
    ...(doc.author ? { authors: [{ name: doc.author.name, ...(doc.author.url ? { url: doc.author.url } : {}) }] } : {}),
    _feedloom: { updated: doc.updated },
    items: doc.entries.map(renderItem),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

function renderItem(entry: FeedEntry): Record<string, unknown> {
  return {
    id: entry.id,
    ...(entry.link ? { url: entry.link } : {}),
    title: entry.title,
    // Every item needs content_html or content_text; summary is plain text in JSON Feed.
    ...(entry.contentHtml !== null ? { content_html: entry.contentHtml } : { content_text: entry.excerpt }),
    ...(entry.excerpt ? { summary: entry.excerpt } : {}),
    date_published: entry.published,
    date_modified: entry.updated,
    authors: [entry.author ? { name: entry.author } : { name: entry.source.title, ...(entry.source.link ? { url: entry.source.link } : {}) }],
    ...(entry.categories.length > 0 ? { tags: entry.categories } : {}),
    ...(entry.enclosures.length > 0
      ? {
          attachments: entry.enclosures.map((enclosure) => ({
            url: enclosure.url,
            mime_type: enclosure.type ?? 'application/octet-stream',
            ...(enclosure.length !== null ? { size_in_bytes: enclosure.length } : {}),
          })),
        }
      : {}),
    // JSON Feed 1.1 has no rights field, so the publisher's notice travels in the extension.
    _feedloom: { source: credit(entry.source), also_published_by: entry.alsoPublishedBy.map(credit), ...(entry.rights ? { rights: entry.rights } : {}) },
  };
}

function credit(value: FeedCredit): Record<string, unknown> {
  return { id: value.id, title: value.title, home_page_url: value.link, ...(value.feedUrl ? { feed_url: value.feedUrl } : {}), ...(value.articleLink ? { url: value.articleLink } : {}) };
}
