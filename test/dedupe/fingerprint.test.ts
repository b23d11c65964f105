import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFeedloomError } from '../../src/core/errors.js';
import { hammingDistance, simhash, titleKey, titleSimilarity } from '../../src/dedupe/fingerprint.js';

const wire =
  'Heavy rain over the weekend pushed rivers near Tallinn past their banks, forcing 556 families from their homes, officials said on Monday. ' +
  'Emergency workers moved residents to schools and sports halls, and the army sent 41 trucks to help. ' +
  'Forecasters expect the water to stay high until Thursday, and the regional governor urged people not to drive through flooded roads.';
const unrelated =
  'The central bank kept its main interest rate unchanged on Wednesday, saying inflation was easing but wage growth remained strong. ' +
  'Markets had widely expected the decision and the currency was little changed after the announcement in the capital.';

describe('titleKey', () => {
  it('folds case, accents, punctuation and full-width forms', () => {
    expect(titleKey('  Zürich: Floods — “Worst in 50 Years”! ')).toBe('zurich floods worst in 50 years');
    expect(titleKey('ＡＢＣ news')).toBe('abc news');
    expect(titleKey(null)).toBe('');
  });

  it('keeps й and digits, which tell stories apart', () => {
    expect(titleKey('Новый закон')).toBe('новый закон');
    expect(titleKey('Rovers 2, United 1')).not.toBe(titleKey('Rovers 0, United 3'));
  });
});

describe('titleSimilarity', () => {
  it('is 1 for the same words and 0 for none shared', () => {
    expect(titleSimilarity('Floods hit Lisbon', 'floods HIT lisbon!')).toBe(1);
    expect(titleSimilarity('Floods hit Lisbon', 'Central bank holds rates')).toBe(0);
    expect(titleSimilarity('', 'anything')).toBe(0);
  });

  it('scores near-identical headlines high and template siblings lower', () => {
    expect(titleSimilarity('Floods force 500 families from homes', 'Floods force 500 families from their homes')).toBeGreaterThan(0.9);
    expect(titleSimilarity('Weather forecast for Monday', 'Weather forecast for Tuesday')).toBeLessThan(0.8);
  });

  it('compares Japanese and Chinese titles by character bigrams', () => {
    expect(titleSimilarity('新型の省電力チップを発表', '新型の省電力チップを発表へ')).toBeGreaterThan(0.8);
  });
});

describe('simhash and hammingDistance', () => {
  it('gives 16 hex digits, identical for identical text', () => {
    expect(simhash(wire)).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(wire)).toBe(simhash(wire));
    expect(simhash('')).toBe('0000000000000000');
  });

  it('puts a lightly edited copy close and unrelated text far', () => {
    const edited = wire.replace('officials said on Monday', 'authorities said').replace('41 trucks', 'forty trucks');
    expect(hammingDistance(simhash(wire), simhash(edited))).toBeLessThanOrEqual(12);
    expect(hammingDistance(simhash(wire), simhash(unrelated))).toBeGreaterThanOrEqual(20);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000000', '0000000000000003')).toBe(2);
  });

  it('is a metric on any pair of hashes (property)', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{16}$/);
    fc.assert(
      fc.property(hex, hex, (a, b) => {
        const d = hammingDistance(a, b);
        return d === hammingDistance(b, a) && d >= 0 && d <= 64 && (d === 0) === (a === b);
      }),
    );
  });

  it('refuses something that is not a simhash, with a coded error', () => {
    let caught: unknown;
    try {
      hammingDistance('xyz', '0000000000000000');
    } catch (error) {
      caught = error;
    }
    expect(isFeedloomError(caught) && caught.code).toBe('E_INTERNAL');
  });
});
