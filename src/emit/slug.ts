/**
 * Readable, unique page slugs (issue 6 "Pages"): transliterated to Latin so a Russian headline gives
 * `moskva-...` rather than a wall of percent-escapes, accents stripped, lowercase, hyphenated. The
 * one slug rule: the title's form, a fallback when the title gives nothing readable, and a number
 * on a collision. An item's slug is made once, when it is first stored (newItemSlug); output only
 * makes one for an item that has none of its own (assignOutputSlugs).
 */
import { createHash } from 'node:crypto';
import type { StoredItem } from '../core/types.js';

const MAX_SLUG_LENGTH = 80;
// eslint-disable-next-line no-control-regex
const ALL_ASCII = /^[\u0000-\u007f]*$/;

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

/** `taken` is the slugs to avoid; the one handed out is added to it. `fallback` is asked for only when the title gives nothing readable. */
export function makeSlug(title: string | null, fallback: string | (() => string), taken: Set<string>): string {
  const base = slugBase(title, fallback);
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

function slugBase(title: string | null, fallback: string | (() => string)): string {
  return slugify(title ?? '') || slugify(typeof fallback === 'string' ? fallback : fallback()) || 'post';
}

/** A new item's slug, stored with it: its title's, else a hash of its uid (stable across runs). */
export function newItemSlug(title: string | null, uid: string, taken: Set<string>): string {
  return makeSlug(title, () => uidHash(uid), taken);
}

/** What newItemSlug numbers on a collision: a shared store reads the taken slugs that start with it. */
export function newItemSlugBase(title: string | null, uid: string): string {
  return slugBase(title, () => uidHash(uid));
}

/**
 * Every output item's slug: its stored one, unless an item before it in `items` has that slug
 * already; the others (stored before slugs existed, or a slug two processes of a shared store both
 * took) get one here, in uid order so the result does not depend on the item order. Their fallback
 * is `post-` + the uid hash, not newItemSlug's bare hash: the pages such items were published
 * under keep their addresses.
 */
export function assignOutputSlugs(items: StoredItem[]): Map<string, string> {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  const missing: StoredItem[] = [];
  for (const item of items) {
    if (item.slug && !taken.has(item.slug)) {
      slugs.set(item.uid, item.slug);
      taken.add(item.slug);
    } else missing.push(item);
  }
  missing.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  for (const item of missing) slugs.set(item.uid, makeSlug(item.title, `post-${uidHash(item.uid)}`, taken));
  return slugs;
}

function uidHash(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 10);
}

/** The transliterated, hyphenated form of `text`, possibly empty (e.g. for a Chinese title). */
export function slugify(text: string): string {
  const lower = text.toLowerCase();
  // ASCII has nothing to transliterate or decompose (most headlines of most feeds).
  let ascii = lower;
  if (!ALL_ASCII.test(lower)) {
    let latin = '';
    for (const char of lower) latin += CYRILLIC[char] ?? SPECIAL_LATIN[char] ?? char;
    ascii = latin.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  }
  const hyphenated = ascii.replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (hyphenated.length <= MAX_SLUG_LENGTH) return hyphenated;
  const cut = hyphenated.slice(0, MAX_SLUG_LENGTH);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}
