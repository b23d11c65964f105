/**
 * Builders for emit/digest/pages tests: StoredItems and a ResolvedConfig made by the real config
 * resolver, so defaults match what the CLI would use.
 */
import { resolveConfig } from '../../src/config/load-config.js';
import type { ResolvedConfig } from '../../src/config/resolve-config.js';
import type { StoredItem } from '../../src/core/types.js';
import type { SourceInfo } from '../../src/core/types.js';

export const NOW = new Date('2026-11-28T12:00:00.000Z');

export function makeConfig(overrides: Record<string, unknown> = {}, configPath = '/tmp/feedloom-test/feeds.config.json'): ResolvedConfig {
  return resolveConfig({ site: { title: 'Loom News', url: 'http://127.0.0.1:8080/' }, ...overrides }, configPath);
}

let counter = 0;

export function makeItem(fields: Partial<StoredItem> & { sourceId?: string; key?: string } = {}): StoredItem {
  counter += 1;
  const sourceId = fields.sourceId ?? 'alpha';
  const key = fields.key ?? `item-${counter}`;
  const date = fields.date ?? new Date(NOW.getTime() - counter * 3_600_000).toISOString();
  return {
    id: key,
    title: `Story number ${counter}`,
    link: `http://example.org/${sourceId}/${key}`,
    published: date,
    updated: null,
    author: 'Ann Writer',
    categories: [],
    summary: `<p>Summary of story ${counter}.</p>`,
    content: `<p>Full text of story ${counter}, with <a href="http://example.org/x">a link</a>.</p>`,
    enclosures: [],
    key,
    sourceId,
    canonicalLink: null,
    excerpt: `Summary of story ${counter}.`,
    contentHash: `hash-${counter}`,
    fetchedAt: date,
    date,
    language: 'en',
    uid: `${sourceId}\u0000${key}`,
    firstSeenAt: date,
    lastSeenAt: date,
    quarantine: null,
    approved: false,
    duplicateOf: null,
    alsoCarriedBy: [],
    slug: null,
    ...fields,
  };
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
