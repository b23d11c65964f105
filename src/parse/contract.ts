/**
 * ParsedFeed → the CONTRACT.md document, with exactly its keys in its order (what
 * `feedloom parse --json` prints and the corpus scorer reads).
 */
import type { ParsedFeed } from '../core/types.js';

export function toContractJson(feed: ParsedFeed): object {
  return {
    format: feed.format,
    title: feed.title,
    link: feed.link,
    items: feed.items.map((item) => ({
      id: item.id,
      title: item.title,
      link: item.link,
      published: item.published,
      updated: item.updated,
      author: item.author,
      categories: [...item.categories],
      summary: item.summary,
      content: item.content,
      enclosures: item.enclosures.map((enclosure) => ({ url: enclosure.url, type: enclosure.type, length: enclosure.length })),
    })),
  };
}
