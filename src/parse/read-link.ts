/** Link elements of RSS and Atom: the item's page, or an enclosure. */
import { mapContentType } from './text-construct.js';
import { resolveAgainst } from './urls.js';
import { attr, ownText, type XmlElement } from './xml-tree.js';

export interface RawEnclosure {
  url: string;
  type: string | null;
  length: string | null;
}

export interface LinkRead {
  /** The href when this is an HTML alternate link, or the text of an RSS link. */
  alternate: string | null;
  enclosure: RawEnclosure | null;
}

/** Atom `<link rel href type>` (RFC 4287 §4.2.7: rel defaults to alternate) or RSS `<link>text</link>`. */
export function readLink(element: XmlElement, base: string | null): LinkRead {
  const rel = (attr(element, 'rel') ?? 'alternate').trim().toLowerCase();
  const type = mapContentType(attr(element, 'type') ?? (rel === 'self' ? 'application/atom+xml' : 'text/html'));
  const href = attr(element, 'href') ?? attr(element, 'url');
  // Without href the text is the URL (RSS <link>, or Atom links written the RSS way), and the
  // reference takes such a text as the item's link whatever its rel.
  const text = href === null ? ownText(element).trim() : null;
  const raw = (href ?? text ?? '').trim();
  const url = raw === '' ? '' : resolveAgainst(raw, base);
  if (rel === 'enclosure') {
    return { alternate: text === null ? null : url, enclosure: url ? { url, type: attr(element, 'type'), length: attr(element, 'length') } : null };
  }
  if (text !== null) return { alternate: url, enclosure: null };
  const html = type === 'text/html' || type === 'application/xhtml+xml';
  return { alternate: rel === 'alternate' && html ? url : null, enclosure: null };
}
