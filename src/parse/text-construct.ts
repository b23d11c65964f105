/**
 * Reads an element that carries text or markup (title, description, Atom text constructs) into
 * a value and whether it is HTML. Atom `type="text|html|xhtml"` (RFC 4287 §3.1) and Atom 0.3
 * `mode="escaped|base64|xml"` decide for Atom; RSS never says, so RSS text "looks like HTML"
 * when it carries an end tag or an entity reference and only ordinary HTML tags — the rule
 * feedparser applies and the corpus expectations follow.
 */
import { attr, hasChildElements, textOf, type XmlElement, type XmlNode } from './xml-tree.js';
import { escapeHtml } from '../normalise/text.js';
import { decodeHTML, DecodingMode } from 'entities/decode';

export interface TextValue {
  value: string;
  /** The effective media type: text/plain, text/html, application/xhtml+xml or what the feed said. */
  type: string;
}

/** Ordinary HTML elements (feedparser's acceptable_elements): markup made only of these is HTML. */
const HTML_ELEMENTS = new Set(
  ('a abbr acronym address area article aside audio b big blockquote br button canvas caption center cite code col ' +
    'colgroup command datagrid datalist dd del details dfn dialog dir div dl dt em event-source fieldset figcaption ' +
    'figure font footer form h1 h2 h3 h4 h5 h6 header hr i img input ins kbd keygen label legend li m map menu meter ' +
    'multicol nav nextid noscript ol optgroup option output p pre progress q s samp section select small sound source ' +
    'spacer span strike strong sub sup table tbody td textarea tfoot th thead time tr tt u ul var video').split(' '),
);
const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'hr', 'img', 'input', 'source', 'wbr', 'embed', 'param', 'track']);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export function mapContentType(type: string): string {
  const lower = type.trim().toLowerCase();
  if (lower === 'text' || lower === 'plain') return 'text/plain';
  if (lower === 'html') return 'text/html';
  if (lower === 'xhtml') return 'application/xhtml+xml';
  return lower;
}

/**
 * @param defaultType what the element means when it has no type attribute
 * @param atom whether the document is Atom (no HTML guessing there)
 */
export function readTextConstruct(element: XmlElement, defaultType: string, atom: boolean): TextValue {
  let type = mapContentType(attr(element, 'type') ?? defaultType);
  const mode = (attr(element, 'mode') ?? '').toLowerCase();
  let value: string;
  if (hasChildElements(element)) {
    // Inline markup is markup whatever the type says (feedparser switches such content to XHTML).
    value = serialiseChildren(stripWrappingDiv(element.children)).trim();
    type = 'application/xhtml+xml';
  } else {
    value = textOf(element).trim();
    if (mode === 'base64') value = decodeBase64(value);
  }
  if (!atom && type === 'text/plain' && looksLikeHtml(value)) type = 'text/html';
  return { value, type };
}

/** Whether a title-like value is markup to strip (only HTML and XHTML are). */
export function isHtmlType(type: string): boolean {
  return HTML_TYPES.has(type);
}

export function looksLikeHtml(value: string): boolean {
  if (!/<\/\w+>/.test(value) && !/&#?\w+;/.test(value)) return false;
  for (const m of value.matchAll(/<\/?(\w+)/g)) {
    if (!HTML_ELEMENTS.has(m[1].toLowerCase())) return false;
  }
  for (const m of value.matchAll(/&(\w+);/g)) {
    if (decodeHTML(m[0], DecodingMode.Strict) === m[0]) return false;
  }
  return true;
}

/** RFC 4287 §3.1.1.3: XHTML content is wrapped in one div that is not part of the content. */
function stripWrappingDiv(children: XmlNode[]): XmlNode[] {
  const significant = children.filter((child) => typeof child !== 'string' || child.trim() !== '');
  const only = significant[0];
  if (significant.length === 1 && typeof only !== 'string' && only.local === 'div') return only.children;
  return children;
}

export function serialiseChildren(children: XmlNode[]): string {
  let out = '';
  for (const child of children) {
    if (typeof child === 'string') {
      out += escapeHtml(child);
      continue;
    }
    const name = child.prefix === '' || child.ns === 'http://www.w3.org/1999/xhtml' ? child.local : child.qname;
    let attrs = '';
    for (const [key, value] of child.attrs) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      attrs += ` ${key}="${escapeHtml(value)}"`;
    }
    if (VOID_ELEMENTS.has(name) && child.children.length === 0) out += `<${name}${attrs}>`;
    else out += `<${name}${attrs}>${serialiseChildren(child.children)}</${name}>`;
  }
  return out;
}

function decodeBase64(value: string): string {
  try {
    return Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
  } catch {
    return value;
  }
}
