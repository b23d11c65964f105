/**
 * What spam scoring (filter/spam.ts) and duplicate detection (cross-source.ts, duplicate-index.ts)
 * read from one item by itself, as plain data that can cross a thread boundary: a parse worker
 * works it out beside the parsing and sends it with the item (parse/prepare-feed.ts); ingest works
 * it out itself for an item that arrives without one, and hands it to the functions that read it.
 *
 * Each text of the item (title, body, the summary beside a content) is tokenised once
 * (normalise/text-tokens.ts) and both halves read the same streams (issue 11). Here, not in
 * filter/, because it reads dedupe's features too; its graph holds no store code, so the parse
 * worker may load it (test/architecture/import-graph.test.ts).
 */
import type { NormalisedItem, StoredFingerprint } from '../core/types.js';
import { dedupeTextOf, packTextFeatures, textFeaturesOf, type PackedTextFeatures } from './cross-source.js';
import { modelFeaturesOf, spamFactsOf, spamTextsOf, type SpamFacts } from '../filter/spam.js';
import { buildStoredFingerprint } from './stored-fingerprint.js';
import { classifyFeatures, type ModelVerdict, type SpamModel } from '../filter/spam-model.js';

export interface ItemAnalysis {
  spam: SpamFacts;
  /** unpackTextFeatures reads them. */
  text: PackedTextFeatures;
  fingerprint: StoredFingerprint;
  /** The text classifier's feature buckets (filter/spam-model.ts), so the main thread only sums weights; absent when `verdict` is there. */
  model?: Uint32Array;
  /** The classifier's verdict, when the analysis was given the model the run scores with: the main thread sums nothing. */
  verdict?: ModelVerdict;
}

/**
 * `model`: the classifier the run scores this item with (its weights shared with the main thread,
 * shareModel): given it, the analysis carries the verdict instead of the features.
 */
export function analyseItem(item: NormalisedItem, model?: SpamModel): ItemAnalysis {
  const texts = spamTextsOf(item);
  const dedupeText = dedupeTextOf(item);
  const stream = [texts.body, texts.summary, texts.content].find((candidate) => candidate.stream.text === dedupeText)?.stream;
  const text = textFeaturesOf(item, stream ? { title: texts.title.stream, text: stream } : undefined);
  const features = modelFeaturesOf(item);
  const scored = model ? { verdict: classifyFeatures(model, features) } : { model: features };
  return { spam: spamFactsOf(item, texts), text: packTextFeatures(text), fingerprint: buildStoredFingerprint(text), ...scored };
}
