/**
 * Fuzzing the sanitiser (issue 4 "Add a property/fuzz test"; miniflux `FuzzSanitizer` invariant):
 * random markup built from a large tag list (dangerous ones included), random attributes (event
 * handlers, style, URLs with encoded schemes), stray end tags, comments, CDATA and entity soup.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseHtml } from '../../src/normalise/html.js';
import { stripTrackingParamsInHtml } from '../../src/normalise/html-urls.js';
import { assertWellFormedXml, browserText, safetyViolations } from './html-invariants.js';

const TAGS = [
  'a', 'b', 'i', 'p', 'div', 'span', 'em', 'strong', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'tbody', 'thead',
  'img', 'br', 'hr', 'h1', 'h2', 'pre', 'code', 'blockquote', 'q', 'figure', 'figcaption', 'picture', 'source',
  'video', 'audio', 'track', 'dl', 'dt', 'dd', 'details', 'summary', 'font', 'center', 'sub', 'sup', 'ruby', 'rt',
  'script', 'style', 'svg', 'math', 'mglyph', 'mtext', 'mi', 'iframe', 'frame', 'frameset', 'form', 'input',
  'button', 'select', 'option', 'textarea', 'title', 'xmp', 'noscript', 'noembed', 'noframes', 'plaintext',
  'template', 'object', 'embed', 'param', 'applet', 'base', 'meta', 'link', 'head', 'body', 'html', 'foreignObject',
  'animate', 'set', 'use', 'image', 'marquee', 'isindex', 'keygen', 'dialog', 'slot', 'x-custom', 'desc',
];

/** Tags whose implied opening and closing rules interact; drawn more often so nesting gets exercised. */
const STRUCTURAL = ['p', 'div', 'li', 'ul', 'td', 'tr', 'table', 'tbody', 'a', 'h1', 'dd', 'dt', 'rt', 'x-custom', 'form', 'font', 'span', 'svg', 'textarea'];
const tagName = fc.oneof(fc.constantFrom(...TAGS), fc.constantFrom(...STRUCTURAL));

const SCHEMES = [
  'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java&#x09;script:alert(1)', 'java&Tab;script:x', '&#106;avascript:x',
  '&#x6a;avascript&#x3a;x', 'javascript&colon;x', ' \u0001javascript:x', 'jav\nascript:x', 'vbscript:x', 'data:text/html,<b>',
  'DATA:text/html;base64,PHA+', 'data:image/svg+xml,<svg>', 'data:image/png;base64,AAAA', 'https://example.org/ok?a=1&b=2',
  'http://example.org/', '/rel/path', '../up', '//cdn.example.org/x.png', 'mailto:a@example.org', '#frag', '?q=1',
  'ftp://example.org/', 'file:///etc/passwd', 'livescript:x', '&amp;#106;avascript:x',
  'https://example.org/p?utm_source=rss&amp;id=1#f', 'https://example.org/i.png?fbclid=x&id="2"', '/rel?mc_eid=1&amp;a=&lt;b',
];

const ATTRIBUTE_NAMES = [
  'href', 'src', 'srcset', 'poster', 'cite', 'action', 'formaction', 'xlink:href', 'style', 'title', 'alt', 'width',
  'height', 'onclick', 'onerror', 'onload', 'ONMOUSEOVER', 'ontoggle', 'onpointerover', 'onanimationstart', 'on',
  'onfoo-bar', 'class', 'id', 'name', 'srcdoc', 'background', 'data', 'rel', 'target', 'lang', 'dir', 'open', 'value',
];

const attributeValue = fc.oneof(
  fc.constantFrom(...SCHEMES),
  fc.constantFrom('1', '0', '640', 'alert(1)', 'x" onerror="alert(1)', "a' onload='b", '</style><script>x</script>', 'url(javascript:x)'),
  fc.string({ maxLength: 8 }),
);

const attribute = fc
  .tuple(fc.constantFrom(...ATTRIBUTE_NAMES), attributeValue, fc.constantFrom('"', "'", ''))
  .map(([name, value, quote]) => (quote === '' ? ` ${name}=${value.replace(/[\s>]/g, '')}` : ` ${name}=${quote}${value.split(quote).join('')}${quote}`));

const token = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(tagName, fc.array(attribute, { maxLength: 4 }), fc.boolean()).map(([tag, attrs, self]) => `<${tag}${attrs.join('')}${self ? '/' : ''}>`) },
  { weight: 3, arbitrary: tagName.map((tag) => `</${tag}>`) },
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '<!--', '-->', '--!>', '<!-->', '<![CDATA[', ']]>', '&amp;', '&lt;', '&gt;', '&#0;', '&#x110000;', '&nbsp;', '&', '<',
      '>', '"', '<!DOCTYPE html>', '<?xml x?>', '</', '<a', '\u0000', '\uD800', '\uFFFE', '\r\n', 'text', 'Привет', '日本語', '😀',
    ),
  },
);

const markup = fc.array(token, { maxLength: 40 }).map((tokens) => tokens.join(''));
const BASE = 'https://example.org/post/1';

describe('sanitiseHtml on random markup', () => {
  it('never lets a forbidden element, handler, style or unsafe URL through, as parse5 reads the output', () => {
    fc.assert(
      fc.property(markup, (html) => {
        expect(safetyViolations(sanitiseHtml(html, BASE))).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('is idempotent: sanitising the output again changes nothing', () => {
    fc.assert(
      fc.property(markup, fc.constantFrom(BASE, null), (html, base) => {
        const once = sanitiseHtml(html, base);
        expect(sanitiseHtml(once, base)).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('writes output that re-parses to the same text in an HTML5 parser and is well-formed XML', () => {
    fc.assert(
      fc.property(markup, (html) => {
        const output = sanitiseHtml(html, BASE);
        assertWellFormedXml(output);
        // Same characters, whatever order table foster-parenting puts them in: no text became markup.
        const sorted = (text: string) => [...text].sort().join('');
        expect(sorted(browserText(output))).toBe(sorted(htmlToText(output).replace(/\s+/g, '')));
      }),
      { numRuns: 1000 },
    );
  });

  it('stays sanitised, with the same text, when tracking parameters are stripped from its URLs (issue 15)', () => {
    fc.assert(
      fc.property(markup, (html) => {
        const output = sanitiseHtml(html, BASE);
        const stripped = stripTrackingParamsInHtml(output);
        expect(sanitiseHtml(stripped, BASE)).toBe(stripped);
        expect(htmlToText(stripped)).toBe(htmlToText(output));
        // Attributes of the tags only: text that merely reads like one (`&lt;a href="…?utm_…"&gt;`) is text.
        const attributes = [...stripped.matchAll(/<[a-z][a-z0-9]*((?:\s[a-z-]+="[^"]*")*)\s*\/?>/g)].map((tag) => tag[1]).join(' ');
        expect(attributes).not.toMatch(/\s(?:href|src|srcset)="[^"]*[?&](?:amp;)?(?:utm_|fbclid|mc_eid)/);
      }),
      { numRuns: 1000 },
    );
  });
});
