/**
 * Cross-source duplicates (issues 2 and 6): the same story carried by several sources is kept once
 * and credits every carrier. A pair is the same story when, within the time window:
 *
 * - `link`: both canonical links are equal (tracking parameters and redirect wrappers such as
 *   feedproxy already removed by normalise/url.ts), and the link is an article, not a home page;
 * - `text`: the bodies are near-identical (wire copies under different headlines): half the word
 *   3-shingles of the shorter body shared, or SimHash within NEAR_SIMHASH_BITS; or one body is an
 *   excerpt of the other (≥ 80 % of its shingles recur);
 * - `title`: the normalised titles are equal and the bodies agree or are too short to say, or the
 *   titles are similar (≥ `titleSimilarity`), carry the same numbers and names, and the bodies agree.
 *
 * In every case but `link`, the "names and numbers" must not contradict: capitalised runs inside
 * sentences ("Port Vale Wanderers") and figures. Templated posts — "Weather forecast for Monday"
 * from two towns, "Final score: Rovers 2, United 1" — share their wording but each has details of
 * its own; a trimmed wire copy or an excerpt has almost none the original lacks.
 */
import type { Carrier, StoredItem } from '../core/types.js';
import { htmlToText } from '../normalise/html.js';
import { countShared, fingerprintOfTokenHashes, hammingDistance, titleKeyAndTokens, titleSimilarity, tokenHashesOf } from './fingerprint.js';
import { charClass, classRuns, codePointAt, LETTER, NUMBER, SPACE, UPPER, tokeniseText, type TextStream } from '../normalise/text-tokens.js';
import { readStoredFingerprint } from './stored-fingerprint.js';

export interface DuplicateMatch {
  match: StoredItem;
  reason: 'link' | 'title' | 'text';
}

export interface CrossSourceOptions {
  windowHours: number;
  /** Title similarity (0..1) from which two titles count as the same headline. */
  titleSimilarity: number;
  /**
   * The copies already folded into a primary. Given, a newcomer joins a cluster only when it would
   * fold with each of them directly: A~B and B~C must not put A with C (a copy of one game's report
   * that also reads like another game's).
   */
  membersOf?: (primary: StoredItem) => StoredItem[];
  /**
   * The text features of an item compared (the newcomer's, a candidate's): the run's duplicate
   * index keeps them (DuplicateIndex.featuresOf), so a stored item compared with many newcomers is
   * read once. Without it each comparison reads both texts.
   */
  featuresOf?: (item: StoredItem) => TextFeatures;
}

/** Bodies shorter than this (in words) are too short for shingle overlap to mean anything. */
export const MIN_BODY_WORDS = 25;
/** Share of the shorter body's 3-shingles found in the other: above it, a copy. */
export const COPY_OVERLAP = 0.5;
/** SimHash distance (of 64 bits) at or under which two long bodies are the same text. */
export const NEAR_SIMHASH_BITS = 6;
/** Similar (not equal) titles also need this much body overlap… */
const SUPPORT_OVERLAP = 0.3;
/** …or names and numbers that agree this well (Dice, 0..1). */
const DETAILS_AGREE = 0.5;
const MIN_DETAILS = 2;
/** Each side having this many names and numbers of its own means another story (unless they agree ≥ DETAILS_AGREE). */
const MIN_OWN_DETAILS = 2;
/** A body of at least this many words, EXCERPT_OVERLAP of whose shingles recur in the other, is an excerpt of it. */
export const EXCERPT_MIN_WORDS = 12;
const EXCERPT_OVERLAP = 0.8;
/** Agreement needs at least this many shared names and numbers: a signature alone is not a story. */
const MIN_SHARED_DETAILS = 3;
/** A body under this many words is too short to contradict an equal headline (a teaser, a cut excerpt). */
const SHORT_BODY_WORDS = 8;
/** The lead whose names and numbers must not conflict: the first words of the body, as a first paragraph runs. */
const LEAD_WORDS = 40;
/** Titles of live-updates pages ("Live: …", "… – live updates", "as it happened"). */
const LIVE_PAGE = /^\s*live\b|\blive(?:\s*[-–:]\s*|\s+)(?:updates?|blog|coverage|reaction|report)\b|\bas it happened\b/i;
/** Exact titles shorter than this (in words) are too generic to fold on ("Update", "Open thread"). */
const MIN_TITLE_WORDS = 3;

/** What compare() reads from an item's title and body: plain data, so a parse worker can make it (issue 7). */
export interface TextFeatures {
  titleKey: string;
  titleNumbers: string;
  /** Names in the headline, when it is in sentence case (Title Case hides them). */
  titleNames: string;
  /** Distinct title tokens, as titleSimilarity() counts them. */
  titleTokens: string[];
  words: number;
  /** Hashes of the distinct word 3-shingles, sorted: far less memory than the strings at 50k items (issue 7). */
  shingles: Uint32Array;
  simhash: string;
  details: Set<string>;
  /** Names and numbers of the title and the lead (first LEAD_WORDS words): what tells one story from another of its template. */
  leadDetails: Set<string>;
  /** Every word written capitalised anywhere in title and body (sentence starts too), and every figure, lower-cased. */
  mentions: Set<string>;
  /** A live-updates page: a running collection of stories, one only with another live page. */
  live: boolean;
}

type FeatureInput = Pick<StoredItem, 'title' | 'content' | 'summary' | 'excerpt'>;
/**
 * TextFeatures as they cross from a parse worker: the three sets of names as one string each. Most
 * items are never compared, and structured cloning a set of strings cost several times the one
 * string (issue 11); unpackTextFeatures makes each set when compare() first reads it.
 */
export type PackedTextFeatures = Omit<TextFeatures, 'details' | 'leadDetails' | 'mentions'> & {
  details: PackedSet;
  leadDetails: PackedSet;
  mentions: PackedSet;
};

/** A set of strings joined with U+0000, or the array itself when a member holds one (text may, after all). */
type PackedSet = string | string[];

const MEMBER_SEPARATOR = '\u0000';

function packSet(set: Set<string>): PackedSet {
  const members = [...set];
  return members.length > 0 && members.every((member) => !member.includes(MEMBER_SEPARATOR)) ? members.join(MEMBER_SEPARATOR) : members;
}

function unpackSet(packed: PackedSet): Set<string> {
  return new Set(typeof packed === 'string' ? packed.split(MEMBER_SEPARATOR) : packed);
}

export function packTextFeatures(features: TextFeatures): PackedTextFeatures {
  return { ...features, details: packSet(features.details), leadDetails: packSet(features.leadDetails), mentions: packSet(features.mentions) };
}

/** The features a PackedTextFeatures holds; each set is made when first read. */
export function unpackTextFeatures(packed: PackedTextFeatures): TextFeatures {
  let details: Set<string> | undefined;
  let leadDetails: Set<string> | undefined;
  let mentions: Set<string> | undefined;
  return {
    titleKey: packed.titleKey,
    titleNumbers: packed.titleNumbers,
    titleNames: packed.titleNames,
    titleTokens: packed.titleTokens,
    words: packed.words,
    shingles: packed.shingles,
    simhash: packed.simhash,
    get details() {
      return (details ??= unpackSet(packed.details));
    },
    get leadDetails() {
      return (leadDetails ??= unpackSet(packed.leadDetails));
    },
    get mentions() {
      return (mentions ??= unpackSet(packed.mentions));
    },
    live: packed.live,
  };
}


/** The best duplicate of `item` among `candidates` from other sources within the window, or null. */
export function findCrossSourceDuplicate(item: StoredItem, candidates: StoredItem[], options: CrossSourceOptions): DuplicateMatch | null {
  const windowMs = options.windowHours * 3_600_000;
  const itemTime = Date.parse(item.date);
  const featuresOf = options.featuresOf ?? textFeaturesOf;
  let best: { match: StoredItem; reason: DuplicateMatch['reason']; rank: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.uid === item.uid || candidate.sourceId === item.sourceId || candidate.duplicateOf !== null) continue;
    const gap = Math.abs(Date.parse(candidate.date) - itemTime);
    if (!(gap <= windowMs)) continue;
    const verdict = compare(item, candidate, options.titleSimilarity, featuresOf);
    if (verdict && options.membersOf && candidate.alsoCarriedBy.length > 0) {
      const members = options.membersOf(candidate).filter((member) => member.uid !== item.uid);
      if (members.some((member) => compare(item, member, options.titleSimilarity, featuresOf) === null)) continue;
    }
    if (verdict && (!best || verdict.rank > best.rank)) best = { match: candidate, ...verdict };
  }
  return best ? { match: best.match, reason: best.reason } : null;
}

function compare(a: StoredItem, b: StoredItem, similarity: number, featuresOf: (item: StoredItem) => TextFeatures): { reason: DuplicateMatch['reason']; rank: number } | null {
  const linkA = a.canonicalLink ?? a.link;
  const linkB = b.canonicalLink ?? b.link;
  if (linkA && linkA === linkB && isArticleLink(linkA)) return { reason: 'link', rank: 3 };

  const fa = featuresOf(a);
  const fb = featuresOf(b);
  // Two stories of one template ("Athletic 3-2 Rovers" / "Athletic 3-2 Albion", a storm in
  // Australia / in Vietnam) differ where it matters: each lead names a place, a team, a figure
  // the other text never mentions. A copy or a rewrite adds at most on one side (a credit line).
  if (leadsConflict(fa, fb)) return null;
  if (fa.live !== fb.live) return null;
  const overlap = shingleOverlap(fa.shingles, fb.shingles);
  const bothLong = fa.words >= MIN_BODY_WORDS && fb.words >= MIN_BODY_WORDS;
  const detailsCounted = fa.details.size >= MIN_DETAILS && fb.details.size >= MIN_DETAILS;
  const details = dice(fa.details, fb.details);
  const shared = sharedCount(fa.details, fb.details);
  const detailsAgree = detailsCounted && details >= DETAILS_AGREE && shared >= MIN_SHARED_DETAILS;
  const ownDetails = Math.min(fa.details.size, fb.details.size) - shared;
  // Names and numbers that each side has to itself (another town, another score) mean another
  // story; a trimmed copy or an excerpt has almost none of its own.
  const detailsDisagree = detailsCounted && details < DETAILS_AGREE && ownDetails >= MIN_OWN_DETAILS;

  // Templated posts share wording, so a near-identical text must also share its names and numbers.
  const nearText = overlap >= COPY_OVERLAP || hammingDistance(fa.simhash, fb.simhash) <= NEAR_SIMHASH_BITS;
  if (bothLong && nearText && !detailsDisagree) return { reason: 'text', rank: 2 + overlap / 2 };
  // An excerpt: nearly every shingle of a shorter (but not tiny) body recurs in the other.
  const excerpt = Math.min(fa.words, fb.words) >= EXCERPT_MIN_WORDS && overlap >= EXCERPT_OVERLAP;
  if (excerpt && !detailsDisagree) return { reason: 'text', rank: 2 + overlap / 2 };

  if (detailsDisagree) return null;
  const bodiesAgree = overlap >= SUPPORT_OVERLAP || detailsAgree;
  const sameTitle = fa.titleKey !== '' && fa.titleKey === fb.titleKey && fa.titleKey.split(' ').length >= MIN_TITLE_WORDS;
  // An equal headline stands on its own only when a body is too short to contradict it.
  if (sameTitle && (bodiesAgree || fa.words < SHORT_BODY_WORDS || fb.words < SHORT_BODY_WORDS)) return { reason: 'title', rank: 1.5 };
  const sameFigures = fa.titleNumbers === fb.titleNumbers && fa.titleNames === fb.titleNames;
  if (!sameTitle && sameFigures && bodiesAgree && titleSimilarity(a.title ?? '', b.title ?? '') >= similarity) {
    return { reason: 'title', rank: 1 };
  }
  return null;
}

/**
 * Fold two copies of one story: the primary is the copy from the higher-priority source, then the
 * earliest, then the one seen first. The secondary points at the primary; the primary credits the
 * secondary and every source the secondary already credited. Pure: returns new objects. Items that
 * still point at the secondary (when it was a primary before) are the caller's to re-point.
 */
export function foldDuplicate(a: StoredItem, b: StoredItem, priorityOf: (sourceId: string) => number): { primary: StoredItem; secondary: StoredItem } {
  const [first, second] = isPreferred(a, b, priorityOf) ? [a, b] : [b, a];
  const carriers: Carrier[] = [];
  const seen = new Set<string>([carrierId(first.sourceId, first.key)]);
  for (const carrier of [...first.alsoCarriedBy, carrierOf(second), ...second.alsoCarriedBy]) {
    const id = carrierId(carrier.sourceId, carrier.itemKey);
    if (seen.has(id)) continue;
    seen.add(id);
    carriers.push({ ...carrier });
  }
  // The published copy keeps the better of the two page addresses (the shorter, then the first in
  // order): whichever copy was stored first took the bare slug, and which one that was depends on
  // arrival order (two processes, or a newcomer that wins). The story's address stays the same.
  const [primarySlug, secondarySlug] = prefersSlug(second.slug ?? null, first.slug ?? null) ? [second.slug, first.slug] : [first.slug, second.slug];
  return {
    primary: { ...first, duplicateOf: null, alsoCarriedBy: carriers, slug: primarySlug },
    secondary: { ...second, duplicateOf: first.uid, alsoCarriedBy: [], slug: secondarySlug },
  };
}

function prefersSlug(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return a.length !== b.length ? a.length < b.length : a < b;
}

function isPreferred(a: StoredItem, b: StoredItem, priorityOf: (sourceId: string) => number): boolean {
  const priorityA = priorityOf(a.sourceId);
  const priorityB = priorityOf(b.sourceId);
  if (priorityA !== priorityB) return priorityA > priorityB;
  const dateA = Date.parse(a.date);
  const dateB = Date.parse(b.date);
  if (dateA !== dateB && !Number.isNaN(dateA) && !Number.isNaN(dateB)) return dateA < dateB;
  if (a.firstSeenAt !== b.firstSeenAt) return a.firstSeenAt < b.firstSeenAt;
  return a.uid <= b.uid;
}

function carrierOf(item: StoredItem): Carrier {
  return { sourceId: item.sourceId, itemKey: item.key, link: item.link, title: item.title };
}

function carrierId(sourceId: string, key: string): string {
  return `${sourceId}\u0000${key}`;
}

/** `streams`: the title and text already tokenised (dedupe/item-analysis.ts shares them with spam). */
export function textFeaturesOf(item: FeatureInput, streams?: { title: TextStream; text: TextStream }): TextFeatures {
  const text = dedupeTextOf(item);
  const title = item.title ?? '';
  const stream = streams && streams.text.text === text ? streams.text : tokeniseText(text);
  const titleStream = streams && streams.title.text === title ? streams.title : tokeniseText(title);
  const tokenHashes = tokenHashesOf(stream);
  const body = fingerprintOfTokenHashes(tokenHashes);
  const titleDetails = detailsOf(wordsOf(`${title}.`));
  const mentions = mentionsOf(wordsOfStream(titleStream));
  // One walk over the body's words for its names and numbers and its mentions.
  const details = detailsOf(wordsOfStream(stream), new Set(titleDetails), mentions);
  const features: TextFeatures = {
    ...titleFeaturesOf(item.title),
    words: tokenHashes.length,
    shingles: body.shingles,
    simhash: body.simhash,
    details,
    leadDetails: detailsOf(wordsOf(leadOf(stream)), new Set(titleDetails)),
    mentions,
    live: LIVE_PAGE.test(title),
  };
  return features;
}

/** The text duplicate detection reads: the content's or summary's, else the excerpt. */
export function dedupeTextOf(item: FeatureInput): string {
  const html = item.content ?? item.summary;
  return html ? htmlToText(html) : item.excerpt;
}

/** White-space separated words as `split(/\s+/)` gives them: spans into `text`, and whether an empty word comes first. */
interface Words {
  text: string;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  leadingEmpty: boolean;
}

function wordsOfStream(stream: TextStream): Words {
  return { text: stream.text, starts: stream.wordStarts, ends: stream.wordEnds, leadingEmpty: stream.leadingSpace && stream.wordStarts.length > 0 };
}

/** The white-space words of a short derived string (the title with its full stop, the lead). */
function wordsOf(text: string): Words {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || (charClass(text.charCodeAt(i)) & SPACE) !== 0;
    if (!space && start === -1) start = i;
    else if (space && start !== -1) {
      starts.push(start);
      ends.push(i);
      start = -1;
    }
  }
  return { text, starts, ends, leadingEmpty: starts.length > 0 && starts[0] > 0 };
}

/**
 * The first LEAD_WORDS words, without asides in parentheses (a credit such as "(Reuters)"). Only
 * the start of the text is read: cut after enough words (at white space, with no parenthesis left
 * open before the cut), it gives the same first words as the whole text.
 */
function leadOf(stream: TextStream): string {
  const { text } = stream;
  const cutWord = LEAD_WORDS + 8;
  if (stream.wordEnds.length > cutWord) {
    const prefix = text.slice(0, stream.wordEnds[cutWord]);
    if (prefix.lastIndexOf('(') <= prefix.lastIndexOf(')')) {
      const words = leadWords(prefix);
      if (words.length > LEAD_WORDS + 2) return words.slice(0, LEAD_WORDS).join(' ');
    }
  }
  return leadWords(text).slice(0, LEAD_WORDS).join(' ');
}

function leadWords(text: string): string[] {
  // A dateline ("Amman (NewsAgency) — Opposition candidate …") ends a sentence, or its next word reads as a name.
  return text.replace(/\([^()]*\)/g, ' ').replace(/\s[—–]\s/g, '. ').split(/\s+/);
}

/**
 * Whether each side's title and lead carry a name or number that the other's whole text never
 * writes (word by word, so "Ruiz" mentions "Tomás Ruiz" and a dateline "Amman —" mentions Amman).
 */
function leadsConflict(a: Pick<TextFeatures, 'leadDetails' | 'mentions'>, b: Pick<TextFeatures, 'leadDetails' | 'mentions'>): boolean {
  const ownOf = (lead: Set<string>, other: Set<string>) => {
    for (const detail of lead) if (detail.split(' ').some((word) => !other.has(word))) return true;
    return false;
  };
  return ownOf(a.leadDetails, b.mentions) && ownOf(b.leadDetails, a.mentions);
}

function mentionsOf(words: Words, mentions = new Set<string>()): Set<string> {
  const { text } = words;
  for (let w = 0; w < words.starts.length; w++) {
    if (readWord(text, words.starts[w], words.ends[w]) >= FIGURE) mentions.add(text.slice(bareStart, bareEnd).toLowerCase());
  }
  return mentions;
}

function titleFeaturesOf(title: string | null): Pick<TextFeatures, 'titleKey' | 'titleNumbers' | 'titleNames' | 'titleTokens'> {
  const { key, tokens } = titleKeyAndTokens(title);
  return {
    titleKey: key,
    titleNumbers: numberRuns(key).join(' '),
    titleNames: titleNamesOf(title ?? ''),
    titleTokens: [...new Set(tokens)],
  };
}

/** The runs of \p{N} in `text`. */
function numberRuns(text: string): string[] {
  return classRuns(text, NUMBER).map(([start, end]) => text.slice(start, end));
}

function titleNamesOf(title: string): string {
  const words = wordsOf(title);
  const names = [...detailsOf(words)].filter((detail) => (charClass(codePointAt(detail, 0)) & NUMBER) === 0);
  let lettered = 0;
  for (let w = 0; w < words.starts.length; w++) if (hasLetter(title, words.starts[w], words.ends[w])) lettered++;
  return names.length > lettered * 0.6 ? '' : names.sort().join(' ');
}

function hasLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    const codePoint = codePointAt(text, i);
    if (charClass(codePoint) & LETTER) return true;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return false;
}

/** Calendar words are capitalised in English but say nothing about which story it is. */
const CALENDAR_WORDS = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(' '),
);

/**
 * Figures, and runs of capitalised words that do not start a sentence ("Port Vale Wanderers" is one
 * name): the names and numbers of a story.
 */
function detailsOf(words: Words, details = new Set<string>(), mentions?: Set<string>): Set<string> {
  const { text } = words;
  // The lower-cased words of the name being read, joined with spaces ('' between names).
  let name = '';
  const offset = words.leadingEmpty ? 1 : 0;
  for (let w = 0; w < words.starts.length; w++) {
    const index = w + offset;
    // The last code unit of the word before (an empty first word has none).
    const last = w > 0 ? text.charCodeAt(words.ends[w - 1] - 1) : -1;
    const sentenceStart = index === 0 || isSentenceEnd(last);
    if ((sentenceStart || isClauseEnd(last)) && name !== '') {
      details.add(name);
      name = '';
    }
    const kind = readWord(text, words.starts[w], words.ends[w]);
    if (kind === BLANK || kind === PLAIN || (kind === UPPER_WORD && sentenceStart && !mentions)) {
      if (name !== '') details.add(name);
      name = '';
      continue;
    }
    const bare = text.slice(bareStart, bareEnd);
    // What mentionsOf would add for this word, in the same order.
    const lower = kind === FIGURE && !mentions ? '' : bare.toLowerCase();
    if (mentions) mentions.add(lower);
    if (kind === FIGURE) {
      if (name !== '') details.add(name);
      name = '';
      details.add(bare);
      continue;
    }
    // One-letter capitals ("I", "A") are pronouns and articles, not names.
    if (!sentenceStart && bare.length > 1 && !CALENDAR_WORDS.has(lower)) {
      name = name === '' ? lower : `${name} ${lower}`;
      continue;
    }
    if (name !== '') details.add(name);
    name = '';
  }
  if (name !== '') details.add(name);
  return details;
}

// The per-word tests of detailsOf, on character classes looked up once per code point, reading
// each word where it lies in the text: a body has hundreds of words, the Unicode-property regexes
// were most of a duplicate check's cost (issue 7) and a string per word most of the rest (issue 11).

/** . ! ? : ; » " ” */
function isSentenceEnd(unit: number): boolean {
  return unit === 0x2e || unit === 0x21 || unit === 0x3f || unit === 0x3a || unit === 0x3b || unit === 0xbb || unit === 0x22 || unit === 0x201d;
}

/** , ; : */
function isClauseEnd(unit: number): boolean {
  return unit === 0x2c || unit === 0x3b || unit === 0x3a;
}

const isLetterOrNumber = (codePoint: number) => (charClass(codePoint) & (LETTER | NUMBER)) !== 0;

/** What readWord found: nothing but punctuation, a plain word, a figure, a word starting with a capital. */
const BLANK = 0;
const PLAIN = 1;
const FIGURE = 2;
const UPPER_WORD = 3;
/** The bounds of the word readWord last read, less its leading and trailing non-letters (module state: an object per word would be garbage). */
let bareStart = 0;
let bareEnd = 0;

/**
 * text[start, end) without leading and trailing characters that are neither letters nor digits
 * (into bareStart and bareEnd), and what kind of word that leaves. A figure is a digit, then
 * digits and . , : - only.
 */
function readWord(text: string, start: number, end: number): number {
  while (start < end) {
    const unit = text.charCodeAt(start);
    if (unit < 0x80) {
      if (isAsciiLetterOrDigit(unit)) break;
      start++;
      continue;
    }
    const codePoint = codePointAt(text, start);
    if (isLetterOrNumber(codePoint)) break;
    start += codePoint > 0xffff ? 2 : 1;
  }
  while (end > start) {
    const unit = text.charCodeAt(end - 1);
    if (unit < 0x80) {
      if (isAsciiLetterOrDigit(unit)) break;
      end--;
      continue;
    }
    const pair = unit >= 0xdc00 && unit <= 0xdfff && end - 2 >= start && text.charCodeAt(end - 2) >= 0xd800 && text.charCodeAt(end - 2) <= 0xdbff;
    const codePoint = pair ? codePointAt(text, end - 2) : unit;
    if (isLetterOrNumber(codePoint)) break;
    end -= pair ? 2 : 1;
  }
  bareStart = start;
  bareEnd = end;
  if (start === end) return BLANK;
  const first = text.charCodeAt(start);
  if (first >= 0x30 && first <= 0x39 ? true : first >= 0x80 && (charClass(codePointAt(text, start)) & NUMBER) !== 0) {
    let figure = true;
    for (let i = start; i < end; ) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        if (!((unit >= 0x30 && unit <= 0x39) || unit === 46 || unit === 44 || unit === 58 || unit === 45)) {
          figure = false;
          break;
        }
        i++;
        continue;
      }
      const codePoint = codePointAt(text, i);
      if ((charClass(codePoint) & NUMBER) === 0) {
        figure = false;
        break;
      }
      i += codePoint > 0xffff ? 2 : 1;
    }
    if (figure) return FIGURE;
  }
  const upper = first < 128 ? first >= 65 && first <= 90 : (charClass(codePointAt(text, start)) & UPPER) !== 0;
  return upper ? UPPER_WORD : PLAIN;
}

function isAsciiLetterOrDigit(unit: number): boolean {
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39);
}

/** Share of the smaller set's shingles found in the other (both sorted). */
function shingleOverlap(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  return countShared(a, b) / Math.min(a.length, b.length);
}

/**
 * What dedupe/duplicate-index.ts files items under, so that only plausible pairs reach
 * compare(): every pair compare() can match shares one of these keys (see there for the proof).
 */
export interface DuplicateKeys {
  /** The article link the `link` rule compares, or null. */
  link: string | null;
  titleKey: string;
  /** The similar-title rule needs these equal: the numbers and the names of both headlines. */
  titleFigures: string;
  /** Distinct title tokens, as titleSimilarity() counts them. */
  titleTokens: string[];
  words: number;
  simhash: string;
  shingles: Uint32Array;
}

/**
 * What duplicateKeysOf reads of a stored item: its title and links, and its fingerprint or, when
 * it has no current one, its body (a store's sketch of an item comes without the body).
 */
export type KeyedItem = Pick<StoredItem, 'title' | 'link' | 'canonicalLink' | 'fingerprint'> & Partial<FeatureInput>;

function isWhole(item: KeyedItem): item is KeyedItem & FeatureInput {
  return item.content !== undefined && item.summary !== undefined && item.excerpt !== undefined;
}

/** `features`: the item's text features when they are at hand; else a stored item's fingerprint stands in for its body. */
export function duplicateKeysOf(item: KeyedItem, features?: TextFeatures): DuplicateKeys {
  const link = item.canonicalLink ?? item.link;
  // A stored item: its title is cheap to read again, its body need not be (unless its fingerprint is stale).
  const body = features ? null : readStoredFingerprint(item.fingerprint);
  if (body) {
    const title = titleFeaturesOf(item.title);
    return {
      link: link && isArticleLink(link) ? link : null,
      titleKey: title.titleKey,
      titleFigures: `${title.titleNumbers}\u0000${title.titleNames}`,
      titleTokens: title.titleTokens,
      words: body.words,
      simhash: body.simhash,
      shingles: body.shingles,
    };
  }
  if (!features && !isWhole(item)) throw new Error('internal: an item without a current fingerprint is keyed from its body, and this one came without it');
  const text = features ?? textFeaturesOf(item as FeatureInput);
  return {
    link: link && isArticleLink(link) ? link : null,
    titleKey: text.titleKey,
    titleFigures: `${text.titleNumbers}\u0000${text.titleNames}`,
    titleTokens: text.titleTokens,
    words: text.words,
    simhash: text.simhash,
    shingles: text.shingles,
  };
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return (2 * sharedCount(a, b)) / (a.size + b.size);
}

function sharedCount(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const value of a) if (b.has(value)) shared++;
  return shared;
}

/** A home page is shared by every item of a site; only a path or a query names an article. */
export function isArticleLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '';
  } catch {
    return false;
  }
}
