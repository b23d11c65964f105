import { describe, expect, it } from 'vitest';
import { makeSlug, slugify } from '../../src/emit/slug.js';

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
