/**
 * Readable, unique page slugs (issue 6 "Pages"): transliterated to Latin so a Russian headline gives
 * `moskva-...` rather than a wall of percent-escapes, accents stripped, lowercase, hyphenated.
 */

const MAX_SLUG_LENGTH = 80;

// Russian (GOST 7.79-2000 system B style, simplified), plus Ukrainian and Belarusian letters.
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: 'u',
};

// Letters that Unicode decomposition does not reduce to ASCII.
const SPECIAL_LATIN: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h',
};

export function makeSlug(title: string | null, fallback: string, taken: Set<string>): string {
  const base = slugify(title ?? '') || slugify(fallback) || 'post';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

/** The transliterated, hyphenated form of `text`, possibly empty (e.g. for a Chinese title). */
export function slugify(text: string): string {
  const lower = text.toLowerCase();
  let latin = '';
  for (const char of lower) latin += CYRILLIC[char] ?? SPECIAL_LATIN[char] ?? char;
  const ascii = latin.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const hyphenated = ascii.replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (hyphenated.length <= MAX_SLUG_LENGTH) return hyphenated;
  const cut = hyphenated.slice(0, MAX_SLUG_LENGTH);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}
