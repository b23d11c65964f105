/**
 * Spam quarantine scoring (issue 6). An item's score is the sum of weight × strength over the
 * signals below; at or above `spam.threshold` (default 1.0) the item is held until an operator
 * approves it. Weights are set so that no single weak signal reaches the threshold on its own:
 * a Russian-language source posting in Russian is its usual language, and a news item linking to
 * another site is ordinary. Spam shows several signals at once (the seed: a Russian casino-mirror
 * promotion, linking off-site, among English world news).
 *
 * | code                   | weight | fires when                                                            |
 * |------------------------|--------|-----------------------------------------------------------------------|
 * | SPAM_FOREIGN_DOMAIN    | 0.5    | the item's link (or, at half strength, its body's links) goes to a     |
 * |                        |        | registrable domain the source does not usually link to (×0.3 for link  |
 * |                        |        | blogs, whose links go everywhere)                                       |
 * | SPAM_LANGUAGE_MISMATCH | 0.6    | the item's language is rare in a source with one clear main language   |
 * | SPAM_GAMBLING          | 0.7    | casino/betting promotion ("free spins", "рабочее зеркало", "slot gacor")|
 * | SPAM_LOAN              | 0.7    | loan promotion ("no credit check", "займ без отказа", "pinjol")         |
 * | SPAM_CRYPTO            | 0.7    | crypto pump ("next 100x gem", "guaranteed returns", "пресейл")          |
 * | SPAM_LINK_ONLY         | 0.4    | the body is a link and at most a few words                              |
 * | SPAM_EMPTY             | 0.4    | no body, no link, no enclosure (full strength when the title is ≤ 3 words) |
 * | SPAM_AFFILIATE         | 0.4    | affiliate parameters: ref=, aff=, affid, partner, clickid, Amazon tag=… |
 * | SPAM_ALL_CAPS          | 0.35   | a title of ≥ 12 letters, ≥ 80 % of them capitals                        |
 * | SPAM_MODEL             | 1.0    | the text classifier (spam-model.ts) leans spam: strength 1 at its own    |
 * |                        |        | threshold (it holds alone), 0 one spread below, up to 1.5 above          |
 * | SPAM_PARAGRAPH         | 1.0    | one paragraph is confidently spam by the classifier's paragraph line    |
 * |                        |        | while the whole item is not (a spam paragraph appended to a legit post) |
 *
 * Vocabulary strengths run to 1.5 (see spam-vocabulary.ts): one promotional phrase gives 0.75,
 * two give the cap, topical words ("casino", "кредит") add at most 0.4. A subject the source
 * itself covers often (≥ 15 % of its items) counts half: a crypto news site may say "airdrop".
 * When the item's own link leaves a source that always links to itself, topical words count 4×:
 * that is the seed's shape, and spam rarely uses the exact promotional phrases a list can hold.
 */
import type { NormalisedItem, ProfileFacts, SpamVerdict } from '../core/types.js';
import { htmlToParagraphs, htmlToText } from '../normalise/html.js';
import { detectLanguage } from '../normalise/language.js';
import {
  affiliateStrength,
  allCapsStrength,
  domainOf,
  parseUrl,
  emptyStrength,
  foreignDomainsStrength,
  linkDomainsOf,
  languageMismatchStrength,
  linkOnlyStrength,
  linksIn,
  bodyWordCounts,
  vocabularyPartsOf,
  combineVocabulary,
  type VocabularyParts,
} from './spam-signals.js';
import { phraseCandidates, phrasesIn, type PhraseCandidates, type VocabularyCode } from './spam-vocabulary.js';
import { classifyFeatures, modelFeatures, modelText, type ModelVerdict, type SpamModel } from './spam-model.js';
import { tokeniseText, type TextStream } from '../normalise/text-tokens.js';

export const SPAM_WEIGHTS = {
  SPAM_FOREIGN_DOMAIN: 0.5,
  SPAM_LANGUAGE_MISMATCH: 0.6,
  SPAM_GAMBLING: 0.7,
  SPAM_LOAN: 0.7,
  SPAM_CRYPTO: 0.7,
  SPAM_LINK_ONLY: 0.4,
  SPAM_EMPTY: 0.4,
  SPAM_AFFILIATE: 0.4,
  SPAM_ALL_CAPS: 0.35,
  SPAM_MODEL: 1.0,
  SPAM_PARAGRAPH: 1.0,
} as const;
/** SPAM_MODEL's strength at most: a clear ad on its own, with room for other signals to add. */
const MODEL_STRENGTH_CAP = 1.5;

export type SpamReason = keyof typeof SPAM_WEIGHTS;
const VOCABULARY_CODES: VocabularyCode[] = ['SPAM_GAMBLING', 'SPAM_LOAN', 'SPAM_CRYPTO'];
/** Topical words count this many times over when the item's own link leaves a self-contained source. */
const OFFSITE_TOPICAL_SCALE = 4;
/** Share of a source's items touching a subject from which that subject is its usual fare. */
const FAMILIAR_TOPIC_SHARE = 0.15;
const SPAM_REASONS = Object.keys(SPAM_WEIGHTS) as SpamReason[];

/** What a source usually looks like: the domains its items link to and the languages they are in. */
export interface SourceProfile {
  /** Registrable domain → number of items linking to it (item link or body), each item counted once. */
  domains: Record<string, number>;
  /** Language code → number of items detected in it. */
  languages: Record<string, number>;
  items: number;
  /** The registrable domain of the feed's site link, always one of the usual domains. */
  feedDomain?: string | null;
  /** Vocabulary code → number of items touching that subject: a crypto site may talk crypto. */
  topics?: Record<string, number>;
}

export interface SpamOptions {
  threshold: number;
  /** Overrides of SPAM_WEIGHTS by reason code (config `spam.weights`). */
  weights: Record<string, number>;
}

type ProfileInput = Pick<NormalisedItem, 'link' | 'content' | 'summary' | 'language'>;
/** An item to profile; with `profileFacts` (a stored item's, or a fetched item's from its analysis) its body is not read. */
export type ProfileItem = ProfileInput & { profileFacts?: ProfileFacts };

/** Profile of a source from its items (stored and newly fetched). */
export function buildSourceProfile(items: ProfileItem[], feedLink: string | null): SourceProfile {
  const domains: Record<string, number> = {};
  const languages: Record<string, number> = {};
  const topics: Record<string, number> = {};
  for (const item of items) {
    const facts = profileFactsOf(item);
    for (const domain of facts.domains) domains[domain] = (domains[domain] ?? 0) + 1;
    if (facts.language) languages[facts.language] = (languages[facts.language] ?? 0) + 1;
    for (const code of facts.topics) topics[code] = (topics[code] ?? 0) + 1;
  }
  return { domains, languages, items: items.length, feedDomain: feedLink ? domainOf(feedLink) : null, topics };
}

/**
 * What the text classifier reads from an item: its title and body text. Not the words of its
 * link: the corpus has none for legit items, and with them every news link leaned spam.
 */
export function modelTextOf(item: FactsInput): string {
  return modelText(item.title, bodyParagraphsOf(item));
}

/**
 * SPAM_MODEL: 1 at the classifier's threshold (it holds alone), up to the cap above; below the
 * threshold, 1 + margin while the classifier still leans spam, and nothing once it leans legit
 * (probability ≤ ½): a ham-leaning verdict must not add to a foreign link (the HN post on
 * cryptography scored 0.5 + 0.5 that way).
 */
function modelStrength(verdict: { margin: number; probability: number }): number {
  if (verdict.probability <= 0.5) return 0;
  return Math.max(0, Math.min(MODEL_STRENGTH_CAP, verdict.margin + 1));
}

/**
 * SPAM_PARAGRAPH: 1 at the paragraph line, up to the cap above, nothing below it; and nothing
 * when the whole item holds by itself already (then SPAM_MODEL says it). The line is stricter than
 * the whole item's (docs/spam.md): a legit post's odd paragraph must not hold it on a first fetch.
 */
function paragraphStrength(verdict: { margin: number; paragraphMargin: number }): number {
  if (verdict.margin >= 0 || !(verdict.paragraphMargin >= 0)) return 0;
  return Math.min(MODEL_STRENGTH_CAP, verdict.paragraphMargin + 1);
}

/**
 * Score one item against its source's profile; `held` when the score reaches the threshold.
 * Without `model` (tests of the other signals, or no model loaded) SPAM_MODEL stays 0.
 */
export function scoreSpam(
  item: NormalisedItem,
  profile: SourceProfile,
  options: SpamOptions,
  model?: SpamModel | null,
  analysed?: AnalysedSpamFacts,
): SpamVerdict & { held: boolean } {
  const facts = withScoreFacts(item, analysed?.spam ?? spamFactsOf(item));
  const { bodyLinks } = facts;
  const language = item.language ?? facts.fullLanguage;
  const foreign = foreignDomainsStrength(facts.linkDomain, facts.bodyDomains, profile, profile.feedDomain ?? null);
  // The seed's shape: a source that always links to itself suddenly sends readers elsewhere, about
  // casinos, loans or coins. There the subject words weigh as much as a sales pitch.
  const topicalScale = foreign >= 1 ? OFFSITE_TOPICAL_SCALE : 1;
  const vocabulary = (code: VocabularyCode) => combineVocabulary(facts.vocabulary[code], topicalScale) * familiarity(code, profile);
  const verdict = model ? (analysed?.verdict ?? classifyFeatures(model, analysed?.model ?? modelFeaturesOf(item))) : null;
  const strengths: Record<SpamReason, number> = {
    SPAM_FOREIGN_DOMAIN: foreign,
    SPAM_LANGUAGE_MISMATCH: languageMismatchStrength(language, profile),
    SPAM_GAMBLING: vocabulary('SPAM_GAMBLING'),
    SPAM_LOAN: vocabulary('SPAM_LOAN'),
    SPAM_CRYPTO: vocabulary('SPAM_CRYPTO'),
    SPAM_LINK_ONLY: linkOnlyStrength(facts.bodyWordsBesideUrls, bodyLinks),
    SPAM_EMPTY: emptyStrength(item.title, facts.bodyWords, bodyLinks, item.enclosures.length),
    SPAM_AFFILIATE: facts.affiliate,
    SPAM_ALL_CAPS: facts.allCaps,
    SPAM_MODEL: verdict ? modelStrength(verdict) : 0,
    SPAM_PARAGRAPH: verdict ? paragraphStrength(verdict) : 0,
  };
  const contributions = SPAM_REASONS.map((code) => ({ code, value: weightOf(code, options.weights) * strengths[code] })).filter(
    (entry) => entry.value > 0,
  );
  contributions.sort((a, b) => b.value - a.value);
  const score = Math.round(contributions.reduce((sum, entry) => sum + entry.value, 0) * 1000) / 1000;
  return { score, reasons: contributions.map((entry) => entry.code), held: score >= options.threshold };
}

/**
 * Everything the profile and the score read from one item by itself (not from its source), as
 * plain data: worked out once per item, and on a parse worker when there is one (issue 7).
 */
export interface SpamFacts {
  /** Words in the content (or, without content, the summary): all, and those outside bare URLs. */
  bodyWords: number;
  bodyWordsBesideUrls: number;
  /** Links in the content and the summary. */
  bodyLinks: string[];
  /** Registrable domains of the item's link and its body's links. */
  domains: string[];
  /** Language of the body alone (the profile's view), when the item has none of its own. */
  bodyLanguage: string | null;
  /** Language of title and body (the score's view), when the item has none of its own. Only items being scored need this and `vocabulary`. */
  fullLanguage?: string | null;
  /** Subjects (gambling, loans, crypto) the content or summary touches. */
  topics: VocabularyCode[];
  /** Each subject's vocabulary in title, body and link words, before the source's scale. */
  vocabulary?: Record<VocabularyCode, VocabularyParts | null>;
  /** Registrable domain of the item's link, and of each body link in order (what SPAM_FOREIGN_DOMAIN compares). */
  linkDomain: string | null;
  bodyDomains: string[];
  /** The strengths that depend on the item alone. */
  affiliate?: number;
  allCaps?: number;
}

type FactsInput = ProfileInput & Partial<Pick<NormalisedItem, 'title'>>;

/**
 * What an item's analysis (dedupe/item-analysis.ts, often made on a parse worker) gives scoreSpam,
 * so the main thread neither re-reads the body nor tokenises it again (issue 7).
 */
export interface AnalysedSpamFacts {
  spam: SpamFacts;
  /** The classifier's features; without them they are read from the text when a model scores. */
  model?: Uint32Array;
  /** The classifier's verdict, made by the analysis with the very model scoreSpam is given (item-analysis.ts). */
  verdict?: ModelVerdict;
}

/** A text tokenised once (normalise/text-tokens.ts), with where spam phrases may start in it. */
export interface TokenisedText {
  stream: TextStream;
  candidates: PhraseCandidates;
}

function tokenise(text: string): TokenisedText {
  const candidates = phraseCandidates();
  return { stream: tokeniseText(text, candidates), candidates };
}

/** The texts of an item that spam scoring reads, each tokenised once (issue 11). */
export interface SpamTexts {
  title: TokenisedText;
  /** The content's text, or the summary's without content: what the signals call the body. */
  body: TokenisedText;
  /** The content's and the summary's text (one of them is `body`): the subjects are read from both. */
  content: TokenisedText;
  summary: TokenisedText;
}

const EMPTY = '';

/** The item's texts; `title` may be a stream made already (the duplicate features read it too). */
export function spamTextsOf(item: FactsInput, title?: TokenisedText): SpamTexts {
  const contentText = item.content ? htmlToText(item.content) : EMPTY;
  const summaryText = item.summary ? htmlToText(item.summary) : EMPTY;
  const content = tokenise(contentText);
  const summary = summaryText === contentText ? content : tokenise(summaryText);
  return { title: title ?? tokenise(item.title ?? ''), body: item.content ? content : summary, content, summary };
}

function withScoreFacts(item: FactsInput, facts: SpamFacts): Required<SpamFacts> {
  if (facts.fullLanguage === undefined || facts.vocabulary === undefined || facts.affiliate === undefined) {
    const complete = spamFactsFrom(item, spamTextsOf(item));
    facts.fullLanguage = complete.fullLanguage;
    facts.vocabulary = complete.vocabulary;
    facts.affiliate = complete.affiliate;
    facts.allCaps = complete.allCaps;
  }
  return facts as Required<SpamFacts>;
}

/**
 * What the profile reads from one item: kept with stored items, so that profiling a source with
 * hundreds of stored items does not re-read every body each run (issue 7). `facts`: the item's
 * spam facts when they are at hand (its analysis); else a stored item's own, else read from it.
 */
export function profileFactsOf(item: ProfileItem, facts?: SpamFacts): ProfileFacts {
  if (!facts && item.profileFacts) return item.profileFacts;
  const read = facts ?? spamFactsOf(item);
  return { domains: read.domains, language: item.language ?? read.bodyLanguage, topics: read.topics };
}

/** Text of the content or, without content, the summary (htmlToText keeps recent answers, so asking twice is cheap). */
function bodyTextOf(item: FactsInput): string {
  return item.content ? htmlToText(item.content) : item.summary ? htmlToText(item.summary) : '';
}

/** The body's text with a line break between paragraphs (block elements), for the classifier. */
function bodyParagraphsOf(item: FactsInput): string {
  return item.content ? htmlToParagraphs(item.content) : item.summary ? htmlToParagraphs(item.summary) : '';
}

/** The classifier's features of an item: title and body, paragraph by paragraph. */
export function modelFeaturesOf(item: FactsInput): Uint32Array {
  return modelFeatures(modelText(item.title, bodyParagraphsOf(item)));
}

/**
 * Everything the profile and the score read from one item by itself, from its tokenised texts:
 * the vocabulary costs little once the text is tokenised. Worked out once per item by its caller
 * (dedupe/item-analysis.ts, ingest), who hands it to profileFactsOf and scoreSpam.
 */
export function spamFactsOf(item: FactsInput, texts?: SpamTexts): Required<SpamFacts> {
  return spamFactsFrom(item, texts ?? spamTextsOf(item));
}

function spamFactsFrom(item: FactsInput, texts: SpamTexts): Required<SpamFacts> {
  const bodyText = texts.body.stream.text;
  const bodyLinks = linksIn(`${item.content ?? ''} ${item.summary ?? ''}`);
  const [linkDomain, bodyDomains] = linkDomainsOf(item.link, bodyLinks);
  const domains = new Set(linkDomain ? [linkDomain, ...bodyDomains] : bodyDomains);
  const counts = bodyWordCounts(texts.body.stream);
  const title = item.title ?? '';
  // The old regexes read `${title} ${body} ${link words}` and `${content} ${summary}`: phrases may run across the joins.
  const linkText = tokenise(`${linkWords(item.link)} ${bodyLinks.map(linkWords).join(' ')}`);
  const topicParts = vocabularyPartsOf(phrasesIn([texts.content, texts.summary]));
  return {
    bodyWords: counts.words,
    bodyWordsBesideUrls: counts.wordsBesideUrls,
    bodyLinks,
    domains: [...domains],
    linkDomain,
    bodyDomains,
    bodyLanguage: item.language ? null : detectLanguage(bodyText),
    topics: VOCABULARY_CODES.filter((code) => combineVocabulary(topicParts[code]) > 0),
    fullLanguage: item.language ? null : detectLanguage(`${title}. ${bodyText}`),
    vocabulary: vocabularyPartsOf(phrasesIn([texts.title, texts.body, linkText])),
    affiliate: affiliateStrength(item.link, bodyLinks),
    allCaps: allCapsStrength(item.title ?? null),
  };
}

/** A subject the source often covers (a sports desk on betting, a finance blog on loans) counts half. */
function familiarity(code: VocabularyCode, profile: SourceProfile): number {
  const count = profile.topics?.[code] ?? 0;
  return profile.items > 0 && count >= 3 && count >= profile.items * FAMILIAR_TOPIC_SHARE ? 0.5 : 1;
}

function weightOf(code: SpamReason, overrides: Record<string, number>): number {
  const override = overrides[code];
  return typeof override === 'number' && Number.isFinite(override) ? override : SPAM_WEIGHTS[code];
}

/** Host and path words of a URL: spam domains name what they sell ("lucky-casino-mirror.example"). */
function linkWords(url: string | null): string {
  if (!url) return '';
  const parsed = parseUrl(url);
  return parsed === null ? '' : `${parsed.hostname} ${decodeURIComponentSafe(parsed.pathname)}`.replace(/[./_-]+/g, ' ');
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
