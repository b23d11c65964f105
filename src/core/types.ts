/**
 * Plain data types that flow between the stages. Nothing here does I/O.
 *
 * fetch → FetchResult (bytes + validators)
 * parse → ParsedFeed (the docs/parse-json.md shape plus feed hints, rights and thumbnails)
 * normalise → NormalisedItem (pipeline item: canonical link, excerpt, hashes)
 * filter/dedupe → decisions attached to items
 * store → StoredItem + SourceState (kept apart: state is small and read every run)
 * emit/digest → files in out/
 */

export type FeedFormat = 'rss0.9x' | 'rss1.0' | 'rss2.0' | 'atom0.3' | 'atom1.0' | 'json1.0' | 'json1.1';

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** One item exactly as CONTRACT.md defines it (what `feedloom parse --json` prints). */
export interface ParsedItem {
  id: string | null;
  title: string | null;
  link: string | null;
  /** ISO-8601 UTC with milliseconds, or null. */
  published: string | null;
  updated: string | null;
  author: string | null;
  categories: string[];
  /** Sanitised HTML. */
  summary: string | null;
  /** Sanitised HTML. */
  content: string | null;
  enclosures: Enclosure[];
  /**
   * The publisher's copyright notice as plain text: the entry's own (Atom rights, dc:rights,
   * media:copyright), else the feed's (RSS copyright, Atom rights), which RFC 4287 §4.2.10 says
   * applies to every entry without one. Not printed by `parse --json` (the contract is fixed);
   * optional because items stored before it existed lack it.
   */
  rights?: string | null;
  /** Absolute URL of the item's media:thumbnail (RSS/Atom) or JSON Feed `image`; not in the contract either. */
  thumbnail?: string | null;
}

/** What a response's caching headers say about when to ask again (fetch reads them, schedule uses them). */
export interface CacheHints {
  /** Freshness left according to Cache-Control max-age minus Age; 0 for no-cache/no-store. */
  maxAgeMs: number | null;
  /** The Expires header as ISO, when it is a valid date. */
  expiresAt: string | null;
}

/** Hints a feed gives about how often to poll it (RSS ttl, skipHours/skipDays, sy:*). */
export interface PollingHints {
  ttlMinutes: number | null;
  /** Hours (0–23, GMT) during which the feed asks not to be polled. */
  skipHours: number[];
  /** Day names (Monday…Sunday) during which the feed asks not to be polled. */
  skipDays: string[];
  /** sy:updatePeriod: hourly | daily | weekly | monthly | yearly. */
  updatePeriod: string | null;
  updateFrequency: number | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site's (HTML) link, absolute. */
  link: string | null;
  items: ParsedItem[];
  /** Extra feed-level data the contract does not print. */
  description: string | null;
  language: string | null;
  hints: PollingHints;
  /** Recoverable problems met while reading (feedparser's "bozo"): wrong charset, ill-formed XML… */
  warnings: string[];
}

/** An item after normalisation: what filter, dedupe and store work on. */
export interface NormalisedItem extends ParsedItem {
  /** Identity within the source: guid/id, else canonical link, else hash of title+date. */
  key: string;
  sourceId: string;
  /** Link with tracking parameters and fragments removed, redirect wrappers unwrapped. */
  canonicalLink: string | null;
  /** Plain text, cut at a word boundary to the configured length, ending in "…" when cut. */
  excerpt: string;
  /** Hash of the fields a reader sees; a change means "updated". */
  contentHash: string;
  /** When this run fetched it (ISO). */
  fetchedAt: string;
  /** Effective date for ordering: published, else updated, else first seen. */
  date: string;
  /** Language detected from the text (ISO 639-1 or a script name), for spam checks. */
  language: string | null;
}

export interface SpamVerdict {
  score: number;
  /** Stable reason codes, e.g. SPAM_FOREIGN_DOMAIN, SPAM_LANGUAGE_MISMATCH, SPAM_GAMBLING. */
  reasons: string[];
}

/** One source that carried a story (cross-source duplicates credit every one). */
export interface Carrier {
  sourceId: string;
  itemKey: string;
  link: string | null;
  title: string | null;
}

export interface StoredItem extends NormalisedItem {
  /** Globally unique store key: `${sourceId}\u0000${key}` (see store/keys.ts). */
  uid: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Set when the spam filter held the item; null when clean or approved. */
  quarantine: SpamVerdict | null;
  approved: boolean;
  /** uid of the primary copy when this item was folded into another source's story. */
  duplicateOf: string | null;
  /** On a primary: the other sources that carried the same story. */
  alsoCarriedBy: Carrier[];
  /** Stable, readable page slug (issue 6 pages). */
  slug: string | null;
  /**
   * What the cross-source duplicate index files the body under, kept so that a later run need not
   * re-read the body of every stored item in its window (issue 7). Absent on items stored before
   * it existed; they are read as before.
   */
  fingerprint?: StoredFingerprint;
  /** What the spam profile of its source reads from this item, kept for the same reason. */
  profileFacts?: ProfileFacts;
}

export interface ProfileFacts {
  /** Registrable domains of the item's link and of the links in its body. */
  domains: string[];
  language: string | null;
  /** Spam subjects (reason codes such as SPAM_GAMBLING) the body touches. */
  topics: string[];
}

/** Built, read and checked by dedupe/stored-fingerprint.ts, its one owner. */
export interface StoredFingerprint {
  /** FINGERPRINT_VERSION when written; absent on fingerprints written before it existed (version 1). */
  version?: number;
  /** 64-bit SimHash of the body, 16 hex digits. */
  simhash: string;
  /** Words in the body. */
  words: number;
  /** The body's shingle hashes the index files it under (uint32, little-endian), base64. */
  shingles: string;
}

export type SourceStatus =
  | 'new'
  | 'ok'
  | 'not-modified'
  | 'failing'
  | 'rate-limited'
  | 'needs-operator'
  | 'moved'
  | 'gone'
  | 'dead';

export interface SourceError {
  code: string;
  message: string;
  at: string;
}

export interface RedirectRecord {
  from: string;
  to: string;
  status: number;
  at: string;
}

/** Per-source fetch state. Small, read every run, written every run; never mixed with items. */
export interface SourceState {
  id: string;
  /** URL actually fetched (differs from config after a confirmed permanent redirect). */
  fetchUrl: string;
  configUrl: string;
  status: SourceStatus;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last body, to spot a 200 that is byte-identical (servers ignoring validators). */
  bodyHash: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: SourceError | null;
  consecutiveFailures: number;
  firstFailureAt: string | null;
  nextDueAt: string | null;
  /** Permanent redirect seen on the last fetch, waiting for confirmation on the next. */
  pendingRedirect: string | null;
  redirects: RedirectRecord[];
  title: string | null;
  siteLink: string | null;
  hints: PollingHints | null;
  warnings: string[];
  stats: SourceStats;
  /** A feed found on the site (siteLink) after a healthy feed began answering 404, proposed by `status`. */
  discovered?: string | null;
  /** Items stored and posted per week (last 4 weeks), as of the last run that loaded the items. */
  items?: { stored: number; perWeek: number };
  /** The process that fetched it last (`host:pid`), kept when several share a postgres store. */
  fetchedBy?: string;
  /** The last connection found a non-public address that fetch.allow admitted: an intranet feed, kept out of the public source list. */
  privateAddress?: boolean;
}

export interface SourceStats {
  polls: number;
  notModified: number;
  unchanged: number;
  bytesFetched: number;
  /** Estimated bytes a 304/unchanged answer saved (size of the last full body). */
  bytesSaved: number;
  lastBodyBytes: number;
  /** Recent fetch durations in ms (bounded ring), for median fetch time. */
  fetchMs: number[];
}

export interface HealthEvent {
  at: string;
  sourceId: string;
  kind: 'failing' | 'recovered' | 'moved' | 'gone' | 'dead' | 'rate-limited' | 'needs-operator';
  message: string;
}

/** Everything the store keeps besides items: per-source state and operator decisions. */
export interface StoreState {
  schemaVersion: number;
  sources: Record<string, SourceState>;
  /** Tombstones from `feedloom block`: uids, links or patterns kept out for good. */
  blocked: string[];
  health: HealthEvent[];
  lastRun: RunSummary | null;
  /** Hash of everything outputs depend on besides items (config, templates, version): a change re-emits. */
  emitKey?: string | null;
  /**
   * Set (durably) before the items are written and cleared once the outputs are: a run killed in
   * between leaves it set, and the next run re-emits even though no item changes then.
   */
  emitPending?: boolean;
  /** Last time retention ran; it runs at most daily when no items were loaded otherwise. */
  lastPruneAt?: string | null;
  /** Recent filter/quarantine decisions on items that were not stored, for `explain` (bounded). */
  decisions?: ItemDecision[];
  /** Items the operator approved (ham) or blocked (spam), taught to the text classifier (bounded). */
  spamLessons?: SpamLesson[];
}

export interface SpamLesson {
  label: 'spam' | 'ham';
  title: string | null;
  text: string | null;
}

export interface ItemDecision {
  at: string;
  sourceId: string;
  key: string;
  link: string | null;
  title: string | null;
  decision: 'filtered' | 'blocked' | 'capped';
  reason: string;
}

export interface RunSummary {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** `skipped`: not due; `deferred`: due, but the run budget ran out first (due at once next run). */
  sources: { ok: number; notModified: number; unchanged: number; failed: number; skipped: number; deferred?: number };
  items: { new: number; updated: number; filtered: number; duplicate: number; quarantined: number; pruned: number; capped: number };
  outputs: { written: string[]; unchanged: number; removed: string[] };
}

/** A source as the outputs credit it. */
export interface SourceInfo {
  id: string;
  title: string;
  link: string | null;
  /** Null when the outputs may not name it (a local file, credentials, an intranet address). */
  feedUrl: string | null;
  categories: string[];
}

/** One file of out/, rendered and not yet written. */
export interface OutputFile {
  /** Relative to out/, posix separators. */
  path: string;
  content: string;
}
