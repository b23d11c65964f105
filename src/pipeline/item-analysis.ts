/**
 * What spam scoring and duplicate detection read from one item by itself, as plain data that can
 * cross a thread boundary: a parse worker works it out beside the parsing, and the main thread,
 * which only has to look up, compare and store, remembers it for the item (issue 7).
 */
import type { NormalisedItem, StoredFingerprint } from '../core/types.js';
import { rememberTextFeatures, textFeaturesOf, type TextFeatures } from '../dedupe/cross-source.js';
import { rememberSpamFacts, scoredSpamFactsOf, type SpamFacts } from '../filter/spam.js';
import { fingerprintOfFeatures, rememberFingerprint } from '../dedupe/duplicate-index.js';

export interface ItemAnalysis {
  spam: SpamFacts;
  text: TextFeatures;
  fingerprint: StoredFingerprint;
}

export function analyseItem(item: NormalisedItem): ItemAnalysis {
  const text = textFeaturesOf(item);
  return { spam: scoredSpamFactsOf(item), text, fingerprint: fingerprintOfFeatures(text) };
}

/** Attach an analysis made elsewhere to this item object, so that ingest does not work it out again. */
export function rememberAnalysis(item: NormalisedItem, analysis: ItemAnalysis): void {
  rememberSpamFacts(item, analysis.spam);
  rememberTextFeatures(item, analysis.text);
  rememberFingerprint(analysis.text, analysis.fingerprint);
}
