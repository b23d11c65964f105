/**
 * One prepared feed (parsed and normalised, parse/prepare-feed.ts) into the item store: apply the
 * operator's rules and tombstones, match identity (updates replace, unchanged items cost nothing), score spam, fold cross-source
 * duplicates. Works on the staged ItemStore; the single durable write happens at the end of the run.
 */
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import type { ItemDecision, NormalisedItem, StoredFingerprint, StoredItem } from '../core/types.js';
import { findCrossSourceDuplicate, foldDuplicate, textFeaturesOf, unpackTextFeatures, type TextFeatures } from '../dedupe/cross-source.js';
import { findStoredItem, type StoredLookup } from '../dedupe/find-stored-item.js';
import { newItemSlug } from '../emit/slug.js';
import { applyRules, type RuleSet } from '../filter/rules.js';
import type { SpamModel } from '../filter/spam-model.js';
import { buildSourceProfile, profileFactsOf, scoreSpam, spamFactsOf, type AnalysedSpamFacts, type ProfileItem, type SpamFacts } from '../filter/spam.js';
import { effectiveDate } from '../normalise/normalise-item.js';
import type { PreparedFeed } from '../parse/prepare-feed.js';
import type { ItemAnalysis } from '../dedupe/item-analysis.js';
import { buildStoredFingerprint } from '../dedupe/stored-fingerprint.js';
import { itemUid, type ItemStore } from '../store/store.js';
import type { Blocklist } from './blocklist.js';
import type { DuplicateIndex } from '../dedupe/duplicate-index.js';
import { timeStage } from '../core/stage-clock.js';
import { emptyCounts, type IngestCounts } from './ingest-counts.js';


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
  /** The items' text features where the caller has read them already, by position in the feed (the shared cycle's snapshot plan). */
  textFeatures?: readonly TextFeatures[];
}

export function ingestFeed(prepared: PreparedFeed, context: IngestContext): { counts: IngestCounts; warnings: string[] } {
  const { items, config, source, now } = context;
  const { feed, normalised } = prepared;
  const counts = emptyCounts();
  counts.capped = normalised.capped;
  // Items the source has stored unchanged were left out by the parse stage (PrepareOptions.stored).
  counts.unchanged = normalised.unchanged;
  const at = now.toISOString();
  const spamOn = config.spam.enabled && source.spam;
  const facts = new FetchedItemFacts(normalised.items, prepared.analyses, context.textFeatures);
  let profile: ReturnType<typeof buildSourceProfile> | null = null;
  const lookup = storedLookupOf(items, source.id);

  normalised.items.forEach((item, index) => {
    const match = findStoredItem(item, lookup);
    // A reused guid is stored under its new key from here on (the decision, the blocklist, the uid).
    item.key = match.key;
    const existing = match.stored;
    if (existing && existing.contentHash === item.contentHash) {
      counts.unchanged += 1;
      return;
    }
    const blockedBy = context.blocklist.match(item, existing?.uid ?? itemUid(source.id, item.key));
    if (blockedBy) {
      context.decisions.push(decision(item, at, 'blocked', `blocked by tombstone ${blockedBy}`));
      counts.filtered += 1;
      return;
    }
    const verdict = applyRules(item, context.ruleSets);
    if (!verdict.kept) {
      context.decisions.push(decision(item, at, 'filtered', verdict.reason ?? 'filtered'));
      counts.filtered += 1;
      return;
    }
    if (existing) {
      put(withBodyFacts(updatedItem(existing, item), item, index, facts, spamOn), context, facts.text(index));
      counts.updated += 1;
      return;
    }
    const stored = timeStage('analysis', () => withBodyFacts(newStoredItem(item, at, context), item, index, facts, spamOn));
    if (spamOn) {
      // Stored items plus this fetch: on a source's first fetch the profile still knows its usual
      // domains and language, so the seed's casino post is caught the first time it appears.
      profile ??= timeStage('analysis', () => profileOf(items, source.id, normalised.items, facts, feed.link));
      const spam = timeStage('analysis', () => scoreSpam(item, profile!, config.spam, context.spamModel?.(), facts.scoring(index)));
      if (spam.held) {
        stored.quarantine = { score: spam.score, reasons: spam.reasons };
        counts.quarantined += 1;
      }
    }
    counts.new += 1;
    // Folding stores both copies itself (the newcomer may become the primary).
    if (stored.quarantine === null && timeStage('dedupe', () => foldCrossSource(stored, facts.text(index), context))) {
      counts.duplicate += 1;
      return;
    }
    put(stored, context, facts.text(index));
  });
  return { counts, warnings: normalised.warnings };
}

/**
 * What ingest reads from the bodies of one fetch's items, each part worked out at most once: taken
 * from the item's analysis when a parse worker made one, else read from the item when first needed
 * (an unchanged item costs nothing). By position in the fetch, for this feed only.
 */
class FetchedItemFacts {
  private readonly texts: (TextFeatures | undefined)[];
  private readonly spams: (SpamFacts | undefined)[] = [];
  constructor(
    private readonly items: NormalisedItem[],
    private readonly analyses: ItemAnalysis[] | null,
    texts: readonly TextFeatures[] = [],
  ) {
    this.texts = [...texts];
  }

  text(index: number): TextFeatures {
    if (this.texts[index] === undefined) {
      const packed = this.analyses?.[index].text;
      this.texts[index] = packed ? unpackTextFeatures(packed) : textFeaturesOf(this.items[index]);
    }
    return this.texts[index];
  }

  spam(index: number): SpamFacts {
    return (this.spams[index] ??= this.analyses?.[index].spam ?? spamFactsOf(this.items[index]));
  }

  fingerprint(index: number): StoredFingerprint {
    return this.analyses?.[index].fingerprint ?? buildStoredFingerprint(this.text(index));
  }

  /** What scoreSpam reads: the classifier's verdict or features when the analysis has them (else scoreSpam reads them). */
  scoring(index: number): AnalysedSpamFacts {
    const analysis = this.analyses?.[index];
    return { spam: this.spam(index), model: analysis?.model, verdict: analysis?.verdict };
  }
}

/** The stored record (a new object) keeps the body fingerprint and profile facts of its item, for later runs. */
function withBodyFacts(stored: StoredItem, item: NormalisedItem, index: number, facts: FetchedItemFacts, spamOn: boolean): StoredItem {
  stored.fingerprint = facts.fingerprint(index);
  stored.profileFacts = spamOn ? profileFactsOf(item, facts.spam(index)) : undefined;
  return stored;
}

/**
 * The source's profile from its stored items (not held) and this fetch's items that are not stored
 * yet: each item counts once, and only the new ones need their body read (issue 7: a changed feed
 * of 50 known items and 5 new ones re-read all 55 bodies).
 */
function profileOf(items: ItemStore, sourceId: string, fetched: NormalisedItem[], facts: FetchedItemFacts, feedLink: string | null): ReturnType<typeof buildSourceProfile> {
  const stored = items.profilesBySource(sourceId);
  const storedUids = new Set(stored.map((row) => row.uid));
  const unstored = fetched.flatMap((item, index) => (storedUids.has(itemUid(sourceId, item.key)) ? [] : [{ ...item, profileFacts: profileFactsOf(item, facts.spam(index)) }]));
  const kept = stored.flatMap((row): ProfileItem[] => (row.held ? [] : [row.profileFacts ? { link: null, content: null, summary: null, language: null, profileFacts: row.profileFacts } : row.item!]));
  return buildSourceProfile([...kept, ...unstored], feedLink);
}

function storedLookupOf(items: ItemStore, sourceId: string): StoredLookup {
  return { byKey: (key) => items.get(itemUid(sourceId, key)), byCanonicalLink: (link) => items.byCanonicalLink(link) };
}

/** Every put of a run goes through here, so that the duplicate index sees what the store holds (`features`: the item's, when at hand). */
function put(item: StoredItem, context: IngestContext, features?: TextFeatures): void {
  timeStage('store', () => context.items.put(item));
  if (context.candidates) timeStage('dedupe', () => context.candidates!.update(item, features));
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
  // Every field listed, in normaliseItem's order (the stored JSON's key order), where a spread of
  // the item took ~10 µs an item and this takes under 1 µs: first storing is on the main thread for
  // every new item (issue 11). `satisfies` makes a field added to the item types a compile error
  // here until it is listed (the fingerprint and profile facts are added by ingest).
  return {
    id: item.id,
    title: item.title,
    link: item.link,
    published: item.published,
    updated: item.updated,
    author: item.author,
    categories: item.categories,
    summary: item.summary,
    content: item.content,
    enclosures: item.enclosures,
    rights: item.rights,
    thumbnail: item.thumbnail,
    key: item.key,
    sourceId: item.sourceId,
    canonicalLink: item.canonicalLink,
    excerpt: item.excerpt,
    contentHash: item.contentHash,
    fetchedAt: item.fetchedAt,
    date: effectiveDate(item.published ?? item.updated, at),
    language: item.language,
    uid: itemUid(item.sourceId, item.key),
    firstSeenAt: at,
    lastSeenAt: at,
    quarantine: null,
    approved: false,
    duplicateOf: null,
    alsoCarriedBy: [],
    slug,
  } satisfies Record<Exclude<keyof StoredItem, 'fingerprint' | 'profileFacts'>, unknown>;
}

/** Returns true when the item was folded with another source's copy of the same story (both stored). */
function foldCrossSource(stored: StoredItem, features: TextFeatures, context: IngestContext): boolean {
  const windowMs = context.config.dedupe.windowHours * 3_600_000;
  const time = Date.parse(stored.date);
  const candidates = new Map<string, StoredItem>();
  const nearby = context.candidates
    ? context.candidates.candidatesFor(stored, features)
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
    // The run's index keeps what it was given and what it read; without one, only the newcomer's are at hand.
    featuresOf: context.candidates ? (item) => context.candidates!.featuresOf(item) : (item) => (item === stored ? features : textFeaturesOf(item)),
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
