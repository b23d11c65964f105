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
  let value: string;
  if (type === XHTML) {
    // XHTML content is markup: its text nodes are character data and stay escaped (RFC 4287 §3.1.1.3).
    value = serialiseChildren(stripWrappingDiv(element.children)).trim();
  } else if (hasChildElements(element)) {
    const inline = readInlineMarkup(element.children);
    value = inline.value.trim();
    if (inline.markup) type = XHTML;
  } else {
    value = textOf(element).trim();
    if (isBase64(element, type)) value = decodeBase64(value);
  }
  if (!atom && type === 'text/plain' && looksLikeHtml(value)) type = 'text/html';
  return { value, type };
}

const XHTML = 'application/xhtml+xml';

/**
 * Atom 0.3 `mode="base64"`, and RFC 4287 §4.1.3.3: content of a type that is neither text nor
 * XML is base64.
 */
function isBase64(element: XmlElement, type: string): boolean {
  if ((attr(element, 'mode') ?? '').toLowerCase() === 'base64') return true;
  if (element.local !== 'content' && element.local !== 'summary' && element.local !== 'title') return false;
  if (attr(element, 'type') === null) return false;
  return !(type.startsWith('text/') || type.endsWith('+xml') || type.endsWith('/xml'));
}

/**
 * Elements inside content that did not announce XHTML: a wrapping div (TypePad writes one inside
 * type="html") is dropped; any other element makes the content markup from there on, with its
 * following text escaped as XHTML text.
 */
function readInlineMarkup(children: XmlNode[]): { value: string; markup: boolean } {
  let value = '';
  let markup = false;
  const visit = (nodes: XmlNode[]): void => {
    for (const node of nodes) {
      if (typeof node === 'string') value += markup ? escapeHtml(node) : node;
      else if (node.local === 'div' && !markup) visit(node.children);
      else {
        markup = true;
        value += serialiseChildren([node]);
      }
    }
  };
  visit(children);
  return { value, markup };
}

/** Whether a title-like value is markup to strip (only HTML and XHTML are). */
export function isHtmlType(type: string): boolean {
  return HTML_TYPES.has(type);
}

function looksLikeHtml(value: string): boolean {
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

function serialiseChildren(children: XmlNode[]): string {
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

/** Decoded when it is well-formed base64 of UTF-8 text; otherwise the value is kept as it came. */
function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return value;
  try {
    return STRICT_UTF8.decode(Buffer.from(compact, 'base64'));
  } catch {
    return value;
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
