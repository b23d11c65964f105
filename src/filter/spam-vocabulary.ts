/**
 * Spam vocabulary (issue 6): gambling, loan and crypto-pump phrases in English, Russian, Ukrainian,
 * German, French, Spanish, Portuguese, Italian, Turkish and Indonesian — the languages the spam
 * that reaches planet-style aggregators is seen in.
 *
 * Two strengths, because news writes about these subjects too:
 * - PROMOTIONAL phrases sell ("free spins", "no deposit bonus", "рабочее зеркало", "slot gacor",
 *   "kredit ohne Schufa", "next 100x gem"). Two of them alone hold an item.
 * - TOPICAL words name the subject ("casino", "ставки", "Kredit", "bitcoin"). Together they add at
 *   most TOPICAL_CAP, so an article about gambling regulation or mortgage rates is never held for
 *   its subject alone.
 *
 * Phrases are lower case and matched against the lower-cased text word by word, looked up while
 * the text is tokenised (issue 11: one alternation regex with Unicode lookbehinds per item was the
 * largest single cost of analysis); words are separated by any run of spaces or hyphens; a
 * trailing `*` matches the rest of a word (stems for inflected languages).
 */
import { FNV_OFFSET, FNV_PRIME, type TextStream, type TokenWatcher } from '../normalise/text-tokens.js';

export type VocabularyCode = 'SPAM_GAMBLING' | 'SPAM_LOAN' | 'SPAM_CRYPTO';

const PROMOTIONAL_STRENGTH = 0.75;
const TOPICAL_STRENGTH = 0.2;
export const TOPICAL_CAP = 0.4;
/** A category's strength never exceeds this, however many phrases repeat. */
export const VOCABULARY_CAP = 1.5;

const GAMBLING_PROMOTIONAL = [
  // en
  'free spins', 'no deposit', 'deposit bonus', 'welcome bonus', 'bonus code', 'casino bonus', 'best online casino*',
  'top online casino*', 'casino mirror', 'play slots', 'slot machines online', 'jackpot awaits', 'win real money',
  'sign up bonus', 'sure bets', 'bet now', 'spin now', 'claim your bonus', 'wager free', 'instant withdrawal*',
  // ru / uk
  'зеркал* казино', 'рабоч* зеркал*', 'актуальн* зеркал*', 'зеркал* на сегодня', 'официальный сайт казино', 'бездепозитн*',
  'фриспин*', 'бесплатн* вращени*', 'промокод*', 'игров* автомат*', 'играть на деньги',
  'вывод* выигрыш*', 'бонус* за регистрацию', 'бонус* на первый депозит', 'дзеркал* казино', 'безкоштовні оберти',
  // de
  'freispiele', 'ohne einzahlung', 'bonus ohne', 'echtgeld', 'casino bonus', 'spielautomaten online',
  // fr
  'tours gratuits', 'sans dépôt', 'bonus de bienvenue', 'machines à sous en ligne', 'jouez maintenant',
  // es
  'giros gratis', 'sin depósito', 'bono de bienvenida', 'tragamonedas online', 'apuesta ya',
  // pt
  'rodadas grátis', 'sem depósito', 'bônus de boas', 'caça níqueis', 'aposte agora',
  // it
  'giri gratis', 'senza deposito', 'bonus di benvenuto',
  // tr
  'deneme bonusu', 'bedava spin', 'casino siteleri', 'bahis siteleri', 'yatırımsız', 'kaçak bahis', 'canlı casino', 'güncel giriş',
  // id
  'slot gacor', 'situs slot', 'bonus new member', 'deposit pulsa', 'maxwin', 'link alternatif', 'gampang menang',
];

const GAMBLING_TOPICAL = [
  'casino*', 'gambling', 'betting', 'bookmaker*', 'jackpot', 'poker', 'slots', 'bonus rounds', 'odds', 'free bet*', 'roulette', 'blackjack', 'wager*', 'online casino*',
  'betting tips', 'casino online', 'casino en ligne', 'casino en línea', 'cassino online', 'casinò online', 'slot online',
  'казино', 'онлайн казино', 'зеркал*', 'ставки', 'букмекер*', 'джекпот', 'слоты', 'рулетк*', 'азартн*',
  'glücksspiel*', 'wetten', 'jeux d’argent', 'paris sportifs', 'apuestas', 'apostas', 'scommesse', 'bahis', 'kumar', 'judi', 'judi online', 'situs judi',
];

const LOAN_PROMOTIONAL = [
  // en
  'payday loan*', 'no credit check', 'instant approval', 'bad credit loan*', 'guaranteed approval', 'cash advance', 'same day loan*',
  'get cash now', 'apply now and get', 'loan approved in', 'quick loan*', 'instant loan*', 'fast cash',
  // ru / uk
  'займ без отказа', 'займы без отказа', 'займ на карту', 'микрозайм*', 'кредит без справок', 'деньги до зарплаты',
  'без проверки кредитной истории', 'одобрение за', 'кредит онлайн без', 'позика на картку', 'кредит без довідок',
  // de
  'kredit ohne schufa', 'sofortkredit*', 'sofortzusage', 'blitzkredit*',
  // fr
  'crédit rapide', 'prêt sans justificatif', 'prêt rapide', 'crédit sans justificatif',
  // es
  'préstamos rápidos', 'préstamo rápido', 'préstamo sin aval', 'sin buró', 'dinero al instante', 'préstamos sin',
  // pt
  'empréstimo rápido', 'sem consulta ao spc', 'sem consulta spc', 'dinheiro na hora', 'empréstimo online sem',
  // it
  'prestiti veloci', 'prestito veloce', 'prestito senza busta paga', 'prestiti senza garanzie',
  // tr
  'hızlı kredi', 'kredi onayı', 'anında kredi', 'kefilsiz kredi',
  // id
  'pinjaman online', 'pinjol', 'dana cepat cair', 'pinjaman tanpa jaminan', 'langsung cair',
];

const LOAN_TOPICAL = [
  'loan*', 'lender*', 'credit score', 'кредит*', 'займ*', 'kredit*', 'prêt*', 'préstamo*', 'empréstimo*', 'prestit*', 'pinjaman',
];

const CRYPTO_PROMOTIONAL = [
  // en
  'token presale', 'crypto presale', 'presale live', 'presale stage', 'token airdrop', 'crypto airdrop', 'claim airdrop',
  'claim your airdrop', '100x gem', '1000x gem', 'next 100x', 'next 1000x', '100x potential', '1000x potential',
  'guaranteed returns', 'guaranteed profit*', 'double your bitcoin', 'double your crypto', 'pump signal*', 'pump group',
  'gem alert', 'whitelist spot*', 'moon soon',
  // ru / uk
  'пресейл*', 'аирдроп*', 'эирдроп*', 'гарантированн* доход*', 'гарантированн* прибыл*', 'памп*', 'удвоит* биткоин*', 'х100', 'x100',
  // de
  'garantierte rendite', 'krypto geheimtipp', 'jetzt einsteigen und',
  // fr
  'rendement garanti', 'doublez vos',
  // es
  'rentabilidad garantizada', 'duplica tus', 'ganancias garantizadas',
  // pt
  'lucro garantido', 'dobre seus', 'ganhos garantidos',
  // it
  'guadagno garantito', 'rendimento garantito',
  // tr
  'garantili kazanç', 'coin ön satış',
  // id
  'profit pasti', 'cuan besar', 'airdrop gratis',
];

const CRYPTO_TOPICAL = [
  // Not 'crypto*': that matched "cryptography" and held an HN post on one-way functions.
  'crypto', 'cryptos', 'cryptocurrenc*', 'cryptowährung*', 'cryptomonnaie*', 'criptomoned*', 'criptovalut*', 'bitcoin', 'altcoin*', 'blockchain', 'trading signals', 'trading bot', 'forex', 'криптомонет*', 'passive income', 'пассивный доход', 'passives einkommen', 'revenu passif',
  'ingresos pasivos', 'renda passiva', 'reddito passivo', 'pasif gelir', 'penghasilan pasif', 'presale', 'airdrop', 'криптовалют*', 'биткоин*', 'токен*', 'krypto*', 'kripto*', 'cripto*',
];

/**
 * The sales pitch: calls to action and promises of money, in the same languages. Alone it means
 * nothing (shops and newsletters say "sign up"); next to a gambling, loan or crypto word it turns
 * a subject into a promotion, adding PITCH_STRENGTH to that category.
 */
export const PITCH_STRENGTH = 0.6;
const PITCH_PHRASES = [
  // en
  'sign up now', 'sign up today', 'register now', 'register today', 'join now', 'join today', 'join us', 'join the vip*',
  'apply now', 'apply today', 'apply online', 'claim your', 'claim now', 'click here', 'start earning', 'play now', 'bet with us',
  'get started', 'win rate', 'cash out in', 'approved today', 'approved in minutes', 'approved within', 'money sent',
  'whatever your credit', 'a day with', 'per day', 'a day from home', 'limited spots', 'act now', 'for new customers',
  // ru / uk
  'зарегистрируй*', 'регистрируй*', 'получи', 'забери', 'жми', 'переходи', 'выиграй', 'успей*', 'в день', 'отримай', 'на день',
  // de
  'jetzt registrieren', 'jetzt anmelden', 'jetzt spielen', 'jetzt beantragen', 'jetzt sichern', 'melde dich an', 'pro tag', 'garantiert',
  // fr
  'inscrivez vous', 'pariez', 'jouez maintenant', 'profitez dès', 'par jour', 'gagnez',
  // es
  'regístrate', 'apuesta ya', 'apuesta ahora', 'juega ya', 'juega ahora', 'solicítalo', 'gana dinero', 'al día', 'ganan',
  // pt
  'cadastre se', 'aposte já', 'aposte agora', 'jogue já', 'jogue agora', 'ganhe dinheiro', 'por dia', 'ganhe',
  // it
  'iscriviti', 'gioca ora', 'scommetti ora', 'guadagna*', 'al giorno',
  // tr
  'hemen üye ol', 'hemen başvur', 'hemen kayıt', 'tıklayın', 'kazan', 'günde',
  // id
  'daftar sekarang', 'main sekarang', 'klaim', 'dapatkan bonus', 'sehari', 'per hari',
];

/** One word of a phrase: a run of letters and digits (a stem when it ended in `*`); `apostrophe`: joined to the word before by ' or ’, not by spaces or hyphens. */
interface PhrasePart {
  text: string;
  stem: boolean;
  apostrophe: boolean;
}

export interface VocabularyTerm {
  /** Index into PHRASES. */
  phrase: number;
  strength: number;
  promotional: boolean;
}

/** Every distinct phrase of every list, as words (the lists share some: "casino bonus", "jouez maintenant"). */
const PHRASES: PhrasePart[][] = [];
const phraseIds = new Map<string, number>();

function phraseId(phrase: string): number {
  let id = phraseIds.get(phrase);
  if (id === undefined) {
    id = PHRASES.length;
    phraseIds.set(phrase, id);
    PHRASES.push(partsOf(phrase));
  }
  return id;
}

/**
 * The phrase as the token stream reads it (normalise/text-tokens.ts): words separated by any run
 * of white space or hyphens, "d’argent" two runs joined by one apostrophe, a trailing `*` the rest
 * of a run. A phrase that cannot be read that way is a mistake in the lists above.
 */
function partsOf(phrase: string): PhrasePart[] {
  const parts: PhrasePart[] = [];
  for (const word of phrase.split(/[\s-]+/)) {
    const stem = word.endsWith('*');
    const pieces = (stem ? word.slice(0, -1) : word).split(/['’]/);
    pieces.forEach((text, index) => {
      if (!/^[\p{L}\p{N}]+$/u.test(text) || text !== text.toLowerCase()) throw new Error(`spam vocabulary: cannot match "${phrase}" by words`);
      parts.push({ text, stem: stem && index === pieces.length - 1, apostrophe: index > 0 });
    });
  }
  return parts;
}

function compile(phrases: string[], promotional: boolean): VocabularyTerm[] {
  return [...new Set(phrases)].map((phrase) => ({ phrase: phraseId(phrase), strength: promotional ? PROMOTIONAL_STRENGTH : TOPICAL_STRENGTH, promotional }));
}

export const SPAM_VOCABULARY: Record<VocabularyCode, VocabularyTerm[]> = {
  SPAM_GAMBLING: [...compile(GAMBLING_PROMOTIONAL, true), ...compile(GAMBLING_TOPICAL, false)],
  SPAM_LOAN: [...compile(LOAN_PROMOTIONAL, true), ...compile(LOAN_TOPICAL, false)],
  SPAM_CRYPTO: [...compile(CRYPTO_PROMOTIONAL, true), ...compile(CRYPTO_TOPICAL, false)],
};
export const PITCH_PHRASE_IDS: readonly number[] = [...new Set(PITCH_PHRASES)].map(phraseId);
const PHRASE_COUNT = PHRASES.length;

/** Phrases by the FNV-1a hash of their first word: exact first words, and stems (probed at each prefix length). */
const byFirstWord = new Map<number, number[]>();
const byFirstStem = new Map<number, number[]>();
const stemLengths = new Uint8Array(64);
/** Characters some first-word stem starts with: other runs need no probe at each prefix. */
const stemStarts = new Uint8Array(0x10000);
/**
 * The low 16 bits of every key of byFirstWord (byFirstStem): a token whose bit is clear starts no
 * phrase, and most tokens are answered by this one read instead of a map lookup (issue 11).
 */
const firstWordBits = new Uint8Array(1 << 16);
const firstStemBits = new Uint8Array(1 << 16);
PHRASES.forEach((parts, id) => {
  const first = parts[0];
  const index = first.stem ? byFirstStem : byFirstWord;
  const hash = key(fnv(first.text));
  index.set(hash, [...(index.get(hash) ?? []), id]);
  (first.stem ? firstStemBits : firstWordBits)[hash & 0xffff] = 1;
  if (first.stem) {
    stemLengths[first.text.length] = 1;
    stemStarts[first.text.charCodeAt(0)] = 1;
  }
});

/** Hashes cut to 30 bits: small-integer map keys are much faster to look up than 32-bit ones. */
function key(hash: number): number {
  return hash & 0x3fffffff;
}

function fnv(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
  return hash;
}

/** Where a phrase may start in one text: pairs of (run index, phrase id), found while the text is tokenised. */
export interface PhraseCandidates extends TokenWatcher {
  found: number[];
}

export function phraseCandidates(): PhraseCandidates {
  const found: number[] = [];
  return {
    found,
    stemLengths,
    stemStarts,
    onPrefix(hash, _length, token) {
      if (firstStemBits[hash & 0xffff] === 0) return;
      const ids = byFirstStem.get(key(hash));
      if (ids) for (const id of ids) found.push(token, id);
    },
    onToken(hash, token) {
      if (firstWordBits[hash & 0xffff] === 0) return;
      const ids = byFirstWord.get(key(hash));
      if (ids) for (const id of ids) found.push(token, id);
    },
  };
}

/**
 * Which phrases occur in the texts joined by single spaces (the old regex ran over
 * `${title} ${body} …`, so a phrase may run from one text into the next): a flag per phrase id.
 * Matching as the old regexes on the lower-cased text did: each word a whole run of letters and
 * digits (a stem its start), the gaps between them only white space and hyphens.
 */
export function phrasesIn(texts: Array<{ stream: TextStream; candidates: PhraseCandidates }>): Uint8Array {
  const found = new Uint8Array(PHRASE_COUNT);
  texts.forEach(({ candidates }, part) => {
    const list = candidates.found;
    for (let k = 0; k < list.length; k += 2) {
      const id = list[k + 1];
      if (found[id] === 0 && phraseAt(texts, part, list[k], PHRASES[id])) found[id] = 1;
    }
  });
  return found;
}

function wordMatches(stream: TextStream, token: number, part: PhrasePart): boolean {
  const start = stream.starts[token];
  const length = stream.ends[token] - start;
  if (part.stem ? length < part.text.length : length !== part.text.length) return false;
  return stream.lower.startsWith(part.text, start);
}

function phraseAt(texts: Array<{ stream: TextStream }>, part: number, token: number, parts: PhrasePart[]): boolean {
  let stream = texts[part].stream;
  if (!wordMatches(stream, token, parts[0])) return false;
  for (let k = 1; k < parts.length; k++) {
    let spaceDash: number;
    let apostrophe = 0;
    if (token + 1 < stream.starts.length) {
      token++;
      spaceDash = stream.gapSpaceDash[token];
      apostrophe = stream.gapApostrophe[token];
    } else {
      // Into the next text with runs: the gap is this one's tail, a space, any empty texts (each and a space) and its head.
      spaceDash = stream.gapSpaceDash[stream.starts.length];
      let next = part + 1;
      while (next < texts.length && texts[next].stream.starts.length === 0) spaceDash &= texts[next++].stream.gapSpaceDash[0];
      if (next >= texts.length) return false;
      part = next;
      stream = texts[part].stream;
      token = 0;
      spaceDash &= stream.gapSpaceDash[0];
    }
    if (parts[k].apostrophe ? apostrophe === 0 : spaceDash === 0) return false;
    if (!wordMatches(stream, token, parts[k])) return false;
  }
  return true;
}
