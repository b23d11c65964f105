/**
 * Issue 6 target on the labelled set in test/fixtures/spam/: at least 95 % of spam held, at most
 * 1 % of legitimate items held. legit.json comes from generate-legit.mjs (20 sources, 11 languages);
 * spam.json is written by hand, each item injected into one of those sources. Profiles are built
 * per source from all its items, as the pipeline builds them from stored plus fetched items.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Enclosure, NormalisedItem } from '../../src/core/types.js';
import { detectLanguage } from '../../src/normalise/language.js';
import { buildSourceProfile, scoreSpam } from '../../src/filter/spam.js';
import type { SpamModel } from '../../src/filter/spam-model.js';
import { spamModelFor } from '../../src/pipeline/spam-model-load.js';
import { htmlToText } from '../../src/normalise/html.js';
import { canonicalLink } from '../../src/normalise/url.js';
import { storedItem } from '../helpers/stored-item.js';

interface FixtureItem {
  title: string | null;
  link: string | null;
  summary: string | null;
  published?: string;
  enclosures?: Enclosure[];
  label?: 'legit' | 'spam';
  note?: string;
  source?: string;
}
interface FixtureSource {
  id: string;
  title: string;
  feedLink: string;
  language: string;
  items: FixtureItem[];
}

const fixtures = new URL('../fixtures/spam/', import.meta.url);
const sources = JSON.parse(readFileSync(new URL('legit.json', fixtures), 'utf8')) as FixtureSource[];
const spam = JSON.parse(readFileSync(new URL('spam.json', fixtures), 'utf8')) as FixtureItem[];
const options = { threshold: 1, weights: {} };

function normalise(item: FixtureItem, sourceId: string, index: number): NormalisedItem {
  const text = htmlToText(item.summary ?? '');
  const date = item.published ?? '2026-11-15T09:00:00.000Z';
  return storedItem({
    id: null,
    title: item.title,
    link: item.link,
    date,
    summary: item.summary,
    enclosures: item.enclosures ?? [],
    key: `${sourceId}-${index}`,
    sourceId,
    canonicalLink: item.link ? canonicalLink(item.link) : null,
    excerpt: text.slice(0, 200),
    contentHash: `${sourceId}-${index}`,
    fetchedAt: '2026-11-20T12:00:00.000Z',
    language: detectLanguage(`${item.title ?? ''}. ${text}`),
  });
}

let defaultResults: ReturnType<typeof scoreWith> | undefined;
function scoreAll(weights?: Record<string, number>) {
  if (weights) return scoreWith(weights);
  defaultResults ??= scoreWith({});
  return defaultResults;
}

function scoreWith(weights: Record<string, number>, model?: SpamModel) {
  const results: Array<{ source: string; item: NormalisedItem; spam: boolean; note?: string; score: number; reasons: string[]; held: boolean }> = [];
  for (const source of sources) {
    const injected = spam.filter((item) => item.source === source.id);
    const all = [...source.items.map((item) => ({ item, spam: false })), ...injected.map((item) => ({ item, spam: true }))];
    const items = all.map((entry, index) => normalise(entry.item, source.id, index));
    const profile = buildSourceProfile(items, source.feedLink);
    items.forEach((item, index) => {
      const verdict = scoreSpam(item, profile, { ...options, weights }, model);
      results.push({ source: source.id, item, spam: all[index].spam, note: all[index].item.note, ...verdict });
    });
  }
  return results;
}

describe('spam quarantine on the labelled fixture set (issue 6)', () => {
  it('with the shipped text classifier too: ≥ 95 % of spam held, ≤ 1 % of legitimate items', () => {
    const results = scoreWith({}, spamModelFor());
    const spamHeld = results.filter((result) => result.spam && result.held).length / results.filter((result) => result.spam).length;
    const legitHeld = results.filter((result) => !result.spam && result.held);
    process.stdout.write(`fixture set with the classifier: spam held ${(spamHeld * 100).toFixed(1)}%, legit held ${legitHeld.length}\n`);
    for (const result of legitHeld) process.stdout.write(`  legit held: ${result.source} "${result.item.title}" ${result.reasons.join(',')}\n`);
    expect(spamHeld).toBeGreaterThanOrEqual(0.95);
    expect(legitHeld.length).toBeLessThanOrEqual(results.filter((result) => !result.spam).length * 0.01);
  });

  // Issue 13: a source's first fetch (no stored history, not even its own new items as a profile)
  // must not hold its ordinary items; only their own text, links and shape speak there.
  it('on a first fetch with no history, holds none of the legitimate items (with the classifier and paragraph scores)', () => {
    const model = spamModelFor();
    const held: string[] = [];
    for (const source of sources) {
      const empty = buildSourceProfile([], null);
      source.items.forEach((entry, index) => {
        const verdict = scoreSpam(normalise(entry, source.id, index), empty, options, model);
        if (verdict.held) held.push(`${source.id} "${entry.title}" ${verdict.reasons.join(',')}`);
      });
    }
    process.stdout.write(`first fetch, fixture legit held: ${held.length}\n${held.map((line) => `  ${line}\n`).join('')}`);
    expect(held).toEqual([]);
  });

  it('has at least 40 spam items, including the seed, and 400 legitimate items from varied sources', () => {
    expect(spam.length).toBeGreaterThanOrEqual(40);
    expect(spam.every((item) => sources.some((source) => source.id === item.source))).toBe(true);
    expect(spam.some((item) => item.note?.startsWith('seed'))).toBe(true);
    const legit = sources.reduce((sum, source) => sum + source.items.length, 0);
    expect(legit).toBeGreaterThanOrEqual(400);
    expect(new Set(sources.map((source) => source.language)).size).toBeGreaterThanOrEqual(8);
  });

  it('holds at least 95 % of spam and at most 1 % of legitimate items', () => {
    const results = scoreAll();
    const spamResults = results.filter((result) => result.spam);
    const legitResults = results.filter((result) => !result.spam);
    const heldSpam = spamResults.filter((result) => result.held).length;
    const heldLegit = legitResults.filter((result) => result.held).length;
    const recall = heldSpam / spamResults.length;
    const falsePositiveRate = heldLegit / legitResults.length;
    const precision = heldSpam / (heldSpam + heldLegit);
    console.log(
      `spam fixtures: ${spamResults.length} spam, ${legitResults.length} legitimate; held ${heldSpam} spam and ${heldLegit} legitimate; ` +
        `recall ${(recall * 100).toFixed(1)} %, legitimate held ${(falsePositiveRate * 100).toFixed(2)} %, precision ${(precision * 100).toFixed(1)} %`,
    );
    for (const miss of spamResults.filter((result) => !result.held)) console.log(`  missed spam [${miss.source}] ${miss.item.title} → ${miss.score} ${miss.reasons.join(',')}`);
    const closest = [...legitResults].sort((a, b) => b.score - a.score).slice(0, 5);
    console.log(`  highest legitimate scores: ${closest.map((result) => `${result.score} (${result.reasons.join(',')})`).join('; ')}`);
    const lowest = [...spamResults].sort((a, b) => a.score - b.score).slice(0, 5);
    console.log(`  lowest spam scores: ${lowest.map((result) => `${result.score} (${result.reasons.join(',')})`).join('; ')}`);
    for (const wrong of legitResults.filter((result) => result.held)) console.log(`  held legitimate [${wrong.source}] ${wrong.item.title} → ${wrong.score} ${wrong.reasons.join(',')}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.01);
  });

  it('holds the seed item (Russian casino mirror in English world news) for language, gambling and domain', () => {
    const seed = scoreAll().find((result) => result.note?.startsWith('seed'))!;
    expect(seed.held).toBe(true);
    expect(seed.reasons).toEqual(expect.arrayContaining(['SPAM_LANGUAGE_MISMATCH', 'SPAM_GAMBLING', 'SPAM_FOREIGN_DOMAIN']));
  });

  it('lets weights from the config switch a reason off', () => {
    const seed = scoreAll({ SPAM_GAMBLING: 0, SPAM_LANGUAGE_MISMATCH: 0, SPAM_FOREIGN_DOMAIN: 0, SPAM_AFFILIATE: 0 }).find((result) =>
      result.note?.startsWith('seed'),
    )!;
    expect(seed.held).toBe(false);
    expect(seed.reasons).not.toContain('SPAM_GAMBLING');
  });
});
