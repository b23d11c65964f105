/**
 * `feedloom explain`: every decision feedloom took about one item, from the store and the state
 * alone. Which sources carried it, its identity, the rule and spam decisions, tombstones, and for
 * each output whether it is there and, if not, why. The output membership is worked out with the
 * same selection the pipeline publishes with (selectOutputItems, buildDigest), not re-guessed.
 * Pure: config, state, items and `now` in.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { ItemDecision, StoreState, StoredItem } from '../core/types.js';
import { buildDigest } from '../digest/digest.js';
import { FEED_FILES } from '../emit/feed-model.js';
import { makeSlug } from '../emit/slug.js';
import { canonicalLink } from '../normalise/url.js';
import { compileBlocklist, isBlocked } from '../pipeline/blocklist.js';
import { selectOutputItems, sourceInfos } from '../pipeline/publish.js';
import type { ItemStore } from '../store/store.js';

export interface OutputVerdict {
  /** Path under out/ (a feed, the digest or a page), or a group like "category/world/ feeds". */
  output: string;
  included: boolean;
  /** Why it is or is not there. */
  reason: string;
}

export interface ItemExplanation {
  /** Printable item id, `<source>:<key>`, accepted by explain, block and approve. */
  id: string;
  item: StoredItem;
  sourceState: 'configured' | 'disabled' | 'not in the config';
  carriedBy: Array<{ sourceId: string; link: string | null; role: 'primary' | 'also carried' }>;
  duplicateOf: { id: string; sourceId: string } | null;
  spam: { held: boolean; approved: boolean; score: number; reasons: string[] } | null;
  blockedBy: string | null;
  decisions: ItemDecision[];
  outputs: OutputVerdict[];
}

export interface Explanation {
  query: string;
  items: ItemExplanation[];
  /** Decisions about items that were never stored (filtered or blocked on arrival) matching the query. */
  unstoredDecisions: ItemDecision[];
}

/** Tombstones by uid hold the store's NUL separator; people read and type `<source>:<key>`. */
export function printableTombstone(entry: string): string {
  return entry.replace(/\u0000/g, ':');
}

export function printableId(item: Pick<StoredItem, 'sourceId' | 'key'>): string {
  return `${item.sourceId}:${item.key}`;
}

/** Items matching an id (`source:key`, the raw uid, a key or a page slug) or a link (as given or canonical). */
export function findItems(query: string, items: ItemStore): StoredItem[] {
  const exact = items.get(query) ?? items.get(query.replace(':', '\u0000'));
  if (exact) return [exact];
  const canonical = canonicalLink(query);
  const found: StoredItem[] = [];
  for (const item of items.all()) {
    if (item.key === query || item.slug === query || item.link === query || item.canonicalLink === query || item.canonicalLink === canonical) found.push(item);
  }
  // The copy that is shown first, then the duplicates folded into it.
  return found.sort((a, b) => Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null));
}

export function explainItem(query: string, config: ResolvedConfig, state: StoreState, items: ItemStore, now: Date): Explanation {
  const matches = findItems(query, items);
  const decisions = state.decisions ?? [];
  const explained = matches.map((item) => explainOne(item, config, state, items, now, decisions));
  const canonical = canonicalLink(query);
  const claimed = new Set(explained.flatMap((entry) => entry.decisions));
  const unstoredDecisions = decisions.filter(
    (decision) =>
      !claimed.has(decision) &&
      (printableId(decision) === query || decision.key === query || decision.link === query || (decision.link !== null && canonicalLink(decision.link) === canonical)),
  );
  return { query, items: explained, unstoredDecisions };
}

function explainOne(item: StoredItem, config: ResolvedConfig, state: StoreState, items: ItemStore, now: Date, decisions: ItemDecision[]): ItemExplanation {
  const source = config.sources.find((entry) => entry.id === item.sourceId);
  const blocklist = compileBlocklist(state.blocked);
  const primary = item.duplicateOf ? items.get(item.duplicateOf) : undefined;
  const held = item.quarantine !== null && !item.approved;
  const match = blocklist.match(item, item.uid);
  const blockedBy = match === null ? null : printableTombstone(match);
  const carriedBy: ItemExplanation['carriedBy'] = [
    { sourceId: item.sourceId, link: item.link, role: 'primary' },
    ...item.alsoCarriedBy.filter((carrier) => carrier.sourceId !== item.sourceId).map((carrier) => ({ sourceId: carrier.sourceId, link: carrier.link, role: 'also carried' as const })),
  ];
  const excluded =
    !source ? `its source "${item.sourceId}" is no longer in the config`
    : !source.enabled ? `its source "${item.sourceId}" is disabled`
    : item.duplicateOf ? `folded as a duplicate into ${primary ? printableId(primary) : item.duplicateOf.replace('\u0000', ':')}, which is shown instead, crediting every source`
    : held ? `held in quarantine as likely spam (score ${item.quarantine!.score.toFixed(2)}: ${item.quarantine!.reasons.join(', ')}); \`feedloom approve\` releases it`
    : blockedBy ? `blocked by the tombstone "${blockedBy}"`
    : null;
  return {
    id: printableId(item),
    item,
    sourceState: !source ? 'not in the config' : source.enabled ? 'configured' : 'disabled',
    carriedBy,
    duplicateOf: item.duplicateOf ? { id: primary ? printableId(primary) : item.duplicateOf.replace('\u0000', ':'), sourceId: item.duplicateOf.split('\u0000')[0] } : null,
    spam: item.quarantine ? { held, approved: item.approved, score: item.quarantine.score, reasons: item.quarantine.reasons } : null,
    blockedBy,
    decisions: decisions.filter((decision) => (decision.sourceId === item.sourceId && decision.key === item.key) || (decision.link !== null && decision.link === item.link)),
    outputs: excluded ? allOutputs(config, item, excluded) : outputVerdicts(item, config, state, items, blocklist, now),
  };
}

/** Every output the item could appear in, each with the same reason for its absence. */
function allOutputs(config: ResolvedConfig, item: StoredItem, reason: string): OutputVerdict[] {
  const outputs = [feedGroup(config, ''), 'recent.html, recent.md, recent.json'];
  if (config.output.pages) outputs.push('posts/ pages and index pages');
  return outputs.map((output) => ({ output, included: false, reason }));
}

function outputVerdicts(item: StoredItem, config: ResolvedConfig, state: StoreState, items: ItemStore, blocklist: ReturnType<typeof compileBlocklist>, now: Date): OutputVerdict[] {
  const limit = config.output.items;
  const enabled = config.sources.filter((source) => source.enabled);
  const verdicts: OutputVerdict[] = [];
  const rankIn = (sourceIds: string[]) =>
    items
      .newest({ limit: items.count(), sourceIds })
      .filter((other) => !isBlocked(blocklist, other))
      .findIndex((other) => other.uid === item.uid);
  const placed = (rank: number) =>
    rank === -1
      ? { included: false, reason: 'not among the items this feed selects' }
      : rank < limit
        ? { included: true, reason: `number ${rank + 1} of at most ${limit} (output.items)` }
        : { included: false, reason: `number ${rank + 1} by date, beyond the ${limit} newest (output.items)` };
  verdicts.push({ output: feedGroup(config, ''), ...placed(rankIn(enabled.map((source) => source.id))) });
  const outputItems = selectOutputItems(config, items, blocklist);

  // A folded story belongs to the categories of every source that carried it (emit/publish.ts).
  const carriers = new Set([item.sourceId, ...item.alsoCarriedBy.map((carrier) => carrier.sourceId)]);
  const names = [...new Set(enabled.flatMap((source) => source.categories))].sort();
  const taken = new Set<string>();
  for (const name of names) {
    const slug = makeSlug(name, 'category', taken);
    const members = enabled.filter((source) => source.categories.includes(name));
    if (!members.some((source) => carriers.has(source.id))) continue;
    const output = feedGroup(config, `category/${slug}/`);
    const selected = outputItems.filter((other) =>
      [other.sourceId, ...other.alsoCarriedBy.map((carrier) => carrier.sourceId)].some((id) => members.some((source) => source.id === id)),
    );
    const rank = selected.findIndex((other) => other.uid === item.uid);
    verdicts.push({ output, ...placed(rank === -1 ? rankIn(members.map((source) => source.id)) : rank) });
  }

  const inOutputs = outputItems.some((other) => other.uid === item.uid);
  const { size, perSourceCap } = config.output.digest;
  const digest = buildDigest(outputItems, sourceInfos(config, state), { ...config.output.digest, now });
  // Digest entries carry the item's stored slug, unique in the store; an item without one is matched by title.
  const inDigest = digest.some((entry) => (item.slug ? entry.slug === item.slug : entry.title === item.title));
  verdicts.push({
    output: 'recent.html, recent.md, recent.json',
    included: inOutputs && inDigest,
    reason: inOutputs && inDigest ? `among the ${size} newest posts` : `not among the ${size} newest posts (at most ${perSourceCap} per source, output.digest)`,
  });
  if (config.output.pages) {
    verdicts.push({
      output: item.slug ? `posts/${item.slug}.html` : 'posts/ page',
      included: inOutputs,
      reason: inOutputs ? 'every item of the feeds gets a page' : 'only items in the combined or a category feed get a page',
    });
  }
  return verdicts;
}

function feedGroup(config: ResolvedConfig, dir: string): string {
  return config.output.formats.map((format) => dir + FEED_FILES[format]).join(', ');
}
