/**
 * A small language guesser for the spam check (issue 6: "Russian in an English feed"). It does not
 * need to be a general identifier, only to tell a source's usual language from a stranger's:
 * first by script (Cyrillic, Arabic, Devanagari, CJK, Hangul…), then, inside Latin and Cyrillic
 * text, by letters and very common function words that are distinctive for each language.
 * Returns ISO 639-1 codes, or null when the text is too short to say.
 */
import { htmlToText } from './html.js';
import { charClass, codePointAt, LETTER } from './text-tokens.js';

/** Fewer letters than this and a guess is noise (a title of two words, a bare URL). */
const MIN_LETTERS = 12;
/** A Latin-script guess needs at least this many function-word hits… */
const MIN_STOPWORD_HITS = 2;
/** …and the winner must lead the runner-up by this factor, else it is too close to call. */
const MIN_LEAD = 1.25;

/** Letters only: the Han and Latin scripts also contain a few symbols (〆, ª) that say nothing. */
const SCRIPTS: Array<[string, RegExp]> = [
  ['cyrillic', /(?=\p{L})\p{Script=Cyrillic}/gu],
  ['arabic', /(?=\p{L})\p{Script=Arabic}/gu],
  ['devanagari', /(?=\p{L})\p{Script=Devanagari}/gu],
  ['kana', /(?=\p{L})[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ['han', /(?=\p{L})\p{Script=Han}/gu],
  ['hangul', /(?=\p{L})\p{Script=Hangul}/gu],
  ['greek', /(?=\p{L})\p{Script=Greek}/gu],
  ['hebrew', /(?=\p{L})\p{Script=Hebrew}/gu],
  ['thai', /(?=\p{L})\p{Script=Thai}/gu],
  ['latin', /(?=\p{L})\p{Script=Latin}/gu],
];

/**
 * Function words chosen to be frequent in one language and rare in its neighbours (so "de", "la",
 * "a" — shared by the Romance languages — are left out). Hits are counted per token.
 */
const LATIN_STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'that', 'with', 'for', 'was', 'are', 'this', 'have', 'from', 'by', 'it', 'on', 'be', 'has', 'will', 'which', 'their', 'after', 'were', 'they'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'sich', 'auf', 'für', 'ein', 'eine', 'dem', 'den', 'wird', 'auch', 'nach', 'bei', 'wurde', 'zum', 'zur', 'sind', 'werden', 'über'],
  fr: ['le', 'les', 'des', 'est', 'une', 'et', 'du', 'dans', 'qui', 'pour', 'pas', 'sur', 'au', 'aux', 'avec', 'ce', 'sont', 'été', 'cette', 'leur', 'mais', 'ont', 'selon', 'après'],
  es: ['el', 'los', 'las', 'del', 'y', 'que', 'por', 'una', 'con', 'para', 'se', 'su', 'es', 'como', 'más', 'pero', 'sus', 'fue', 'este', 'está', 'han', 'según', 'también', 'muy'],
  it: ['il', 'di', 'che', 'gli', 'della', 'per', 'non', 'una', 'sono', 'nel', 'alla', 'dei', 'delle', 'anche', 'con', 'ha', 'è', 'lo', 'questo', 'dopo', 'più', 'stato', 'degli', 'nella'],
  pt: ['o', 'os', 'que', 'do', 'da', 'dos', 'das', 'em', 'um', 'uma', 'não', 'com', 'para', 'por', 'mais', 'foi', 'são', 'ao', 'pelo', 'pela', 'também', 'está', 'seu', 'sua'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'dat', 'op', 'zijn', 'met', 'voor', 'ook', 'bij', 'wordt', 'naar', 'werd', 'heeft', 'maar', 'door', 'nog', 'deze', 'uit', 'hun'],
  tr: ['ve', 'bir', 'bu', 'için', 'ile', 'da', 'de', 'olarak', 'çok', 'daha', 'gibi', 'olan', 'en', 'ama', 'sonra', 'kadar', 'ise', 'değil', 'var', 'yok', 'her', 'şu', 'mı', 'mi'],
  id: ['yang', 'dan', 'di', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'dari', 'dalam', 'akan', 'pada', 'juga', 'ke', 'ada', 'oleh', 'karena', 'bisa', 'sudah', 'saat', 'kami', 'mereka', 'atau', 'lebih'],
  pl: ['i', 'w', 'nie', 'się', 'na', 'jest', 'że', 'do', 'to', 'z', 'jak', 'ale', 'po', 'od', 'przez', 'już', 'oraz', 'jego', 'który', 'która', 'są', 'tak', 'dla', 'było'],
  sv: ['och', 'att', 'det', 'som', 'en', 'på', 'är', 'av', 'för', 'med', 'till', 'den', 'har', 'inte', 'om', 'ett', 'var', 'men', 'från', 'också', 'efter', 'sig', 'vid', 'kan'],
};

const STOPWORD_SETS: Array<[string, ReadonlySet<string>]> = Object.entries(LATIN_STOPWORDS).map(([language, words]) => [language, new Set(words)]);
/** Function word → the languages listing it: one lookup per token instead of one per token and language. */
const STOPWORD_LANGUAGES = new Map<string, string[]>();
for (const [language, set] of STOPWORD_SETS) for (const word of set) STOPWORD_LANGUAGES.set(word, [...(STOPWORD_LANGUAGES.get(word) ?? []), language]);
const LONGEST_STOPWORD = Math.max(...[...STOPWORD_LANGUAGES.keys()].map((word) => word.length));

/**
 * Letters that occur in one language's orthography and not its script-mates' (and Spanish's
 * inverted marks). French ç counts only before a, o or u, where no other language writes it.
 */
const LATIN_LETTERS: Record<string, string> = {
  de: 'ß',
  tr: 'ğış',
  pl: 'łąęśźżń',
  pt: 'ãõ',
  es: 'ñ¿¡',
  fr: 'œç',
};

const CYRILLIC_MARKERS: Record<string, RegExp> = {
  uk: /[іїєґ]/g,
  ru: /[ыэъё]/g,
  sr: /[ђћџљњ]/g,
};

/** ISO 639-1 code of the text's language, or null when there is too little text to tell. */
export function detectLanguage(text: string): string | null {
  let cleaned = htmlToText(text);
  // Most text has neither: the two replacements scan it for nothing (issue 11).
  if (MAY_HAVE_URL.test(cleaned)) cleaned = cleaned.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ');
  if (cleaned.includes('@')) cleaned = cleaned.replace(/\S+@\S+/g, ' ');
  cleaned = cleaned.toLowerCase();
  const scriptCounts = countScripts(cleaned);
  const letters = [...scriptCounts.values()].reduce((sum, count) => sum + count, 0);
  if (letters < MIN_LETTERS) return null;
  const script = dominantScript(scriptCounts);
  switch (script) {
    case 'cyrillic':
      return detectCyrillic(cleaned);
    case 'arabic':
      // Urdu letters (ٹ ڈ ڑ ں ے ھ) are absent from Arabic; Persian adds پ چ ژ گ without them.
      if (/[ٹڈڑںےھ]/.test(cleaned)) return 'ur';
      if (/[پچژگ]/.test(cleaned)) return 'fa';
      return 'ar';
    case 'devanagari':
      return 'hi';
    case 'kana':
      return 'ja';
    case 'han':
      // Kana appear in nearly every Japanese sentence; Han with (almost) none is Chinese.
      return (scriptCounts.get('kana') ?? 0) > letters * 0.05 ? 'ja' : 'zh';
    case 'hangul':
      return 'ko';
    case 'greek':
      return 'el';
    case 'hebrew':
      return 'he';
    case 'thai':
      return 'th';
    case 'latin':
      return detectLatin(cleaned);
    default:
      return null;
  }
}

const MAY_HAVE_URL = /https?:\/\/|www\./i;

/** Index into SCRIPTS + 1 of a code point's script among those letters (0: none), asked of the regexes once per code point. */
const scriptOfBmp = new Int8Array(0x10000).fill(-1);
const scriptOfAstral = new Map<number, number>();

function scriptOf(codePoint: number): number {
  let script = codePoint < 0x10000 ? scriptOfBmp[codePoint] : (scriptOfAstral.get(codePoint) ?? -1);
  if (script === -1) {
    const character = String.fromCodePoint(codePoint);
    script = SCRIPTS.findIndex(([, pattern]) => new RegExp(pattern.source, 'u').test(character)) + 1;
    if (codePoint < 0x10000) scriptOfBmp[codePoint] = script;
    else scriptOfAstral.set(codePoint, script);
  }
  return script;
}

function countScripts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  // ASCII letters are Latin and other ASCII is no letter; the rest is counted per code point as
  // the ten script regexes counted it, over the text with its ASCII removed (so a surrogate pair
  // split by ASCII still pairs up, as it did in that string).
  let asciiLetters = 0;
  const perScript = new Array<number>(SCRIPTS.length).fill(0);
  let pendingHigh = -1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      const code = unit | 0x20;
      if (code >= 0x61 && code <= 0x7a) asciiLetters++;
      continue;
    }
    let codePoint = unit;
    if (pendingHigh !== -1) {
      const high = pendingHigh;
      pendingHigh = -1;
      if (unit >= 0xdc00 && unit <= 0xdfff) codePoint = (high - 0xd800) * 0x400 + (unit - 0xdc00) + 0x10000;
      else count(high);
    }
    if (codePoint === unit && unit >= 0xd800 && unit <= 0xdbff) {
      pendingHigh = unit;
      continue;
    }
    count(codePoint);
  }
  if (pendingHigh !== -1) count(pendingHigh);
  function count(codePoint: number): void {
    const script = scriptOf(codePoint);
    if (script > 0) perScript[script - 1]++;
  }
  SCRIPTS.forEach(([name], index) => {
    const total = perScript[index] + (name === 'latin' ? asciiLetters : 0);
    if (total > 0) counts.set(name, total);
  });
  return counts;
}

function dominantScript(counts: Map<string, number>): string | null {
  // Kana outweigh Han for Japanese: a Japanese headline can be mostly kanji.
  const kana = counts.get('kana') ?? 0;
  const han = counts.get('han') ?? 0;
  if (kana > 0 && kana + han >= Math.max(...counts.values())) return 'kana';
  let best: string | null = null;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

function detectCyrillic(text: string): string {
  const uk = (text.match(CYRILLIC_MARKERS.uk) ?? []).length;
  const ru = (text.match(CYRILLIC_MARKERS.ru) ?? []).length;
  const sr = (text.match(CYRILLIC_MARKERS.sr) ?? []).length;
  if (sr > 0 && sr >= uk && sr >= ru) return 'sr';
  if (uk > ru) return 'uk';
  return 'ru';
}

/** Each function word's languages, as indexes into STOPWORD_SETS. */
const STOPWORD_INDEXES = new Map<string, number[]>([...STOPWORD_LANGUAGES].map(([word, languages]) => [word, languages.map((language) => STOPWORD_SETS.findIndex(([name]) => name === language))]));
/** Which LATIN_LETTERS language each of their letters (BMP code units) marks; ç counts only before a, o or u. */
const MARKER_LANGUAGE = new Map<number, number>();
for (const [language, letters] of Object.entries(LATIN_LETTERS)) {
  const index = STOPWORD_SETS.findIndex(([name]) => name === language);
  for (let i = 0; i < letters.length; i++) MARKER_LANGUAGE.set(letters.charCodeAt(i), index);
}
const C_CEDILLA = 0xe7;

function detectLatin(text: string): string | null {
  const hits = new Array<number>(STOPWORD_SETS.length).fill(0);
  const markers = new Array<number>(STOPWORD_SETS.length).fill(0);
  // One walk: the runs of letters (what split(/[^\p{L}]+/u) keeps; function words are short, so
  // longer runs need no lookup) and the marker letters, which took a regex per language before.
  let start = -1;
  const length = text.length;
  for (let i = 0; i <= length; ) {
    const unit = i < length ? text.charCodeAt(i) : 0x20;
    const codePoint = unit < 0x80 ? unit : codePointAt(text, i);
    const letter = codePoint < 0x80 ? (codePoint | 0x20) >= 0x61 && (codePoint | 0x20) <= 0x7a : (charClass(codePoint) & LETTER) !== 0;
    if (letter) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      const languages = i - start <= LONGEST_STOPWORD ? STOPWORD_INDEXES.get(text.slice(start, i)) : undefined;
      if (languages) for (const language of languages) hits[language]++;
      start = -1;
    }
    if (unit >= 0x80) {
      const marked = MARKER_LANGUAGE.get(unit);
      if (marked !== undefined) {
        const next = unit === C_CEDILLA ? text.charCodeAt(i + 1) : 0;
        if (unit !== C_CEDILLA || next === 0x61 || next === 0x6f || next === 0x75) markers[marked]++;
      }
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
  const scores: Array<[string, number]> = STOPWORD_SETS.map(([language], index) => [language, hits[index] + Math.min(3, markers[index]) * 0.5]);
  scores.sort((a, b) => b[1] - a[1]);
  const [best, runnerUp] = scores;
  if (best[1] < MIN_STOPWORD_HITS) return null;
  if (runnerUp && best[1] < runnerUp[1] * MIN_LEAD) return null;
  return best[0];
}
