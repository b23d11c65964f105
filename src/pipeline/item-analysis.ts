/**
 * What spam scoring and duplicate detection read from one item by itself, as plain data that can
 * cross a thread boundary: a parse worker works it out beside the parsing, and the main thread,
 * which only has to look up, compare and store, remembers it for the item (issue 7).
 *
 * Each text of the item (title, body, the summary beside a content) is tokenised once
 * (normalise/text-tokens.ts) and both halves read the same streams (issue 11).
 */
import type { NormalisedItem, StoredFingerprint } from '../core/types.js';
import { dedupeTextOf, rememberTextFeatures, textFeaturesOf, type TextFeatures } from '../dedupe/cross-source.js';
import { modelFeaturesOf, rememberSpamFacts, scoredSpamFactsOf, spamTextsOf, type SpamFacts } from '../filter/spam.js';
import { fingerprintOfFeatures, rememberFingerprint } from '../dedupe/duplicate-index.js';

export interface ItemAnalysis {
  spam: SpamFacts;
  text: TextFeatures;
  fingerprint: StoredFingerprint;
  /** The text classifier's feature buckets (filter/spam-model.ts), so the main thread only sums weights. */
  model: Uint32Array;
}

export function analyseItem(item: NormalisedItem): ItemAnalysis {
  const texts = spamTextsOf(item);
  const dedupeText = dedupeTextOf(item);
  const stream = [texts.body, texts.summary, texts.content].find((candidate) => candidate.stream.text === dedupeText)?.stream;
  const text = textFeaturesOf(item, stream ? { title: texts.title.stream, text: stream } : undefined);
  return { spam: scoredSpamFactsOf(item, texts), text, fingerprint: fingerprintOfFeatures(text), model: modelFeaturesOf(item, texts) };
}

/** Attach an analysis made elsewhere to this item object, so that ingest does not work it out again. */
export function rememberAnalysis(item: NormalisedItem, analysis: ItemAnalysis): void {
  rememberSpamFacts(item, analysis.spam, analysis.model);
  rememberTextFeatures(item, analysis.text);
  rememberFingerprint(analysis.text, analysis.fingerprint);
}
