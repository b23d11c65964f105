/**
 * Text → a small element tree, leniently. htmlparser2's tokenizer in xmlMode never expands DTD
 * entities and never fetches anything (R24, R25): `<!DOCTYPE …>` and `<!ENTITY …>` are skipped as
 * declarations. Mismatched close tags close up to the matching open one, stray ones are ignored,
 * and a truncated document is closed at its end (R26). Nesting beyond MAX_XML_DEPTH is flattened
 * into the deepest kept element (R27). Records are Maps and null-prototype objects, so tags and
 * attributes named `__proto__` or `constructor` are plain data (R28).
 */
import { Parser } from 'htmlparser2';
import { decodeEntities } from '../normalise/text.js';

export const MAX_XML_DEPTH = 512;

export interface XmlElement {
  /** The qualified name as written (`dc:creator`). */
  qname: string;
  /** Local name, lower-cased (feed vocabularies are matched case-insensitively, as feedparser does). */
  local: string;
  /** Namespace URI lower-cased, or '' when none is in scope. */
  ns: string;
  /** The prefix as written, '' for none. */
  prefix: string;
  /** Attributes by qualified name as written, values decoded. */
  attrs: Map<string, string>;
  children: XmlNode[];
  /** Namespace declarations in scope: prefix ('' for default) → URI. */
  scope: Map<string, string>;
  /** Namespace declarations made on this element, in document order. */
  declared: Array<[string, string]>;
  depth: number;
}

export type XmlNode = XmlElement | string;

export interface XmlTree {
  roots: XmlElement[];
  /** The DOCTYPE declaration's text, if any (never interpreted: no entity is expanded). */
  doctype: string | null;
  warnings: string[];
}

const BASE_SCOPE = new Map<string, string>([['xml', 'http://www.w3.org/xml/1998/namespace']]);

export function buildXmlTree(text: string): XmlTree {
  const warnings: string[] = [];
  const roots: XmlElement[] = [];
  /** Kept elements; null marks an element flattened away by the depth cap. */
  const stack: Array<XmlElement | null> = [];
  let kept: XmlElement | null = null;
  let inCdata = false;
  let pendingAttrs = new Map<string, string>();
  let flattened = false;
  let mismatched = false;
  let doctype: string | null = null;

  const parser = new Parser(
    {
      onattribute(name, value) {
        if (!pendingAttrs.has(name)) pendingAttrs.set(name, decodeEntities(value));
      },
      onopentag(name) {
        const attrs = pendingAttrs;
        pendingAttrs = new Map();
        if (kept !== null && stack.length >= MAX_XML_DEPTH) {
          stack.push(null);
          flattened = true;
          return;
        }
        const element = openElement(name, attrs, kept, stack.length);
        if (kept) kept.children.push(element);
        else roots.push(element);
        stack.push(element);
        kept = element;
      },
      onclosetag(_name, isImplied) {
        if (isImplied) mismatched = true;
        const closed = stack.pop();
        if (closed !== null) kept = findKept(stack);
      },
      ontext(data) {
        if (kept === null) return;
        kept.children.push(inCdata ? data : decodeEntities(data));
      },
      onprocessinginstruction(name, data) {
        if (doctype === null && name.toLowerCase() === '!doctype') doctype = data;
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(escapeStrayLessThan(dropTruncatedTag(text)));
  const openAtEnd = stack.length;
  parser.end();
  if (openAtEnd > 0) warnings.push(`document ends with ${openAtEnd} element(s) still open (truncated?)`);
  else if (mismatched) warnings.push('mismatched or unclosed tags were closed');
  if (flattened) warnings.push(`elements nested deeper than ${MAX_XML_DEPTH} were flattened`);
  return { roots, doctype, warnings };
}

const MARKUP_OR_STRAY_LT = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(?![A-Za-z_:/!?])/g;

/**
 * "<3" or "a < b" in text is not a tag (XML 1.0 §2.4 forbids a literal "<" there): it becomes
 * "&lt;" so the tokenizer does not read a tag named "3". CDATA sections and comments are left alone.
 */
function escapeStrayLessThan(text: string): string {
  return text.replace(MARKUP_OR_STRAY_LT, (match) => (match === '<' ? '&lt;' : match));
}

/** A document cut inside a tag or CDATA opener ("<item><title><![CD") ends before that fragment. */
function dropTruncatedTag(text: string): string {
  const lastOpen = text.lastIndexOf('<');
  if (lastOpen === -1 || text.indexOf('>', lastOpen) !== -1) return text;
  return text.slice(0, lastOpen);
}

function findKept(stack: Array<XmlElement | null>): XmlElement | null {
  for (let i = stack.length - 1; i >= 0; i--) {
    const element = stack[i];
    if (element) return element;
  }
  return null;
}

function openElement(qname: string, attrs: Map<string, string>, parent: XmlElement | null, depth: number): XmlElement {
  let scope = parent ? parent.scope : BASE_SCOPE;
  const declared: Array<[string, string]> = [];
  for (const [name, value] of attrs) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === (parent ? parent.scope : BASE_SCOPE)) scope = new Map(scope);
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      scope.set(prefix, value.trim().toLowerCase());
      declared.push([prefix, value.trim()]);
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon > 0 ? qname.slice(0, colon) : '';
  const local = (colon > 0 ? qname.slice(colon + 1) : qname).toLowerCase();
  return { qname, local, ns: scope.get(prefix) ?? '', prefix, attrs, children: [], scope, declared, depth };
}

/** Attribute by local name in no namespace (feedparser lower-cases attribute names). */
export function attr(element: XmlElement, name: string): string | null {
  const exact = element.attrs.get(name);
  if (exact !== undefined) return exact;
  for (const [key, value] of element.attrs) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
}

/** The element's own text, without its children's (what feedparser reads for a simple element). */
export function ownText(element: XmlElement): string {
  let out = '';
  for (const child of element.children) if (typeof child === 'string') out += child;
  return out;
}

/** The concatenated text of an element and its descendants. */
export function textOf(element: XmlElement): string {
  let out = '';
  for (const child of element.children) out += typeof child === 'string' ? child : textOf(child);
  return out;
}

export function hasChildElements(element: XmlElement): boolean {
  return element.children.some((child) => typeof child !== 'string');
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string');
}
