/**
 * The picture an index card shows for an item, if it has one: the feed's own thumbnail (media:thumbnail,
 * JSON Feed `image`: what the publisher chose to stand for the article), else an image enclosure, else
 * the first image of the article big enough to be more than an icon. Only http(s) URLs: a card never
 * hotlinks a data: or any other URL, whatever the sanitiser let into the body.
 */
import type { Enclosure, StoredItem } from '../core/types.js';
import { unescapeAttribute } from '../normalise/html-escape.js';
import { safeHttpUrl } from '../normalise/url.js';

/** Displayed at 4:3 (templates/style.css); the attributes reserve that box before the image arrives. */
export const THUMBNAIL_SIZE = { width: 160, height: 120 } as const;

/** Content images smaller than this on either side are smileys, badges and share buttons, not pictures. */
const MIN_CONTENT_IMAGE_PX = 64;

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])/i;
/** An img tag of sanitised HTML: attributes double-quoted, values escaped, so none holds `>`. */
const IMG_TAG = /<img\s[^>]*>/g;

export function thumbnailOf(item: Pick<StoredItem, 'thumbnail' | 'enclosures' | 'content' | 'summary'>): string | null {
  return (
    safeHttpUrl(item.thumbnail) ??
    item.enclosures.map((enclosure) => (isImage(enclosure) ? safeHttpUrl(enclosure.url) : null)).find((url) => url !== null) ??
    firstContentImage(item.content ?? item.summary)
  );
}

function isImage(enclosure: Enclosure): boolean {
  return enclosure.type ? enclosure.type.toLowerCase().startsWith('image/') : IMAGE_FILE.test(enclosure.url);
}

function firstContentImage(html: string | null): string | null {
  if (!html || !html.includes('<img')) return null;
  for (const [tag] of html.matchAll(IMG_TAG)) {
    const size = (name: string) => Number.parseFloat(attribute(tag, name) ?? '');
    if (size('width') < MIN_CONTENT_IMAGE_PX || size('height') < MIN_CONTENT_IMAGE_PX) continue;
    const url = safeHttpUrl(attribute(tag, 'src'));
    if (url) return url;
  }
  return null;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? unescapeAttribute(match[1]) : null;
}
