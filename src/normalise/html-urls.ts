/**
 * URLs inside sanitised HTML: a scheme allowlist applied after entity decoding (the parser has
 * decoded them) and after the URL Standard's own clean-up, then relative URLs resolved against
 * the document's base (R36, R41). A URL that fails is dropped with its attribute, never rewritten
 * into something else.
 */
import { escapeAttribute, unescapeAttribute } from './html-escape.js';
import { cleanUrlText, stripTrackingParams } from './url.js';

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MEDIA_PROTOCOLS = new Set(['http:', 'https:']);
/** Raster images only: an SVG data URL is a document that can carry script when opened on its own. */
const IMAGE_DATA_URL = /^data:image\/(?:png|gif|jpeg|webp)(?:;[a-z0-9=._+-]*)*,/i;
/** Relative URLs are checked by resolving against a placeholder that is never fetched. */
const PLACEHOLDER_BASE = 'http://base.invalid/';

const ABSOLUTE_WEB = /^https?:\/\/[^\\]/i;

function parse(value: string, base?: string): URL | null {
  try {
    return base === undefined ? new URL(value) : new URL(value, base);
  } catch {
    return null;
  }
}

/**
 * The value to keep for a URL attribute, or null to drop it. `base` must already be a usable
 * http(s) URL or null (see `usableBase`).
 */
export function sanitiseUrlAttribute(raw: string, attribute: string, tag: string, base: string | null): string | null {
  const cleaned = cleanUrlText(raw);
  if (cleaned === '') return null;
  if (tag === 'img' && attribute === 'src' && IMAGE_DATA_URL.test(cleaned)) return cleaned;
  const allowed = attribute === 'href' ? LINK_PROTOCOLS : MEDIA_PROTOCOLS;
  // Most URLs in feeds are already absolute: one parse instead of two (the base is parsed too).
  const absolute = ABSOLUTE_WEB.test(cleaned) ? parse(cleaned) : null;
  if (absolute) return absolute.href;
  const resolved = parse(cleaned, base ?? PLACEHOLDER_BASE);
  if (!resolved || !allowed.has(resolved.protocol)) return null;
  if (base !== null) return resolved.href;
  // No base to resolve against: an absolute URL is normalised, a relative one kept as written.
  return resolved.host === 'base.invalid' && !/^[a-z][a-z0-9+.-]*:/i.test(cleaned) ? cleaned : resolved.href;
}

/**
 * `srcset` is a comma-separated list of "URL [descriptor]" candidates (HTML "parse a srcset
 * attribute"); each URL is checked on its own and unsafe candidates are dropped.
 */
export function sanitiseSrcset(raw: string, base: string | null): string | null {
  const kept: string[] = [];
  for (const candidate of splitSrcset(raw)) {
    const url = sanitiseUrlAttribute(candidate.url, 'src', 'source', base);
    if (url !== null && !/[\s,]/.test(url)) kept.push(candidate.descriptor ? `${url} ${candidate.descriptor}` : url);
  }
  return kept.length > 0 ? kept.join(', ') : null;
}

function splitSrcset(raw: string): { url: string; descriptor: string }[] {
  const candidates: { url: string; descriptor: string }[] = [];
  let position = 0;
  while (position < raw.length) {
    while (position < raw.length && /[\s,]/.test(raw[position])) position++;
    if (position >= raw.length) break;
    let end = position;
    while (end < raw.length && !/\s/.test(raw[end])) end++;
    let url = raw.slice(position, end);
    position = end;
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const comma = raw.indexOf(',', position);
      const stop = comma === -1 ? raw.length : comma;
      descriptor = raw.slice(position, stop).trim().replace(/\s+/g, ' ');
      position = stop + 1;
    }
    // Descriptors are width/density numbers ("640w", "2x"); anything else is not passed through.
    if (!/^(?:\d+w|\d+(?:\.\d+)?x|\d+h)?(?: \d+(?:w|h|(?:\.\d+)?x))*$/i.test(descriptor)) descriptor = '';
    if (url !== '') candidates.push({ url, descriptor });
  }
  return candidates;
}

/** A tag of sanitised HTML: text there has `<` escaped, so every `<` opens a tag and attribute values hold no `>`. */
const SANITISED_TAG = /<[a-z][a-z0-9]*\s[^>]*>/g;
const URL_ATTRIBUTE = /\s(href|src|cite|poster|srcset)="([^"]*)"/g;

/**
 * Tracking parameters stripped from every URL of already sanitised HTML (the sanitiser's own
 * output: attributes double-quoted and escaped with the five XML escapes only). The sanitiser keeps
 * them, since `parse --json` prints the article as the feed wrote it; they go where feedloom
 * publishes (issue 15).
 */
export function stripTrackingParamsInHtml(html: string): string {
  if (!html.includes('?')) return html;
  return html.replace(SANITISED_TAG, (tag) =>
    tag.includes('?')
      ? tag.replace(URL_ATTRIBUTE, (whole, name: string, value: string) => {
          if (!value.includes('?')) return whole;
          const url = unescapeAttribute(value);
          const stripped = name === 'srcset' ? url.split(', ').map(stripCandidate).join(', ') : stripTrackingParams(url);
          return stripped === url ? whole : ` ${name}="${escapeAttribute(stripped)}"`;
        })
      : tag,
  );
}

/** One srcset candidate, "URL [descriptor]": sanitiseSrcset joins them with ", " and keeps no URL with a comma or space. */
function stripCandidate(candidate: string): string {
  const space = candidate.indexOf(' ');
  return space === -1 ? stripTrackingParams(candidate) : stripTrackingParams(candidate.slice(0, space)) + candidate.slice(space);
}
