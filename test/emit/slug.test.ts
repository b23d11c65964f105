import { describe, expect, it } from 'vitest';
import { assignOutputSlugs, makeSlug, newItemSlug, newItemSlugBase, slugify } from '../../src/emit/slug.js';
import { storedItem } from '../helpers/stored-item.js';

describe('makeSlug', () => {
  it('makes a readable lowercase hyphenated slug from a title', () => {
    expect(makeSlug('Hello, World: What’s New in 2026?', 'x', new Set())).toBe('hello-world-whats-new-in-2026');
  });

  it('transliterates Cyrillic titles to readable Latin (issue 6)', () => {
    expect(makeSlug('Москва: новые правила для жителей', 'x', new Set())).toBe('moskva-novye-pravila-dlya-zhiteley');
    expect(slugify('Щедрість і Їжак')).toBe('shchedrist-i-yizhak');
  });

  it('strips accents and spells out letters decomposition cannot reduce', () => {
    expect(slugify('Crème brûlée à Zürich, Straße, Øresund, Łódź')).toBe('creme-brulee-a-zurich-strasse-oresund-lodz');
  });

  it('keeps slugs unique by numbering repeats, and records what it hands out', () => {
    const taken = new Set<string>();
    expect(makeSlug('Same title', 'a', taken)).toBe('same-title');
    expect(makeSlug('Same title', 'b', taken)).toBe('same-title-2');
    expect(makeSlug('Same title', 'c', taken)).toBe('same-title-3');
    expect(taken).toEqual(new Set(['same-title', 'same-title-2', 'same-title-3']));
  });

  it('falls back when the title gives nothing readable (null, CJK, punctuation)', () => {
    const taken = new Set<string>();
    expect(makeSlug(null, 'post-abc123', taken)).toBe('post-abc123');
    expect(makeSlug('東京の天気', 'post-def456', taken)).toBe('post-def456');
    expect(makeSlug('!!!', '', taken)).toBe('post');
  });

  it('cuts a long title at a word boundary within 80 characters', () => {
    const slug = makeSlug('word '.repeat(40), 'x', new Set());
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('word')).toBe(true);
  });

  it('is stable: the same title and taken set give the same slug', () => {
    expect(makeSlug('Stable Title', 'x', new Set(['other']))).toBe(makeSlug('Stable Title', 'y', new Set(['other'])));
  });
});

describe('item slugs: one rule for new items and for output', () => {
  const at = '2026-11-10T08:00:00.000Z';

  it('a new untitled item falls back to the first 10 hex digits of sha256(uid), as stores already hold', () => {
    expect(newItemSlug(null, 'alpha\u0000post-1', new Set())).toBe('03587efb59');
    expect(newItemSlug('東京の天気', 'alpha\u0000post-2', new Set())).toBe('f7c829f4a0');
    expect(newItemSlug('Harbour reopens', 'alpha\u0000post-1', new Set(['harbour-reopens']))).toBe('harbour-reopens-2');
  });

  it('newItemSlugBase is what newItemSlug numbers on a collision', () => {
    const taken = new Set(['harbour-reopens', 'harbour-reopens-2']);
    expect(newItemSlug('Harbour reopens', 'alpha\u0000post-1', taken).startsWith(newItemSlugBase('Harbour reopens', 'alpha\u0000post-1'))).toBe(true);
    expect(newItemSlugBase(null, 'alpha\u0000post-1')).toBe('03587efb59');
  });

  it('output keeps stored slugs and gives an item without one (an older store) post-<hash of uid>, in uid order', () => {
    const items = [
      storedItem({ sourceId: 'beta', key: 'x', date: at, title: null }),
      storedItem({ sourceId: 'alpha', key: 'post-1', date: at, title: 'Harbour reopens', slug: 'harbour-reopens' }),
      storedItem({ sourceId: 'alpha', key: 'post-2', date: at, title: 'Harbour reopens' }),
    ];
    const slugs = assignOutputSlugs(items);
    expect(Object.fromEntries(slugs)).toEqual({
      'beta\u0000x': 'post-4794c14284',
      'alpha\u0000post-1': 'harbour-reopens',
      'alpha\u0000post-2': 'harbour-reopens-2',
    });
    expect(assignOutputSlugs([...items].reverse())).toEqual(slugs);
  });

  it('output re-makes a stored slug that an earlier item already has (two processes took it)', () => {
    const first = storedItem({ sourceId: 'alpha', key: 'post-1', date: at, title: 'Harbour reopens', slug: 'harbour-reopens' });
    const second = storedItem({ sourceId: 'beta', key: 'x', date: at, title: 'Harbour reopens', slug: 'harbour-reopens' });
    expect(assignOutputSlugs([first, second]).get(second.uid)).toBe('harbour-reopens-2');
  });
});
