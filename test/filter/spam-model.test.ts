/**
 * Held-out evaluation of the text classifier inside the whole verdict. The model is trained here
 * on test/fixtures/spam-corpus/train.jsonl and scored on test.jsonl, whose phrasings (every third
 * phrase of each pool, scripts/spam-corpus.mjs) it never saw. Items are scored as on a source's
 * first fetch: no history, so only the item's own text, links and shape speak.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { buildSourceProfile, scoreSpam, modelTextOf } from '../../src/filter/spam.js';
import { classify, explainParagraph, featuresOf, modelFeatures, modelFromWeights, strongestFeatures, tokensOf } from '../../src/filter/spam-model.js';
import { evaluate, formatEvaluation, parseLabelled, trainWeights, type LabelledItem } from '../../src/filter/spam-train.js';
import { spamModelFor } from '../../src/pipeline/spam-model-load.js';
import { storedItem } from '../helpers/stored-item.js';

const corpus = (split: string) => parseLabelled(readFileSync(new URL(`../fixtures/spam-corpus/${split}.jsonl`, import.meta.url), 'utf8'), split);
const train = corpus('train');
const test = corpus('test');
const model = modelFromWeights(trainWeights(train));
const options = { threshold: 1, weights: {} };
const firstFetch = buildSourceProfile([], null);

/** An item with nothing but what a case gives it: no link, no title, no language. */
const bare: Partial<StoredItem> = {
  id: null,
  title: null,
  link: null,
  published: null,
  key: 'k',
  sourceId: 's',
  canonicalLink: null,
  contentHash: 'h',
  date: '2026-12-01T00:00:00.000Z',
  language: null,
};

const asItem = (row: LabelledItem) => storedItem({ ...bare, title: row.title ?? null, content: `<p>${(row.text ?? '').replace(/\n\n/g, '</p><p>')}</p>` });
const held = (row: LabelledItem) => scoreSpam(asItem(row), firstFetch, options, model).held;

describe('text classifier, held out (whole verdict, first fetch)', () => {
  const result = evaluate(test, model, held);
  it('holds ≤ 0.5 % of legit items', () => {
    process.stdout.write(formatEvaluation(result));
    expect(result.spam).toBeGreaterThan(400);
    expect(result.ham).toBeGreaterThan(4000);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.005);
  });

  // Issue 13's target, on the held-out split (docs/spam.md has the table).
  it('target: ≥ 95 % of spam held, every class ≥ 80 %', () => {
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    for (const row of result.byClass.filter((row) => row.group !== 'legit')) expect(row.held / row.items, row.group).toBeGreaterThanOrEqual(0.8);
  });

  it('the shipped model (trained on the train split only) scores the same', () => {
    const shipped = spamModelFor();
    const own = evaluate(test, shipped, (row) => scoreSpam(asItem(row), firstFetch, options, shipped).held);
    expect(own.falsePositiveRate).toBeLessThanOrEqual(0.005);
    expect(own.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('classifies in under 200 µs per item (a loose bound for a loaded machine; the figure is printed)', () => {
    const texts = test.map((row) => modelTextOf(asItem(row)));
    for (const text of texts.slice(0, 200)) classify(model, text);
    const started = performance.now();
    for (let round = 0; round < 3; round += 1) for (const text of texts) classify(model, text);
    const micros = ((performance.now() - started) * 1000) / (texts.length * 3);
    process.stdout.write(`classify: ${micros.toFixed(1)} µs per item\n`);
    expect(micros).toBeLessThan(200);
  });
});

describe('regressions from the independent labelled set', () => {
  it('does not hold the Hacker News post on one-way functions and cryptography', () => {
    const post = storedItem({
      ...bare,
      title: 'One-way functions and the hardness of Kolmogorov complexity',
      link: 'https://www.quantamagazine.org/researchers-identify-master-problem-underlying-all-cryptography-20220406/',
      content: '<p>Article URL: <a href="https://www.quantamagazine.org/researchers-identify-master-problem-underlying-all-cryptography-20220406/">quantamagazine.org</a></p><p>Comments URL: <a href="https://news.ycombinator.com/item?id=30934529">news.ycombinator.com</a></p><p>Points: 214</p><p># Comments: 61</p>',
    });
    const hn = buildSourceProfile(Array.from({ length: 20 }, (_, n) => storedItem({ ...bare, link: `https://site${n}.example/a`, content: `<a href="https://news.ycombinator.com/item?id=${n}">c</a>` })), 'https://news.ycombinator.com/');
    const verdict = scoreSpam(post, hn, options, model);
    expect(verdict.reasons).not.toContain('SPAM_CRYPTO');
    expect(verdict.held).toBe(false);
  });

  it('holds a one-paragraph pharmacy ad linking to a foreign domain with ?aff=', () => {
    const ad = storedItem({
      ...bare,
      title: 'Cheap generic pills',
      link: 'https://pills-direct.example/buy?aff=2231',
      content: '<p>Buy sildenafil and tadalafil online without a prescription, discreet worldwide shipping and bonus pills.</p>',
    });
    const verdict = scoreSpam(ad, firstFetch, options, model);
    expect(verdict.held).toBe(true);
    expect(verdict.reasons).toContain('SPAM_MODEL');
  });

  it('holds spam that gives a WhatsApp number instead of a link', () => {
    const ad = storedItem({ ...bare, title: 'Instant loan today', content: '<p>Money in your account within 15 minutes, no credit check. WhatsApp +44 7700 900 123 now.</p>' });
    expect(scoreSpam(ad, firstFetch, options, model).held).toBe(true);
  });
});

describe('tokensOf and explain', () => {
  it('folds numbers, and marks phone numbers and messenger handles', () => {
    expect(tokensOf('Call +44 7700 900 123 or @helpdesk, mail a@b.example')).toEqual(
      ['call', '<n>', '<n>', '<n>', '<n>', 'or', '<phone>', '<intl_phone>', '<handle>', 'helpdesk', 'mail', 'a', '<email>', 'b', 'example'],
    );
    expect(tokensOf('Tickets: 0113 245 6789')).toEqual(['tickets', '<n>', '<n>', '<n>', '<phone>']);
    expect(featuresOf(tokensOf('')).size).toBe(0);
  });

  it('reads the same features from the text (the hot path) as from its tokens (training and explain)', () => {
    // modelFeatures hashes words where they lie in the text; featuresOf reads tokensOf's strings.
    const texts = [...train, ...test].map((row) => `${row.title ?? ''}\n${row.text ?? ''}`);
    texts.push('WhatsApp +44 7700 900 123\n\nadd @anna12 on Telegram $$ €5 £', 'Ünïcödé ÇAFÉ 東京タワー 😀 x\ny\n\nz', '');
    for (const text of texts) {
      const fast = [...modelFeatures(text)].filter((bucket) => bucket !== 0xffffffff);
      expect(new Set(fast).size, text).toBe(fast.length);
      expect(new Set(fast), text).toEqual(featuresOf(tokensOf(text)));
    }
  });

  it('pairs a messenger app with a contact near it, in either order', () => {
    expect(tokensOf('WhatsApp +44 7700 900 123')).toContain('<messenger_contact>');
    expect(tokensOf('add @anna12 on Telegram')).toContain('<messenger_contact>');
    expect(tokensOf('Telegram adds group calls; more in the blog post about @mentions and 3 other changes')).not.toContain('<messenger_contact>');
  });

  it('explain names the spam paragraph of a legit post with one appended', () => {
    const text = [
      'Council approves new cycling lanes',
      'The city council approved the plan on Tuesday after a long debate about parking and the cost of the work.',
      'Critics said the budget was too small; a public meeting is planned for Thursday evening at the town hall.',
      'Cheap generic pills without a prescription, discreet worldwide shipping. WhatsApp +44 7700 900 123 now, 24/7.',
    ].join('\n');
    const paragraph = explainParagraph(model, text);
    expect(paragraph?.number).toBe(3);
    expect(paragraph?.text).toContain('WhatsApp');
  });

  it('names the strongest features in words', () => {
    const features = strongestFeatures(model, 'Write my essay for me, plagiarism free, native writers');
    expect(features.length).toBeGreaterThan(0);
    expect(typeof features[0]!.spam).toBe('number');
    expect(features.every((feature) => !feature.feature.startsWith('~'))).toBe(true);
  });
});

describe('operator lessons', () => {
  it('an approved item teaches ham: the same text is no longer held', () => {
    const text = 'Our writers will help with your thesis; order now and get it in 3 hours.';
    const before = classify(spamModelFor(), text).margin;
    const after = classify(spamModelFor([{ label: 'ham', title: null, text }]), text).margin;
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThan(0);
  });

  it('a blocked item teaches spam', () => {
    const text = 'Fresh hydroponic tomatoes delivered to your office every Monday, subscribe today.';
    const before = classify(spamModelFor(), text).margin;
    const after = classify(spamModelFor([{ label: 'spam', title: null, text }]), text).margin;
    expect(after).toBeGreaterThan(before);
  });
});

describe('the committed model file (issue 11: version 3)', () => {
  it('version 3 holds the same model as version 2 did: every weight, bias and threshold', async () => {
    const { modelFromWeights, weightsOf } = await import('../../src/filter/spam-model.js');
    const { readShippedModel } = await import('../../src/pipeline/spam-model-load.js');
    const shipped = readShippedModel();
    expect(shipped.version).toBe(3);
    const model = modelFromWeights(shipped);
    // The same numbers written the version 2 way: the non-zero buckets as decimal keys.
    const weights: Record<string, number> = {};
    model.weights.forEach((weight, bucket) => {
      if (weight !== 0) weights[bucket] = Math.round(weight * 10000) / 10000;
    });
    const v2 = modelFromWeights(JSON.parse(JSON.stringify({ ...shipped, version: 2, weights })));
    expect(Object.keys(weights).length).toBeGreaterThan(100_000);
    expect(v2.weights).toEqual(model.weights);
    expect({ ...v2, weights: null }).toEqual({ ...model, weights: null });
    // And a model written again (what `spam train` does) reads back the same.
    expect(modelFromWeights(JSON.parse(JSON.stringify(weightsOf(model)))).weights).toEqual(model.weights);
  });

  it('a truncated or foreign model file is refused with E_CONFIG naming the file', async () => {
    const { readShippedModel } = await import('../../src/pipeline/spam-model-load.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'feedloom-model-'));
    const truncated = path.join(dir, 'truncated.json');
    writeFileSync(truncated, JSON.stringify({ version: 3, bias: 0, weights: 'AAAA', threshold: 0, spread: 1 }));
    expect(() => readShippedModel(truncated)).toThrow(expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining(truncated) }));
    const foreign = path.join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ version: 3, weights: { 1: 0.5 } }));
    expect(() => readShippedModel(foreign)).toThrow(expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('version 2 or 3') }));
  });
});
