/**
 * The individual spam signals. Each returns a strength (0 = absent, 1 = clear, up to 1.5 for
 * vocabulary piled on); spam.ts multiplies by the reason's weight. Pure functions of the item's
 * text and links and of the source's profile.
 */
import { registrableDomain } from '../normalise/url.js';
import { charClass, codePointAt, countRunWords, LETTER, LOWER, NUMBER, SPACE, UNSPACED, UPPER, type TextStream } from '../normalise/text-tokens.js';
import { PITCH_PHRASE_IDS, PITCH_STRENGTH, SPAM_VOCABULARY, TOPICAL_CAP, VOCABULARY_CAP, type VocabularyCode } from './spam-vocabulary.js';

/** Profiles built from fewer items than this speak with proportionally less confidence. */
const CONFIDENT_PROFILE_ITEMS = 10;
/** A domain is one of the source's usual ones when this share of its items link to it (and ≥ 2 do). */
const USUAL_DOMAIN_SHARE = 0.03;
/** Below this share for its top domain the source is a link blog or aggregator: links go everywhere. */
const LINK_BLOG_SHARE = 0.5;
/** The source's main language must hold this share before another language looks out of place. */
const DOMINANT_LANGUAGE_SHARE = 0.6;
/** A language this rare in the source is a mismatch; below the second figure, half a mismatch. */
const RARE_LANGUAGE_SHARE = 0.1;
const UNUSUAL_LANGUAGE_SHARE = 0.25;
/** Titles with at least this many cased letters are judged for shouting, at this upper-case share. */
const CAPS_MIN_LETTERS = 12;
const CAPS_SHARE = 0.8;

/**
 * Query parameters that pay someone for the click. `tag` only counts on Amazon, where it is the
 * Associates id; elsewhere it is an ordinary tag filter.
 */
const AFFILIATE_PARAMS = new Set([
  'ref', 'aff', 'aff_id', 'affid', 'affiliate', 'affiliate_id', 'affiliateid', 'aff_sub', 'partner', 'partner_id',
  'partnerid', 'clickid', 'click_id', 'subid', 'sub_id', 'btag', 'irclickid', 'ranmid', 'ranEAID', 'awc', 'cjevent',
].map((name) => name.toLowerCase()));
const AMAZON_DOMAIN = /^amazon\.[a-z.]+$|^amzn\.to$/;

export interface ProfileLike {
  domains: Record<string, number>;
  languages: Record<string, number>;
  items: number;
}

export function domainOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  return registrableDomainOf(parsed.hostname);
}

// An item's links are read three times (domains, affiliate parameters, link words) and its
// hosts recur across a feed: parse each once (issue 11). Callers only read the URL objects.
const parsedUrls = new Map<string, URL | null>();
const domains = new Map<string, string>();
const RECENT_URLS = 512;

/** `new URL(url)`, or null where that throws; recent answers remembered. */
export function parseUrl(url: string): URL | null {
  let parsed = parsedUrls.get(url);
  if (parsed === undefined) {
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (parsedUrls.size >= RECENT_URLS) parsedUrls.clear();
    parsedUrls.set(url, parsed);
  }
  return parsed;
}

function registrableDomainOf(host: string): string {
  let domain = domains.get(host);
  if (domain === undefined) {
    domain = registrableDomain(host);
    if (domains.size >= RECENT_URLS) domains.clear();
    domains.set(host, domain);
  }
  return domain;
}

/** Links inside HTML (href attributes) and bare URLs in its text. */
export function linksIn(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').replace(/&amp;/g, '&');
    if (/^https?:\/\//i.test(value)) links.add(value);
  }
  for (const match of html.matchAll(/https?:\/\/[^\s"'<>]+/gi)) links.add(match[0].replace(/&amp;/g, '&'));
  return [...links];
}

function isUsualDomain(domain: string, profile: ProfileLike, feedDomain: string | null): boolean {
  if (domain === feedDomain) return true;
  const count = profile.domains[domain] ?? 0;
  return count >= 2 && count >= profile.items * USUAL_DOMAIN_SHARE;
}

function confidence(samples: number): number {
  return Math.min(1, samples / CONFIDENT_PROFILE_ITEMS);
}

/** The registrable domains SPAM_FOREIGN_DOMAIN reads: the item link's, and each body link's (in order). */
export function linkDomainsOf(link: string | null, bodyLinks: string[]): [string | null, string[]] {
  return [link ? domainOf(link) : null, bodyLinks.map(domainOf).filter((domain): domain is string => domain !== null)];
}

/**
 * SPAM_FOREIGN_DOMAIN: the item's own link (1) or the links in its body (½) leave the source's
 * usual domains. Takes the domains from linkDomainsOf, worked out once per item.
 */
export function foreignDomainsStrength(linkDomain: string | null, bodyDomains: string[], profile: ProfileLike, feedDomain: string | null): number {
  if (profile.items === 0) return 0;
  const counts = Object.values(profile.domains);
  const top = counts.length > 0 ? Math.max(...counts) : 0;
  // A link blog's items point everywhere by design; a strange domain there says little.
  const diversity = top < profile.items * LINK_BLOG_SHARE ? 0.3 : 1;
  if (linkDomain && !isUsualDomain(linkDomain, profile, feedDomain)) return diversity * confidence(profile.items);
  if (bodyDomains.length === 0) return 0;
  const foreign = bodyDomains.filter((domain) => !isUsualDomain(domain, profile, feedDomain));
  return 0.5 * (foreign.length / bodyDomains.length) * diversity * confidence(profile.items);
}

/** SPAM_LANGUAGE_MISMATCH: a language the source (with one clear main language) almost never uses. */
export function languageMismatchStrength(language: string | null, profile: ProfileLike): number {
  if (!language) return 0;
  const counts = Object.values(profile.languages);
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total < 3) return 0;
  const dominant = Math.max(...counts) / total;
  if (dominant < DOMINANT_LANGUAGE_SHARE) return 0;
  const share = (profile.languages[language] ?? 0) / total;
  const strength = share <= RARE_LANGUAGE_SHARE ? 1 : share < UNUSUAL_LANGUAGE_SHARE ? 0.5 : 0;
  return strength * confidence(total);
}

/** What a text says on one subject: promotional and topical strength, and a sales pitch beside them. */
export interface VocabularyParts {
  promotional: number;
  topical: number;
  pitch: number;
}

/**
 * SPAM_GAMBLING / SPAM_LOAN / SPAM_CRYPTO, the item-local half (null: the subject is absent), from
 * the phrases found in the text (spam-vocabulary.ts phrasesIn); combineVocabulary applies the
 * source's scale. Promotional phrases count fully, topical words a little (times `topicalScale`),
 * a sales pitch beside them more.
 */
export function vocabularyPartsOf(found: Uint8Array): Record<VocabularyCode, VocabularyParts | null> {
  const pitch = PITCH_PHRASE_IDS.some((id) => found[id] === 1) ? PITCH_STRENGTH : 0;
  const partsOf = (code: VocabularyCode): VocabularyParts | null => {
    let any = false;
    let promotional = 0;
    let topical = 0;
    for (const term of SPAM_VOCABULARY[code]) {
      if (found[term.phrase] !== 1) continue;
      any = true;
      if (term.promotional) promotional += term.strength;
      else topical += term.strength;
    }
    return any ? { promotional, topical, pitch } : null;
  };
  return { SPAM_GAMBLING: partsOf('SPAM_GAMBLING'), SPAM_LOAN: partsOf('SPAM_LOAN'), SPAM_CRYPTO: partsOf('SPAM_CRYPTO') };
}

export function combineVocabulary(parts: VocabularyParts | null, topicalScale = 1): number {
  if (!parts) return 0;
  return Math.min(VOCABULARY_CAP, parts.promotional + Math.min(TOPICAL_CAP, parts.topical) * topicalScale + parts.pitch);
}

/**
 * Words of a body, counted as the signals below count them: all of them, and those outside bare
 * URLs (`https?://` to the next white space), from the body's token stream.
 */
export function bodyWordCounts(body: TextStream): { words: number; wordsBesideUrls: number } {
  // "İ" lower-cases to two characters, so the stream's offsets are not the text's: count the text itself.
  if (body.lower.length !== body.text.length) return { words: wordCount(body.text), wordsBesideUrls: wordCount(body.text.replace(/https?:\/\/\S+/gi, ' ')) };
  const urls = bareUrls(body.lower);
  return { words: countRunWords(body), wordsBesideUrls: urls.length === 0 ? countRunWords(body) : countRunWords(body, urls) };
}

/** [start, end) of each match of /https?:\/\/\S+/gi in a lower-cased text, left to right. */
function bareUrls(lower: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let at = lower.indexOf('http'); at !== -1; ) {
    let end = at + 4;
    if (lower.charCodeAt(end) === 0x73) end++;
    if (lower.startsWith('://', end) && end + 3 < lower.length && !isSpaceCode(lower.charCodeAt(end + 3))) {
      end += 3;
      while (end < lower.length && !isSpaceCode(lower.charCodeAt(end))) end++;
      ranges.push([at, end]);
      at = lower.indexOf('http', end);
    } else at = lower.indexOf('http', at + 1);
  }
  return ranges;
}

/** \s without the u flag: code units. */
function isSpaceCode(unit: number): boolean {
  return (unit >= 0x09 && unit <= 0x0d) || unit === 0x20 || (unit >= 0x80 && (charClass(unit) & SPACE) !== 0);
}

/** SPAM_LINK_ONLY: a body that is a link and next to no words (`wordsBesideUrls` from bodyWordCounts). */
export function linkOnlyStrength(wordsBesideUrls: number, bodyLinks: string[]): number {
  if (bodyLinks.length === 0) return 0;
  return wordsBesideUrls <= 3 ? 1 : wordsBesideUrls <= 6 ? 0.5 : 0;
}

/** SPAM_EMPTY: no body, no link in it, no enclosure — and a title of a few words at most makes it clear. */
export function emptyStrength(title: string | null, bodyWords: number, bodyLinks: string[], enclosures: number): number {
  if (enclosures > 0 || bodyLinks.length > 0 || bodyWords >= 3) return 0;
  return wordCount(title ?? '') <= 3 ? 1 : 0.5;
}

/** SPAM_AFFILIATE: affiliate parameters on the item's link (1) or only in its body (¾). */
export function affiliateStrength(link: string | null, bodyLinks: string[]): number {
  if (link && hasAffiliateParams(link)) return 1;
  return bodyLinks.some(hasAffiliateParams) ? 0.75 : 0;
}

function hasAffiliateParams(url: string): boolean {
  const parsed = parseUrl(url);
  // Most links have no query: searchParams would make an object to say so.
  if (parsed === null || parsed.search === '') return false;
  const amazon = AMAZON_DOMAIN.test(registrableDomainOf(parsed.hostname));
  for (const name of parsed.searchParams.keys()) {
    const lower = name.toLowerCase();
    if (AFFILIATE_PARAMS.has(lower) || (amazon && lower === 'tag')) return true;
  }
  return false;
}

/** SPAM_ALL_CAPS: a title in capitals (acronyms such as "NASA" are too short to count). */
export function allCapsStrength(title: string | null): number {
  if (!title) return 0;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < title.length; ) {
    const codePoint = codePointAt(title, i);
    const cls = charClass(codePoint);
    if (cls & UPPER) upper++;
    if (cls & LOWER) lower++;
    i += codePoint > 0xffff ? 2 : 1;
  }
  if (upper + lower < CAPS_MIN_LETTERS) return 0;
  return upper / (upper + lower) >= CAPS_SHARE ? 1 : 0;
}

/** Runs of letters and digits; a run in a script without spaces counts one per two characters (code units). */
function wordCount(text: string): number {
  let words = 0;
  let runStart = -1;
  let unspaced = false;
  for (let i = 0; i <= text.length; ) {
    const codePoint = i < text.length ? codePointAt(text, i) : 0x20;
    const cls = charClass(codePoint);
    if (cls & (LETTER | NUMBER)) {
      if (runStart === -1) {
        runStart = i;
        unspaced = false;
      }
      if (cls & UNSPACED) unspaced = true;
    } else if (runStart !== -1) {
      words += unspaced ? Math.ceil((i - runStart) / 2) : 1;
      runStart = -1;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
  return words;
}
