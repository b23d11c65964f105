/**
 * Text → a small element tree, leniently. htmlparser2's tokenizer in xmlMode never expands DTD
 * entities and never fetches anything (R24, R25): `<!DOCTYPE …>` and `<!ENTITY …>` are skipped as
 * declarations. Mismatched close tags close up to the matching open one, stray ones are ignored,
 * and a truncated document is closed at its end (R26). Nesting beyond MAX_XML_DEPTH is flattened
 * into the deepest kept element (R27). Records are Maps and null-prototype objects, so tags and
 * attributes named `__proto__` or `constructor` are plain data (R28).
 */
import { Tokenizer } from 'htmlparser2';
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

/** Shared by every element without attributes (most of a feed); never written to. */
const NO_ATTRIBUTES: Map<string, string> = new Map();
const NO_DECLARATIONS: Array<[string, string]> = [];
const BASE_SCOPE = new Map<string, string>([['xml', 'http://www.w3.org/xml/1998/namespace']]);

export function buildXmlTree(source: string): XmlTree {
  const text = escapeStrayLessThan(dropTruncatedTag(source));
  const warnings: string[] = [];
  const roots: XmlElement[] = [];
  // Our own stack (htmlparser2's Parser keeps one with Array#unshift, quadratic at 100 000 levels).
  const names: string[] = [];
  /** Kept elements; null marks an element flattened away by the depth cap. */
  const stack: Array<XmlElement | null> = [];
  let kept: XmlElement | null = null;
  let tagName = '';
  let attrs = new Map<string, string>();
  let attrName = '';
  let attrValue = '';
  let doctype: string | null = null;
  let flattened = false;
  let mismatched = false;

  const open = (): void => {
    names.push(tagName);
    if (kept !== null && stack.length >= MAX_XML_DEPTH) {
      stack.push(null);
      flattened = true;
      return;
    }
    const element = openElement(tagName, attrs, kept, stack.length);
    if (kept) kept.children.push(element);
    else roots.push(element);
    stack.push(element);
    kept = element;
  };
  const closeTo = (index: number): void => {
    if (index < names.length - 1) mismatched = true;
    names.length = index;
    stack.length = index;
    // Below the cap every entry is an element and above it every entry is null.
    kept = index === 0 ? null : stack[Math.min(index, MAX_XML_DEPTH) - 1];
  };
  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tagName = text.slice(start, end);
        attrs = NO_ATTRIBUTES;
      },
      onattribname(start, end) {
        attrName = text.slice(start, end);
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += text.slice(start, end);
      },
      onattribentity() {},
      onattribend() {
        if (attrs === NO_ATTRIBUTES) attrs = new Map();
        if (!attrs.has(attrName)) attrs.set(attrName, decodeEntities(attrValue));
      },
      onopentagend() {
        open();
      },
      onselfclosingtag() {
        open();
        closeTo(names.length - 1);
      },
      onclosetag(start, end) {
        const name = text.slice(start, end);
        // A close tag with no open match nearby is stray and ignored (R26).
        const floor = Math.max(0, names.length - 2 * MAX_XML_DEPTH);
        for (let i = names.length - 1; i >= floor; i--) {
          if (names[i] === name) return closeTo(i);
        }
      },
      ontext(start, end) {
        if (kept) kept.children.push(decodeEntities(text.slice(start, end)));
      },
      ontextentity() {},
      oncdata(start, end, offset) {
        if (kept) kept.children.push(text.slice(start, end - offset));
      },
      oncomment() {},
      ondeclaration(start, end) {
        const declaration = text.slice(start, end);
        if (doctype === null && /^doctype\b/i.test(declaration)) doctype = declaration;
      },
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
  if (names.length > 0) warnings.push(`document ends with ${names.length} element(s) still open (truncated?)`);
  else if (mismatched) warnings.push('mismatched or unclosed tags were closed');
  if (flattened) warnings.push(`elements nested deeper than ${MAX_XML_DEPTH} were flattened`);
  return { roots, doctype, warnings };
}

const STRAY_LT = /<(?![A-Za-z_:/!?])/;
const MARKUP_OR_STRAY_LT = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(?![A-Za-z_:/!?])/g;

/**
 * "<3" or "a < b" in text is not a tag (XML 1.0 §2.4 forbids a literal "<" there): it becomes
 * "&lt;" so the tokenizer does not read a tag named "3". CDATA sections and comments are left alone.
 */
function escapeStrayLessThan(text: string): string {
  if (!STRAY_LT.test(text)) return text;
  return text.replace(MARKUP_OR_STRAY_LT, (match) => (match === '<' ? '&lt;' : match));
}

/** A document cut inside a tag or CDATA opener ("<item><title><![CD") ends before that fragment. */
function dropTruncatedTag(text: string): string {
  const lastOpen = text.lastIndexOf('<');
  if (lastOpen === -1 || text.indexOf('>', lastOpen) !== -1) return text;
  return text.slice(0, lastOpen);
}


function openElement(qname: string, attrs: Map<string, string>, parent: XmlElement | null, depth: number): XmlElement {
  let scope = parent ? parent.scope : BASE_SCOPE;
  let declared = NO_DECLARATIONS;
  for (const [name, value] of attrs) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === (parent ? parent.scope : BASE_SCOPE)) scope = new Map(scope);
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      scope.set(prefix, value.trim().toLowerCase());
      if (declared === NO_DECLARATIONS) declared = [];
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
