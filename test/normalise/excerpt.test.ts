import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeExcerpt } from '../../src/normalise/excerpt.js';
import { htmlToText } from '../../src/normalise/html.js';

const points = (text: string) => [...text].length;

describe('makeExcerpt', () => {
  it('returns short text unchanged (white space collapsed) with no ellipsis', () => {
    expect(makeExcerpt('  Short   text.\n', 200)).toBe('Short text.');
    expect(makeExcerpt('exactly ten', 11)).toBe('exactly ten');
  });

  it('cuts Latin text at a word boundary, the ellipsis counted in the length', () => {
    expect(makeExcerpt('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…');
    expect(makeExcerpt('The quick brown fox jumps over the lazy dog', 19)).toBe('The quick brown…');
  });

  it('leaves no punctuation or space before the ellipsis', () => {
    expect(makeExcerpt('First sentence. Second sentence goes on', 17)).toBe('First sentence…');
    expect(makeExcerpt('Wait, what — really? Yes', 22)).toBe('Wait, what — really…');
    expect(makeExcerpt('Items: (one two three)', 11)).toBe('Items…');
  });

  it('cuts Cyrillic at word boundaries', () => {
    expect(makeExcerpt('Съешь же ещё этих мягких французских булок', 22)).toBe('Съешь же ещё этих…');
  });

  it('cuts Japanese and Thai, which have no spaces, at word or grapheme boundaries within the length', () => {
    const japanese = makeExcerpt('日本語のテキストはスペースがありません。とても長い文章です。', 10);
    expect(japanese.endsWith('…')).toBe(true);
    expect(points(japanese)).toBeLessThanOrEqual(10);
    expect('日本語のテキストはスペースがありません。'.startsWith(japanese.slice(0, -1))).toBe(true);
    expect(points(japanese)).toBeGreaterThan(4);
    const thai = makeExcerpt('ภาษาไทยไม่มีการเว้นวรรคระหว่างคำในประโยคเลย', 12);
    expect(points(thai)).toBeLessThanOrEqual(12);
    expect(thai.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const excerpt = makeExcerpt('😀😀😀😀😀😀😀😀 👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 5);
    expect(excerpt).toBe('😀😀😀😀…');
    expect(excerpt).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const family = makeExcerpt('👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 9);
    expect(family).toBe('👩‍👩‍👧‍👦…');
  });

  it('cuts one very long word between graphemes rather than returning almost nothing', () => {
    const excerpt = makeExcerpt(`See ${'x'.repeat(100)}`, 30);
    expect(excerpt).toBe(`See ${'x'.repeat(25)}…`);
  });

  it('never cuts inside an entity: the text is decoded before cutting', () => {
    const text = htmlToText('<p>AT&amp;T &amp; Johnson &amp; Johnson &eacute;t&eacute; &#x1F600; and more words here</p>');
    expect(text).toBe('AT&T & Johnson & Johnson été 😀 and more words here');
    for (let length = 1; length < text.length; length++) {
      const excerpt = makeExcerpt(text, length);
      expect(text.startsWith(excerpt.replace(/…$/, ''))).toBe(true);
      expect(excerpt).not.toMatch(/&(?:amp|eacute|#)/);
      expect(points(excerpt)).toBeLessThanOrEqual(length);
    }
  });

  it('returns an empty string for a zero length and a lone ellipsis when nothing fits', () => {
    expect(makeExcerpt('anything', 0)).toBe('');
    expect(makeExcerpt('anything', 1)).toBe('…');
  });

  it('holds its invariants on random text: within the length, one ellipsis only when cut, a prefix of the text', () => {
    const text = fc
      .array(fc.oneof(fc.constantFrom(' ', '. ', ', ', '😀', '日本', 'ไทย', 'Привет', 'word', '—', '\n', 'a'), fc.string({ maxLength: 5 })), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 80 }), (input, length) => {
        const collapsed = input.replace(/\s+/g, ' ').trim();
        const excerpt = makeExcerpt(input, length);
        expect(points(excerpt)).toBeLessThanOrEqual(length);
        if (points(collapsed) <= length) {
          expect(excerpt).toBe(collapsed);
        } else {
          expect(excerpt.endsWith('…')).toBe(true);
          expect(collapsed.startsWith(excerpt.slice(0, -1))).toBe(true);
          expect(excerpt.slice(0, -1)).not.toMatch(/[\s.,;:!?…]$/);
          expect(excerpt).not.toMatch(/[\uD800-\uDBFF]…$/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts where segmenting the whole window from its start cut (the walk back from the budget is only faster)', () => {
    // The reference: every segment from the start, keeping the last boundary within the budget.
    const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
    const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const startsWord = (text: string, at: number) => {
      const next = text.codePointAt(at);
      return next !== undefined && /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCodePoint(next));
    };
    const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
    const codePoints = (text: string) => text.replace(/[\uD800-\uDBFF]/g, '').length;
    const lastBoundary = (text: string, segmenter: Intl.Segmenter, budget: number, wordsOnly: boolean) => {
      let best = 0;
      let used = 0;
      for (const segment of segmenter.segment(text)) {
        const next = used + codePoints(segment.segment);
        if (next > budget) break;
        used = next;
        const end = segment.index + segment.segment.length;
        if (!wordsOnly || !segment.isWordLike || unspaced.test(segment.segment) || !startsWord(text, end)) best = end;
      }
      return best;
    };
    const reference = (input: string, maxLength: number) => {
      const collapsed = input.replace(/\s+/g, ' ').trim();
      if (codePoints(collapsed) <= maxLength) return collapsed;
      const budget = maxLength - 1;
      const window = collapsed.slice(0, budget * 2 + 16);
      let cut = lastBoundary(window, wordSegmenter, budget, true);
      if (cut < budget * 0.5) cut = Math.max(cut, lastBoundary(window, graphemeSegmenter, budget, false));
      return `${collapsed.slice(0, cut).replace(/[\s\p{Pd}\p{Ps}\p{Pi}\p{Po}]+$/u, '')}…`;
    };
    const text = fc
      .array(
        fc.oneof(
          fc.constantFrom(' ', '. ', ', ', '😀', '👩‍👩‍👧‍👦', '日本語の', 'ไทย', 'ພາສາລາວ', 'ខ្មែរ', 'Привет', 'don\'t', '3.14', 'e\u0301', 'word', '—', '\n', 'a', '(', '«'),
          fc.string({ maxLength: 5 }),
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 90 }), (input, length) => {
        expect(makeExcerpt(input, length)).toBe(reference(input, length));
      }),
      { numRuns: 3000 },
    );
  });
});
