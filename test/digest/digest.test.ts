import { describe, expect, it } from 'vitest';
import { buildDigest, relativeAge } from '../../src/digest/digest.js';
import { makeSources, NOW, shownStory } from '../emit/fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const sources = makeSources({ id: 'alpha' }, { id: 'beta' }, { id: 'gamma' });
const options = { size: 10, excerptLength: 200, perSourceCap: 3, now: NOW };
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

describe('relativeAge', () => {
  it.each([
    [0, 'just now'],
    [59 * 1000, 'just now'],
    [60 * 1000, '1 minute ago'],
    [5 * 60 * 1000, '5 minutes ago'],
    [60 * 60 * 1000, '1 hour ago'],
    [23 * 3_600_000, '23 hours ago'],
    [2 * 86_400_000, '2 days ago'],
    [29 * 86_400_000, '29 days ago'],
    [95 * 86_400_000, '3 months ago'],
    [800 * 86_400_000, '2 years ago'],
    // issue 15: rounded to the nearest unit, and a count that rounds up to the next unit moves to it
    [4 * 86_400_000 + 22 * 3_600_000, '5 days ago'],
    [4 * 86_400_000 + 11 * 3_600_000, '4 days ago'],
    [23 * 3_600_000 + 40 * 60_000, '1 day ago'],
    [59 * 60_000 + 40_000, '1 hour ago'],
  ])('%i ms before now reads "%s"', (elapsed, expected) => {
    expect(relativeAge(new Date(NOW.getTime() - elapsed), NOW)).toBe(expected);
  });

  it('reads a date ahead of the clock as "just now"', () => {
    expect(relativeAge(new Date(NOW.getTime() + 3_600_000), NOW)).toBe('just now');
  });
});

describe('buildDigest', () => {
  it('lists the newest items with title, original link, excerpt, source, date and age', () => {
    const item = storedItem({ ...shownStory, sourceId: 'alpha', title: 'Fresh', date: hoursAgo(2), canonicalLink: 'http://example.org/fresh', slug: 'fresh' });
    const [entry] = buildDigest([item], sources, options);
    expect(entry).toEqual({
      title: 'Fresh',
      link: 'http://example.org/fresh',
      excerpt: item.excerpt,
      sourceTitle: 'Alpha Daily',
      sourceLink: 'http://example.org/alpha/',
      date: hoursAgo(2),
      age: '2 hours ago',
      slug: 'fresh',
    });
  });

  it('caps each source at perSourceCap so a prolific source cannot fill Recent Posts, keeping date order', () => {
    const flood = Array.from({ length: 8 }, (_, i) => storedItem({ ...shownStory, sourceId: 'alpha', title: `A${i}`, date: hoursAgo(i + 1) }));
    const others = [storedItem({ ...shownStory, sourceId: 'beta', title: 'B0', date: hoursAgo(10) }), storedItem({ ...shownStory, sourceId: 'gamma', title: 'G0', date: hoursAgo(2.5) })];
    const titles = buildDigest([...flood, ...others], sources, options).map((entry) => entry.title);
    expect(titles).toEqual(['A0', 'A1', 'G0', 'A2', 'B0']);
  });

  it('stops at size', () => {
    const items = Array.from({ length: 9 }, (_, i) => storedItem({ ...shownStory, sourceId: ['alpha', 'beta', 'gamma'][i % 3], date: hoursAgo(i) }));
    expect(buildDigest(items, sources, { ...options, size: 4 })).toHaveLength(4);
  });

  it('R42: a far-future date cannot pin an item to the top (ranked at most a day after first seen)', () => {
    const liar = storedItem({ ...shownStory, sourceId: 'alpha', title: 'From 2999', date: '2999-01-01T00:00:00.000Z', firstSeenAt: hoursAgo(48) });
    const honest = storedItem({ ...shownStory, sourceId: 'beta', title: 'Honest', date: hoursAgo(3), firstSeenAt: hoursAgo(3) });
    const entries = buildDigest([liar, honest], sources, options);
    expect(entries.map((entry) => entry.title)).toEqual(['Honest', 'From 2999']);
    expect(entries[1].date).toBe(hoursAgo(24));
  });

  it('cuts the excerpt to the digest length at a word boundary with one "…", from the plain text', () => {
    const summary = `<p>${'alpha beta gamma '.repeat(20)}</p>`;
    const [entry] = buildDigest([storedItem({ ...shownStory, summary, excerpt: 'short stored excerpt' })], sources, { ...options, excerptLength: 40 });
    expect(entry.excerpt.length).toBeLessThanOrEqual(40);
    expect(entry.excerpt.endsWith('…')).toBe(true);
    expect(entry.excerpt).not.toMatch(/<|…$.*…/);
    expect(entry.excerpt.slice(0, -1).trim().split(' ').every((word) => ['alpha', 'beta', 'gamma'].includes(word))).toBe(true);
  });

  it('drops a non-http link rather than pass it to a page', () => {
    const [entry] = buildDigest([storedItem({ ...shownStory, link: 'javascript:alert(1)', canonicalLink: null })], sources, options);
    expect(entry.link).toBeNull();
  });
});
