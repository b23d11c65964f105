/**
 * The statistical half of spam scoring: a binarised multinomial naive Bayes over hashed features
 * (word unigrams, bigrams and trigrams, character 4-grams of each word, and a few shapes: a phone
 * number, a messenger handle). Vocabulary lists only know the phrases someone wrote down; this
 * learns "write my essay", "без рецепта" or "WhatsApp +44…" from labelled items, in any language
 * the corpus carries, and from the operator's approve/block (see docs/spam.md).
 *
 * Naive Bayes rather than logistic regression: its counts add, so an operator's lessons are one
 * more table of counts over the shipped one, and training is one pass. Features are presence, not
 * counts (binarised NB, Wang & Manning 2012), which suits short items. The tokeniser walks char
 * codes once; no Unicode-property regex on the hot path (issue 7 measured those per item).
 */

/** Hash buckets: 2^18 keeps collisions rare for a corpus of tens of thousands of items. */
export const MODEL_BUCKETS = 1 << 18;
/** Only this much of an item's text is read: spam says what it sells early. */
export const MODEL_TEXT_CHARS = 3000;
/** Additive smoothing of the counts. */
const ALPHA = 0.5;

export interface Lesson {
  label: 'spam' | 'ham';
  title?: string | null;
  text?: string | null;
}

/** Counts as committed (data/spam-model.json): bucket → [spam docs, ham docs] where the bucket was seen. */
export interface ModelCounts {
  version: 1;
  spamDocs: number;
  hamDocs: number;
  /** Bucket index (decimal) → [documents of spam with it, documents of ham with it]. */
  counts: Record<string, [number, number]>;
  /** Decision point on the normalised log-odds and its spread, chosen on the training items. */
  threshold: number;
  spread: number;
}

export interface SpamModel {
  weights: Float32Array;
  prior: number;
  threshold: number;
  spread: number;
}

export interface ModelVerdict {
  /** Normalised log-odds minus the threshold, over the spread: ≥ 0 means spam by itself. */
  margin: number;
  /** How spam-like, 0–1 (a logistic of the margin), for `explain`. */
  probability: number;
}

export interface FeatureWeight {
  feature: string;
  /** 0–1: the share of the evidence for spam this feature carries alone. */
  spam: number;
}

const SEED_WORD = 0x811c9dc5;
const SEED_GRAM = 0x01000193;

function hashCodes(text: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix(a: number, b: number): number {
  return (Math.imul(a ^ (b >>> 15), 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35)) >>> 0;
}

/** Letters and digits of any script count as word characters; punctuation, symbols and spaces split. */
function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
  if (c < 0xc0) return false;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false; // punctuation, currency, arrows, symbols
  if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
  if (c >= 0xd800 && c <= 0xdfff) return false; // surrogates: emoji mostly
  if (c >= 0xfe00 && c <= 0xfe0f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The item's words (lower-cased, numbers folded to "<n>") plus shape tokens: "<phone>" for 8 or
 * more digits in one run of separators (+44 7700 900 123), "<handle>" for an @name that is not an
 * e-mail address, "<money>" for a currency sign.
 */
export function tokensOf(raw: string): string[] {
  const text = (raw.length > MODEL_TEXT_CHARS ? raw.slice(0, MODEL_TEXT_CHARS) : raw).toLowerCase();
  const tokens: string[] = [];
  let start = -1;
  let digitsInRun = 0;
  let hasLetter = false;
  let handle = false;
  for (let i = 0; i <= text.length; i += 1) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isWordCode(c)) {
      if (start < 0) {
        start = i;
        hasLetter = false;
        handle = i > 0 && text.charCodeAt(i - 1) === 0x40 && (i < 2 || !isWordCode(text.charCodeAt(i - 2)));
      }
      if (isDigit(c)) digitsInRun += 1;
      else hasLetter = true;
      continue;
    }
    if (start >= 0) {
      if (handle) tokens.push('<handle>');
      tokens.push(hasLetter ? text.slice(start, i) : '<n>');
      start = -1;
    }
    // Phone numbers are digits with spaces, dashes, dots, brackets and a plus between them.
    const phoneSeparator = c === 0x20 || c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29 || c === 0x2b;
    if (!phoneSeparator || (i > 0 && !isDigit(text.charCodeAt(i - 1)) && c !== 0x2b && c !== 0x28)) {
      if (digitsInRun >= 8) tokens.push('<phone>');
      if (!phoneSeparator) digitsInRun = 0;
    }
    if (hasLetter) digitsInRun = 0;
    if (c === 0x24 || c === 0x20ac || c === 0xa3) tokens.push('<money>');
  }
  if (digitsInRun >= 8) tokens.push('<phone>');
  return tokens;
}

/**
 * Hashed features of the tokens, each once. With `names`, the readable feature of each bucket is
 * kept too (for `explain`; the hot path passes none).
 */
export function featuresOf(tokens: string[], names?: Map<number, string>): Set<number> {
  const features = new Set<number>();
  let prev = 0;
  let prev2 = 0;
  for (let t = 0; t < tokens.length; t += 1) {
    const word = tokens[t]!;
    const h = hashCodes(word, 0, word.length, SEED_WORD);
    add(features, h, names, word);
    if (t > 0) {
      const bigram = mix(prev, h);
      add(features, bigram, names, names ? `${tokens[t - 1]} ${word}` : '');
      if (t > 1) add(features, mix(mix(prev2, prev), h ^ 0x9e3779b9), names, names ? `${tokens[t - 2]} ${tokens[t - 1]} ${word}` : '');
    }
    if (word.length >= 4 && word.charCodeAt(0) !== 0x3c) {
      // Character 4-grams carry inflections across languages: "casinò", "kasino", "casinos".
      for (let i = 0; i + 4 <= word.length; i += 1) add(features, hashCodes(word, i, i + 4, SEED_GRAM), names, names ? `~${word.slice(i, i + 4)}` : '');
    }
    prev2 = prev;
    prev = h;
  }
  return features;
}

function add(features: Set<number>, hash: number, names: Map<number, string> | undefined, name: string): void {
  const bucket = hash & (MODEL_BUCKETS - 1);
  features.add(bucket);
  if (names && !names.has(bucket)) names.set(bucket, name);
}

/** The text the model reads from an item: title, body and the words of its links. */
export function modelText(title: string | null | undefined, text: string | null | undefined): string {
  return `${title ?? ''}\n${text ?? ''}`;
}

/** Count features of labelled items into `into` (a fresh table when absent). `times` weighs each item. */
export function countLessons(lessons: Lesson[], into?: ModelCounts, times = 1): ModelCounts {
  const model = into ?? { version: 1, spamDocs: 0, hamDocs: 0, counts: {}, threshold: 0, spread: 1 };
  for (const lesson of lessons) {
    const spam = lesson.label === 'spam';
    if (spam) model.spamDocs += times;
    else model.hamDocs += times;
    for (const bucket of featuresOf(tokensOf(modelText(lesson.title, lesson.text)))) {
      const entry = (model.counts[bucket] ??= [0, 0]);
      entry[spam ? 0 : 1] += times;
    }
  }
  return model;
}

/** Log-ratio per bucket from counts; buckets never seen weigh nothing (they say nothing). */
export function modelFromCounts(counts: ModelCounts): SpamModel {
  const weights = new Float32Array(MODEL_BUCKETS);
  const spamDocs = Math.max(1, counts.spamDocs);
  const hamDocs = Math.max(1, counts.hamDocs);
  for (const key in counts.counts) {
    const [spam, ham] = counts.counts[key]!;
    weights[Number(key)] = Math.log((spam + ALPHA) / (spamDocs + 2 * ALPHA)) - Math.log((ham + ALPHA) / (hamDocs + 2 * ALPHA));
  }
  return { weights, prior: Math.log(spamDocs / hamDocs), threshold: counts.threshold, spread: counts.spread || 1 };
}

/**
 * Normalised log-odds: the sum of the features' log-ratios over √(features). Dividing keeps a long
 * legit post, which piles up many small weights, from outscoring a short ad.
 */
export function rawScore(model: SpamModel, features: Set<number>): number {
  let sum = 0;
  for (const bucket of features) sum += model.weights[bucket]!;
  return (model.prior + sum) / Math.sqrt(Math.max(1, features.size));
}

export function classify(model: SpamModel, text: string): ModelVerdict {
  const margin = (rawScore(model, featuresOf(tokensOf(text))) - model.threshold) / model.spread;
  return { margin, probability: 1 / (1 + Math.exp(-4 * margin)) };
}

/** The features that pushed the verdict hardest, in words, strongest first. */
export function strongestFeatures(model: SpamModel, text: string, count = 5): FeatureWeight[] {
  const names = new Map<number, string>();
  const features = featuresOf(tokensOf(text), names);
  const spamLike = rawScore(model, features) >= model.threshold;
  return [...features]
    .map((bucket) => ({ feature: names.get(bucket)!, weight: model.weights[bucket]! }))
    .filter((entry) => entry.weight !== 0 && !entry.feature.startsWith('~'))
    .sort((a, b) => (spamLike ? b.weight - a.weight : a.weight - b.weight))
    .slice(0, count)
    .map((entry) => ({ feature: entry.feature, spam: Math.round((1 / (1 + Math.exp(-entry.weight))) * 100) / 100 }));
}

/**
 * Pick the threshold and spread from the training items' scores: the threshold sits where at most
 * `maxHamShare` of the ham scores above it, and the spread is the gap to the ham's 95th percentile.
 */
export function calibrate(counts: ModelCounts, lessons: Lesson[], maxHamShare = 0.002): ModelCounts {
  const model = modelFromCounts({ ...counts, threshold: 0, spread: 1 });
  const ham = lessons.filter((l) => l.label === 'ham').map((l) => rawScore(model, featuresOf(tokensOf(modelText(l.title, l.text))))).sort((a, b) => a - b);
  const spam = lessons.filter((l) => l.label === 'spam').map((l) => rawScore(model, featuresOf(tokensOf(modelText(l.title, l.text))))).sort((a, b) => a - b);
  if (ham.length === 0 || spam.length === 0) return { ...counts, threshold: 0, spread: 1 };
  const hamTop = ham[Math.min(ham.length - 1, Math.floor(ham.length * (1 - maxHamShare)))]!;
  const spamLow = spam[Math.floor(spam.length * 0.02)]!;
  // Training items are scored by a model that saw them: leave room, halfway to the spam side.
  const threshold = spamLow > hamTop ? (hamTop + spamLow) / 2 : hamTop;
  const spread = Math.max(0.05, threshold - ham[Math.floor(ham.length * 0.95)]!);
  return { ...counts, threshold: round(threshold), spread: round(spread) };
}

/** Drop buckets seen once (noise, and most of the file), round nothing else: counts stay integers. */
export function pruneCounts(counts: ModelCounts, minDocs = 2): ModelCounts {
  const kept: Record<string, [number, number]> = {};
  for (const key in counts.counts) {
    const entry = counts.counts[key]!;
    if (entry[0] + entry[1] >= minDocs) kept[key] = entry;
  }
  return { ...counts, counts: kept };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

