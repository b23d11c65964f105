/**
 * Choose what the outputs show and write them: the newest items overall and per category, without
 * held spam, folded duplicates, disabled sources or tombstoned items.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { SourceState, StoreState, StoredItem } from '../core/types.js';
import type { OutputFile, SourceInfo } from '../core/types.js';
import { renderOutputs, writeOutputs } from '../emit/render-outputs.js';
import type { ItemStore } from '../store/store.js';
import { isBlocked, type Blocklist } from './blocklist.js';
import { isPublishableFeedUrl } from '../opml/public-sources.js';

export interface PublishSummary {
  written: string[];
  unchanged: number;
  removed: string[];
}

export function sourceInfos(config: ResolvedConfig, state: StoreState): Map<string, SourceInfo> {
  const infos = new Map<string, SourceInfo>();
  for (const source of config.sources) {
    const sourceState = state.sources[source.id];
    infos.set(source.id, {
      id: source.id,
      title: source.title ?? sourceState?.title ?? source.id,
      link: sourceState?.siteLink ?? null,
      feedUrl: publicFeedUrl(config, source, sourceState),
      categories: source.categories,
    });
  }
  return infos;
}

/** Ask for a little more than a feed shows, so tombstoned items do not leave it short. */
const TOMBSTONE_SLACK = 20;

/**
 * The source sets the outputs draw from: every enabled source (the combined feeds), then each
 * category's. With how many newest items of each, this is all that publishing reads of the store.
 */
export function outputSourceSets(config: ResolvedConfig): { sets: string[][]; limit: number } {
  const enabled = config.sources.filter((source) => source.enabled);
  const sets = [enabled.map((source) => source.id)];
  for (const category of new Set(enabled.flatMap((source) => source.categories))) {
    sets.push(enabled.filter((source) => source.categories.includes(category)).map((source) => source.id));
  }
  return { sets, limit: config.output.items + TOMBSTONE_SLACK };
}

/** Items for the combined feeds and for every category, newest first, each listed once. */
export function selectOutputItems(config: ResolvedConfig, items: ItemStore, blocklist: Blocklist): StoredItem[] {
  const { sets, limit } = outputSourceSets(config);
  const chosen = new Map<string, StoredItem>();
  for (const sourceIds of sets) {
    const candidates = items.newest({ limit, sourceIds });
    for (const item of candidates.filter((one) => !isBlocked(blocklist, one)).slice(0, config.output.items)) chosen.set(item.uid, item);
  }
  return [...chosen.values()].sort((a, b) => b.date.localeCompare(a.date) || a.uid.localeCompare(b.uid));
}

export async function publish(
  config: ResolvedConfig,
  items: ItemStore,
  state: StoreState,
  blocklist: Blocklist,
  now: Date,
  extraFiles: OutputFile[] = [],
): Promise<PublishSummary> {
  const outputItems = selectOutputItems(config, items, blocklist);
  const files = renderOutputs({ items: outputItems, sources: sourceInfos(config, state), config, now });
  return writeOutputs(config.outDir, [...files, ...extraFiles]);
}

/**
 * The URL a public output names as a source's feed: its fetch URL, unless that is a local file,
 * carries credentials or is on the operator's intranet (issue 14). Then none: the site's home page
 * is not its feed, and a JSON Feed `feed_url` or an RSS `<source url>` saying so would mislead
 * (issue 15, item 11); the credit still links the home page.
 */
function publicFeedUrl(config: ResolvedConfig, source: ResolvedConfig['sources'][number], state: SourceState | undefined): string | null {
  const fetchUrl = state?.fetchUrl ?? source.url;
  return !source.isFile && isPublishableFeedUrl(fetchUrl, source, state, config.fetch.allow) ? fetchUrl : null;
}
