/**
 * The one place a changed body becomes items ready for ingest: parse → normalise → (when asked)
 * each item's analysis. The parse pool runs it in-process or on a worker thread (parse-worker.ts);
 * either way the answer is plain data that crosses a thread boundary as it is.
 */
import { timeStage } from '../core/stage-clock.js';
import type { ParsedFeed } from '../core/types.js';
import { isStoredUnchanged } from '../dedupe/find-stored-item.js';
import { analyseItem, type ItemAnalysis } from '../dedupe/item-analysis.js';
import { normaliseFeedItems, type NormaliseOptions, type NormaliseResult } from '../normalise/normalise-item.js';
import { parseFeed, type ParseOptions } from './parse-feed.js';
import type { SpamModel } from '../filter/spam-model.js';

/** Normalise options, plus whether each item's analysis (spam facts, dedupe features) is worked out too. */
export interface PrepareOptions extends NormaliseOptions {
  analyse: boolean;
  /** Item key → content hash of what the source has stored: its items stored unchanged are only counted (isStoredUnchanged). */
  stored?: ReadonlyMap<string, string>;
  /** The classifier the run scores this feed's items with, its weights in shared memory (shareModel): the analyses then carry its verdicts. */
  model?: SpamModel;
}

/** A feed ready for ingest: the normalised items, and their analyses beside them when asked for. */
export interface PreparedFeed {
  /** Without its items: the normalised items carry everything ingest reads (and a worker's reply need not clone every body twice). */
  feed: ParsedFeed;
  normalised: NormaliseResult;
  /** `analyses[i]` is the analysis of `normalised.items[i]`; null when not asked for (ingest works out what it needs). */
  analyses: ItemAnalysis[] | null;
}

export function prepareFeed(body: Uint8Array, hints: ParseOptions, options: PrepareOptions): PreparedFeed {
  const feed = timeStage('parse', () => parseFeed(body, hints));
  const { stored } = options;
  const normalised = timeStage('normalise', () => normaliseFeedItems(feed, options, stored ? (item) => isStoredUnchanged(item, stored) : undefined));
  const { model } = options;
  const analyses = options.analyse ? timeStage('analysis', () => normalised.items.map((item) => analyseItem(item, model))) : null;
  return { feed: { ...feed, items: [] }, normalised, analyses };
}
