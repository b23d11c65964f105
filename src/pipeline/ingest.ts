/**
 * One parsed feed into the item store: normalise, apply the operator's rules and tombstones, match
 * identity (updates replace, unchanged items cost nothing), score spam, fold cross-source
 * duplicates. Works on the staged ItemStore; the single durable write happens at the end of the run.
 */
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import type { ItemDecision, NormalisedItem, ParsedFeed, StoredItem } from '../core/types.js';
import { findCrossSourceDuplicate, foldDuplicate, rememberTextFeatures, textFeaturesOf } from '../dedupe/cross-source.js';
import { findStoredItem, type StoredLookup } from '../dedupe/find-stored-item.js';
import { newItemSlug } from '../emit/slug.js';
import { applyRules, type RuleSet } from '../filter/rules.js';
import type { SpamModel } from '../filter/spam-model.js';
import { buildSourceProfile, profileFactsOf, scoreSpam } from '../filter/spam.js';
import { effectiveDate, normaliseFeedItems, type NormaliseResult } from '../normalise/normalise-item.js';
import { itemUid, type ItemStore } from '../store/store.js';
import type { Blocklist } from './blocklist.js';
import { storedFingerprintOf, type DuplicateIndex } from '../dedupe/duplicate-index.js';
import { timeStage } from '../core/stage-clock.js';

export interface IngestCounts {
  new: number;
  updated: number;
  unchanged: number;
  filtered: number;
  duplicate: number;
  quarantined: number;
  capped: number;
}

export interface IngestContext {
  items: ItemStore;
  config: ResolvedConfig;
  source: ResolvedSource;
  now: Date;
  ruleSets: RuleSet[];
  blocklist: Blocklist;
  priorityOf: (sourceId: string) => number;
  takenSlugs: () => Set<string>;
  /** The run's index of stored items by duplicate keys; without it every item of the window is compared. */
  candidates?: DuplicateIndex;
  decisions: ItemDecision[];
  /** The text classifier, loaded on the first new item to score (none: SPAM_MODEL stays 0). */
  spamModel?: () => SpamModel;
}

export function emptyCounts(): IngestCounts {
  return { new: 0, updated: 0, unchanged: 0, filtered: 0, duplicate: 0, quarantined: 0, capped: 0 };
}

/** `prepared`: the feed's items already normalised (by a parse worker) with the same options. */
export function ingestFeed(feed: ParsedFeed, context: IngestContext, prepared?: NormaliseResult): { counts: IngestCounts; warnings: string[] } {
  const { items, config, source, now } = context;
  const counts = emptyCounts();
  const normalised =
    prepared ??
    timeStage('normalise', () =>
      normaliseFeedItems(feed, {
        sourceId: source.id,
        now,
        limits: config.limits,
        excerptLength: config.output.digest.excerptLength,
        maxItemsPerFetch: config.fetch.maxItemsPerFetch,
      }),
    );
  counts.capped = normalised.capped;
  const at = now.toISOString();
  let profile: ReturnType<typeof buildSourceProfile> | null = null;
  const lookup = storedLookupOf(items, source.id);

  for (const item of normalised.items) {
    const match = findStoredItem(item, lookup);
    // A reused guid is stored under its new key from here on (the decision, the blocklist, the uid).
    item.key = match.key;
    const existing = match.stored;
    if (existing && existing.contentHash === item.contentHash) {
      counts.unchanged += 1;
      continue;
    }
    const blockedBy = context.blocklist.match(item, existing?.uid ?? itemUid(source.id, item.key));
    if (blockedBy) {
      context.decisions.push(decision(item, at, 'blocked', `blocked by tombstone ${blockedBy}`));
      counts.filtered += 1;
      continue;
    }
    const verdict = applyRules(item, context.ruleSets);
    if (!verdict.kept) {
      context.decisions.push(decision(item, at, 'filtered', verdict.reason ?? 'filtered'));
      counts.filtered += 1;
      continue;
    }
    if (existing) {
      put(withItemCaches(updatedItem(existing, item), item, config.spam.enabled && source.spam), context);
      counts.updated += 1;
      continue;
    }
    const spamOn = config.spam.enabled && source.spam;
    const stored = timeStage('analysis', () => withItemCaches(newStoredItem(item, at, context), item, spamOn));
    if (spamOn) {
      // Stored items plus this fetch: on a source's first fetch the profile still knows its usual
      // domains and language, so the seed's casino post is caught the first time it appears.
      profile ??= timeStage('analysis', () => profileOf(items, source.id, normalised.items, feed.link));
      const spam = timeStage('analysis', () => scoreSpam(item, profile!, config.spam, context.spamModel?.()));
      if (spam.held) {
        stored.quarantine = { score: spam.score, reasons: spam.reasons };
        counts.quarantined += 1;
      }
    }
    counts.new += 1;
    // Folding stores both copies itself (the newcomer may become the primary).
    if (stored.quarantine === null && timeStage('dedupe', () => foldCrossSource(stored, context))) {
      counts.duplicate += 1;
      continue;
    }
    put(stored, context);
  }
  return { counts, warnings: normalised.warnings };
}

/**
 * The stored record (a new object) takes over the text features made for, or shipped with, the
 * normalised item, and keeps its body fingerprint and profile facts for later runs.
 */
function withItemCaches(stored: StoredItem, item: NormalisedItem, spamOn: boolean): StoredItem {
  rememberTextFeatures(stored, textFeaturesOf(item));
  stored.fingerprint = storedFingerprintOf(stored);
  stored.profileFacts = spamOn ? profileFactsOf(item) : undefined;
  return stored;
}

/**
 * The source's profile from its stored items (not held) and this fetch's items that are not stored
 * yet: each item counts once, and only the new ones need their body read (issue 7: a changed feed
 * of 50 known items and 5 new ones re-read all 55 bodies).
 */
function profileOf(items: ItemStore, sourceId: string, fetched: NormalisedItem[], feedLink: string | null): ReturnType<typeof buildSourceProfile> {
  const stored = items.bySource(sourceId);
  const storedUids = new Set(stored.map((item) => item.uid));
  return buildSourceProfile(
    [...stored.filter((other) => other.quarantine === null || other.approved), ...fetched.filter((item) => !storedUids.has(itemUid(sourceId, item.key)))],
    feedLink,
  );
}

function storedLookupOf(items: ItemStore, sourceId: string): StoredLookup {
  return { byKey: (key) => items.get(itemUid(sourceId, key)), byCanonicalLink: (link) => items.byCanonicalLink(link) };
}

/** Every put of a run goes through here, so that the duplicate index sees what the store holds. */
function put(item: StoredItem, context: IngestContext): void {
  timeStage('store', () => context.items.put(item));
  if (context.candidates) timeStage('dedupe', () => context.candidates!.update(item));
}

function updatedItem(existing: StoredItem, item: NormalisedItem): StoredItem {
  return {
    ...existing,
    ...item,
    key: existing.key,
    uid: existing.uid,
    firstSeenAt: existing.firstSeenAt,
    lastSeenAt: item.fetchedAt,
    date: effectiveDate(item.published ?? item.updated, existing.firstSeenAt),
    quarantine: existing.quarantine,
    approved: existing.approved,
    duplicateOf: existing.duplicateOf,
    alsoCarriedBy: existing.alsoCarriedBy,
    slug: existing.slug,
  };
}

function newStoredItem(item: NormalisedItem, at: string, context: IngestContext): StoredItem {
  const slug = newItemSlug(item.title, itemUid(item.sourceId, item.key), context.takenSlugs());
  return firstStoredForm(item, at, slug);
}

/** What a new item is stored as, first seen at `at`: not held, not folded, carried by no other source. */
export function firstStoredForm(item: NormalisedItem, at: string, slug: string | null): StoredItem {
  return {
    ...item,
    uid: itemUid(item.sourceId, item.key),
    firstSeenAt: at,
    lastSeenAt: at,
    date: effectiveDate(item.published ?? item.updated, at),
    quarantine: null,
    approved: false,
    duplicateOf: null,
    alsoCarriedBy: [],
    slug,
  };
}

/** Returns true when the item was folded with another source's copy of the same story (both stored). */
function foldCrossSource(stored: StoredItem, context: IngestContext): boolean {
  const windowMs = context.config.dedupe.windowHours * 3_600_000;
  const time = Date.parse(stored.date);
  const candidates = new Map<string, StoredItem>();
  const nearby = context.candidates
    ? context.candidates.candidatesFor(stored)
    : [
        ...(stored.canonicalLink ? context.items.byCanonicalLink(stored.canonicalLink) : []),
        ...context.items.inWindow(new Date(time - windowMs).toISOString(), new Date(time + windowMs).toISOString()),
      ];
  for (const other of nearby) {
    if (other.sourceId !== stored.sourceId && other.duplicateOf === null && (other.quarantine === null || other.approved)) candidates.set(other.uid, other);
  }
  if (candidates.size === 0) return false;
  const match = findCrossSourceDuplicate(stored, [...candidates.values()], {
    windowHours: context.config.dedupe.windowHours,
    titleSimilarity: context.config.dedupe.titleSimilarity,
    membersOf: (primary) => primary.alsoCarriedBy.flatMap((carrier) => context.items.get(itemUid(carrier.sourceId, carrier.itemKey)) ?? []),
  });
  if (!match) return false;
  const { primary, secondary } = foldDuplicate(match.match, stored, context.priorityOf);
  put(primary, context);
  put(secondary, context);
  // When the newcomer wins, copies folded earlier into the old primary must follow it.
  for (const carrier of primary.alsoCarriedBy) {
    const uid = itemUid(carrier.sourceId, carrier.itemKey);
    const folded = uid === secondary.uid ? undefined : context.items.get(uid);
    if (folded && folded.duplicateOf !== primary.uid) put({ ...folded, duplicateOf: primary.uid }, context);
  }
  return true;
}

function decision(item: NormalisedItem, at: string, kind: ItemDecision['decision'], reason: string): ItemDecision {
  return { at, sourceId: item.sourceId, key: item.key, link: item.link, title: item.title, decision: kind, reason };
}
