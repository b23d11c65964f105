/**
 * Item-level rows of RELIABILITY.md through the real normalise and ingest stages and a real store
 * in a temp dir: R32 (100 000 items), R33 (giant fields), R42 (dates), R43 (one guid, five
 * articles), R44 (reused, unstable and missing guids, tracking parameters).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config.js';
import type { ParsedFeed, ParsedItem } from '../../src/core/types.js';
import { compileRules } from '../../src/filter/rules.js';
import { effectiveDate, normaliseFeedItems } from '../../src/normalise/normalise-item.js';
import { compileBlocklist } from '../../src/pipeline/blocklist.js';
import { ingestFeed } from '../../src/pipeline/ingest.js';
import { normaliseOptionsFor } from '../../src/pipeline/prepare-sources.js';
import { openStore } from '../../src/store/store.js';

const now = new Date('2026-11-28T12:00:00Z');
const config = resolveConfig({ sources: [{ id: 'wire', url: 'https://wire.example/feed' }] }, '/tmp/feeds.config.json');

const item = (overrides: Partial<ParsedItem>): ParsedItem => ({
  id: null,
  title: 'A story',
  link: null,
  published: '2026-11-27T10:00:00.000Z',
  updated: null,
  author: null,
  categories: [],
  summary: '<p>Some text about the story.</p>',
  content: null,
  enclosures: [],
  ...overrides,
});
const feed = (items: ParsedItem[]): ParsedFeed => ({
  format: 'rss2.0',
  title: 'Wire',
  link: 'https://wire.example/',
  items,
  description: null,
  language: 'en',
  hints: { ttlMinutes: null, skipHours: [], skipDays: [], updatePeriod: null, updateFrequency: null },
  warnings: [],
});

async function ingestRounds(rounds: ParsedItem[][]) {
  const store = await openStore({ driver: 'json', dir: mkdtempSync(path.join(tmpdir(), 'feedloom-items-')) });
  const items = await store.openItems();
  const counts = [];
  for (const [index, round] of rounds.entries()) {
    const at = new Date(now.getTime() + index * 3_600_000);
    const parsed = feed(round);
    const prepared = { feed: parsed, normalised: normaliseFeedItems(parsed, normaliseOptionsFor(config, config.sources[0], at, false)), analyses: null };
    const result = ingestFeed(prepared, {
      items,
      config: { ...config, spam: { ...config.spam, enabled: false } },
      source: config.sources[0],
      now: at,
      ruleSets: [compileRules([], [])],
      blocklist: compileBlocklist([]),
      priorityOf: () => 0,
      takenSlugs: () => new Set(),
      decisions: [],
    });
    counts.push(result.counts);
  }
  return { stored: [...items.all()], counts };
}

const options = { sourceId: 'wire', now, limits: config.limits, excerptLength: 200, maxItemsPerFetch: 500 };

describe('sizes, dates and identity', () => {
  it('R32 keeps the newest 500 of 100 000 items and says how many it dropped', () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      item({ id: `id-${i}`, title: `Story ${i}`, published: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }),
    );
    const result = normaliseFeedItems(feed(many), options);
    expect(result.items).toHaveLength(500);
    expect(result.capped).toBe(99_500);
    expect(result.warnings[0]).toMatch(/100000 items; kept the newest 500, dropped 99500/);
    expect(result.items.map((entry) => entry.id)).toContain('id-99999');
    expect(result.items.map((entry) => entry.id)).not.toContain('id-0');
  });

  it('R33 caps giant fields and leaves the neighbouring item intact', () => {
    const giant = item({
      id: 'g'.repeat(1024 * 1024),
      title: 'T'.repeat(1024 * 1024),
      author: 'A'.repeat(1024 * 1024),
      link: `https://wire.example/${'x'.repeat(100 * 1024)}`,
      categories: Array.from({ length: 10_000 }, (_, i) => `category ${i} ${'c'.repeat(300)}`),
    });
    const neighbour = item({ id: 'n1', title: 'Neighbour', link: 'https://wire.example/n1' });
    const [big, next] = normaliseFeedItems(feed([giant, neighbour]), options).items;
    expect(big.title!.length).toBeLessThanOrEqual(1000);
    expect(big.author!.length).toBeLessThanOrEqual(200);
    expect(big.link).toBeNull();
    expect(big.categories.length).toBe(50);
    expect(Math.max(...big.categories.map((c) => c.length))).toBeLessThanOrEqual(100);
    expect(big.key.length).toBeLessThanOrEqual(512);
    expect(JSON.stringify(big).length).toBeLessThan(40_000);
    expect(next).toMatchObject({ id: 'n1', title: 'Neighbour', link: 'https://wire.example/n1' });
  });

  it('R42 future dates are clamped and cannot pin an item to the top; unreadable dates fall back to first seen', () => {
    const result = normaliseFeedItems(
      feed([item({ id: 'future', published: '2999-01-01T00:00:00.000Z' }), item({ id: 'soon', published: '2026-11-30T12:00:00.000Z' }), item({ id: 'none', published: null })]),
      options,
    );
    expect(result.items[0].published).toBe(now.toISOString());
    expect(result.items[1].published).toBe(now.toISOString());
    expect(result.items[2].date).toBe(now.toISOString());
    expect(effectiveDate('2026-11-29T11:00:00.000Z', '2026-11-28T12:00:00.000Z')).toBe('2026-11-29T11:00:00.000Z');
    expect(effectiveDate('2027-01-01T00:00:00.000Z', '2026-11-28T12:00:00.000Z')).toBe('2026-11-29T12:00:00.000Z');
    expect(effectiveDate('1970-01-01T00:00:00.000Z', '2026-11-28T12:00:00.000Z')).toBe('1970-01-01T00:00:00.000Z');
  });

  it('R43 one guid shared by five different articles keeps all five', async () => {
    const five = Array.from({ length: 5 }, (_, i) => item({ id: 'same-guid', title: `Article ${i}`, link: `https://wire.example/a${i}` }));
    const { stored, counts } = await ingestRounds([five, five]);
    expect(stored).toHaveLength(5);
    expect(counts[0].new).toBe(5);
    expect(counts[1]).toMatchObject({ new: 0, unchanged: 5 });
  });

  it('R44 a guid reused for a new article is a new item, never "unchanged"', async () => {
    const first = item({ id: 'post', title: 'Budget vote delayed', link: 'https://wire.example/budget' });
    const reused = item({ id: 'post', title: 'Storm closes schools', link: 'https://wire.example/storm' });
    const { stored, counts } = await ingestRounds([[first], [reused]]);
    expect(counts[1].new).toBe(1);
    expect(stored.map((entry) => entry.title).sort()).toEqual(['Budget vote delayed', 'Storm closes schools']);
  });

  it('R44 a random guid on every fetch does not duplicate the item (same link and title)', async () => {
    const round = (guid: string) => [item({ id: guid, title: 'Same story', link: 'https://wire.example/same?utm_source=rss' })];
    const { stored, counts } = await ingestRounds([round('r-1'), round('r-2'), round('r-3')]);
    expect(stored).toHaveLength(1);
    expect(counts.slice(1).every((count) => count.new === 0)).toBe(true);
  });

  it('R44 missing guid and link: identity from title and date; tracking parameters never split an item', async () => {
    const bare = item({ title: 'No id, no link' });
    const tracked = (source: string) => item({ title: 'Tracked', link: `https://wire.example/t?utm_source=${source}&utm_medium=x#top` });
    const { stored, counts } = await ingestRounds([[bare, tracked('a')], [bare, tracked('b')]]);
    expect(stored).toHaveLength(2);
    expect(counts[1].new).toBe(0);
    expect(stored.find((entry) => entry.title === 'Tracked')!.canonicalLink).toBe('https://wire.example/t');
  });

  it('an updated item (same identity, new content) replaces the stored one', async () => {
    const v1 = item({ id: 'u', title: 'Draft', link: 'https://wire.example/u' });
    const v2 = item({ id: 'u', title: 'Draft', link: 'https://wire.example/u', summary: '<p>Now with more detail.</p>', updated: '2026-11-27T12:00:00.000Z' });
    const { stored, counts } = await ingestRounds([[v1], [v2]]);
    expect(stored).toHaveLength(1);
    expect(counts[1].updated).toBe(1);
    expect(stored[0].summary).toContain('more detail');
  });
});
