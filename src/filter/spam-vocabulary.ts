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
 * Phrases are lower case and matched against lower-cased text (case-insensitive Unicode regexes
 * are many times slower); words are separated by any run of spaces or hyphens; a trailing `*`
 * matches the rest of a word (stems for inflected languages).
 */
export type VocabularyCode = 'SPAM_GAMBLING' | 'SPAM_LOAN' | 'SPAM_CRYPTO';

export interface VocabularyTerm {
  pattern: RegExp;
  strength: number;
  promotional: boolean;
}

export const PROMOTIONAL_STRENGTH = 0.75;
export const TOPICAL_STRENGTH = 0.2;
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

export const PITCH_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${PITCH_PHRASES.map(phraseSource).join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);

export const SPAM_VOCABULARY: Record<VocabularyCode, VocabularyTerm[]> = {
  SPAM_GAMBLING: [...compile(GAMBLING_PROMOTIONAL, true), ...compile(GAMBLING_TOPICAL, false)],
  SPAM_LOAN: [...compile(LOAN_PROMOTIONAL, true), ...compile(LOAN_TOPICAL, false)],
  SPAM_CRYPTO: [...compile(CRYPTO_PROMOTIONAL, true), ...compile(CRYPTO_TOPICAL, false)],
};

/** One alternation per category: most text matches none, and one regex pass settles that. */
export const SPAM_VOCABULARY_ANY: Record<VocabularyCode, RegExp> = {
  SPAM_GAMBLING: anyOf([...GAMBLING_PROMOTIONAL, ...GAMBLING_TOPICAL]),
  SPAM_LOAN: anyOf([...LOAN_PROMOTIONAL, ...LOAN_TOPICAL]),
  SPAM_CRYPTO: anyOf([...CRYPTO_PROMOTIONAL, ...CRYPTO_TOPICAL]),
};

/** Every subject at once: most text matches none, and then one pass answers for all three. */
export const SPAM_VOCABULARY_ANY_SUBJECT: RegExp = anyOf([
  ...GAMBLING_PROMOTIONAL,
  ...GAMBLING_TOPICAL,
  ...LOAN_PROMOTIONAL,
  ...LOAN_TOPICAL,
  ...CRYPTO_PROMOTIONAL,
  ...CRYPTO_TOPICAL,
]);

function anyOf(phrases: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...new Set(phrases)].map(phraseSource).join('|')})(?![\\p{L}\\p{N}])`, 'u');
}

function compile(phrases: string[], promotional: boolean): VocabularyTerm[] {
  const unique = [...new Set(phrases)];
  return unique.map((phrase) => ({
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])${phraseSource(phrase)}(?![\\p{L}\\p{N}])`, 'u'),
    strength: promotional ? PROMOTIONAL_STRENGTH : TOPICAL_STRENGTH,
    promotional,
  }));
}

function phraseSource(phrase: string): string {
  return phrase
    .split(/[\s-]+/)
    .map((word) => {
      const stem = word.endsWith('*');
      const body = (stem ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]");
      return stem ? `${body}[\\p{L}\\p{N}]*` : body;
    })
    .join('[\\s\\-]+');
}
