/**
 * Builders for emit/digest/pages tests: sources and a ResolvedConfig made by the real config
 * resolver, so defaults match what the CLI would use (items: test/helpers/stored-item.ts).
 */
import { resolveConfig } from '../../src/config/load-config.js';
import type { ResolvedConfig } from '../../src/config/resolve-config.js';
import type { SourceInfo, StoredItem } from '../../src/core/types.js';
import { STORED_ITEM_EPOCH } from '../helpers/stored-item.js';

/** The render time: items built without a date are the hours before it. */
export const NOW = new Date(STORED_ITEM_EPOCH);

/** What an item shows a reader, given to each item an output is rendered from: `storedItem({ ...shownStory, … })`. */
export const shownStory: Partial<StoredItem> = {
  author: 'Ann Writer',
  summary: '<p>Summary of the story.</p>',
  content: '<p>Full text of the story, with <a href="http://example.org/x">a link</a>.</p>',
  canonicalLink: null,
  excerpt: 'Summary of the story.',
};

export function makeConfig(overrides: Record<string, unknown> = {}, configPath = '/tmp/feedloom-test/feeds.config.json'): ResolvedConfig {
  return resolveConfig({ site: { title: 'Loom News', url: 'http://127.0.0.1:8080/' }, ...overrides }, configPath);
}

export function makeSources(...infos: Array<Partial<SourceInfo> & { id: string }>): Map<string, SourceInfo> {
  return new Map(
    infos.map((info) => [
      info.id,
      {
        title: `${info.id[0].toUpperCase()}${info.id.slice(1)} Daily`,
        link: `http://example.org/${info.id}/`,
        feedUrl: `http://example.org/${info.id}/feed.xml`,
        categories: [],
        ...info,
      },
    ]),
  );
}
