/**
 * What must hold of every sanitiser output, checked the way a reader's browser would see it:
 * the output is parsed by parse5 (cheerio's HTML5 parser, the algorithm browsers implement), not by
 * the htmlparser2 tokenizer the sanitiser itself uses, so a disagreement between the two shows up.
 */
import { load } from 'cheerio';
import sax from 'sax';
import { ALLOWED_TAGS, GLOBAL_ATTRIBUTES } from '../../src/normalise/html-allowlist.js';

const FORBIDDEN_TAGS = new Set([
  'script', 'style', 'svg', 'math', 'iframe', 'frame', 'form', 'base', 'meta', 'link', 'object', 'embed',
  'template', 'textarea', 'title', 'noscript', 'xmp', 'input', 'button',
]);
const URL_ATTRIBUTE_NAMES = new Set(['href', 'src', 'srcset', 'poster', 'cite', 'action', 'formaction', 'background', 'data', 'xlink:href']);
/** A browser removes these before reading a scheme, so the check does too. */
const DANGEROUS_URL = /(?:^|,)(?:(?:javascript|vbscript|livescript):|data:(?!image\/(?:png|gif|jpeg|webp)[;,]))/i;

export function safetyViolations(output: string): string[] {
  const problems: string[] = [];
  const $ = load(output, null, false);
  $('*').each((_, element) => {
    const tag = element.tagName.toLowerCase();
    if (FORBIDDEN_TAGS.has(tag)) problems.push(`forbidden element <${tag}>`);
    if (!ALLOWED_TAGS.has(tag)) problems.push(`element <${tag}> is not on the allowlist`);
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on/i.test(name)) problems.push(`event handler ${name} on <${tag}>`);
      if (name === 'style') problems.push(`style attribute on <${tag}>`);
      const allowed = ALLOWED_TAGS.get(tag);
      if (allowed && !allowed.has(name) && !GLOBAL_ATTRIBUTES.has(name) && name !== 'rel') problems.push(`attribute ${name} on <${tag}>`);
      if (URL_ATTRIBUTE_NAMES.has(name)) {
        // eslint-disable-next-line no-control-regex
        const squeezed = value.replace(/[\u0000-\u0020\s]/g, '');
        if (DANGEROUS_URL.test(squeezed)) problems.push(`dangerous URL in ${name}: ${value}`);
      }
    }
  });
  return problems;
}

/** Throws unless `<root>` + fragment + `</root>` is well-formed XML (only the five XML entities). */
export function assertWellFormedXml(fragment: string): void {
  const parser = sax.parser(true);
  parser.onerror = (error: Error) => {
    throw error;
  };
  parser.write(`<root>${fragment}</root>`).close();
}

/** The text parse5 sees, white space removed: to compare with what the sanitiser meant as text. */
export function browserText(output: string): string {
  return load(output, null, false).root().text().replace(/\s+/g, '');
}
