/**
 * RELIABILITY.md rows R27 (HTML half) and R34–R41: each test feeds the hostile construct between
 * ordinary text and asserts both that the construct is gone and that the text around it survived.
 */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_DEPTH, sanitiseHtml } from '../../src/normalise/html.js';
import { safeUrl } from '../../src/normalise/url.js';
import { assertWellFormedXml, safetyViolations } from './html-invariants.js';

const BASE = 'https://example.org/blog/post.html';

function sanitiseChecked(html: string, base: string | null = BASE): string {
  const output = sanitiseHtml(html, base);
  expect(safetyViolations(output)).toEqual([]);
  expect(sanitiseHtml(output, base)).toBe(output);
  assertWellFormedXml(output);
  return output;
}

function maxDepth(html: string): number {
  let deepest = 0;
  const walk = (node: { children?: unknown[] }, depth: number) => {
    deepest = Math.max(deepest, depth);
    for (const child of node.children ?? []) walk(child as { children?: unknown[] }, depth + 1);
  };
  walk(load(html, { xml: true }).root()[0] as unknown as { children?: unknown[] }, 0);
  return deepest;
}

describe('sanitiseHtml against RELIABILITY.md', () => {
  it('R27 flattens 100 000 nested <div>s past the depth cap and keeps the text', () => {
    const n = 100_000;
    const closed = sanitiseChecked(`<p>before</p>${'<div>'.repeat(n)}deep text${'</div>'.repeat(n)}<p>after</p>`);
    expect(closed).toContain('deep text');
    expect(closed).toMatch(/^<p>before<\/p>.*<p>after<\/p>$/s);
    expect(maxDepth(closed)).toBeLessThanOrEqual(MAX_DEPTH + 1);
    const unclosed = sanitiseChecked(`${'<div><b>'.repeat(n / 2)}still here${'</p>'.repeat(1000)}`);
    expect(unclosed).toContain('still here');
    expect(maxDepth(unclosed)).toBeLessThanOrEqual(MAX_DEPTH + 1);
  });

  it('R34 strips script, iframe/srcdoc, object/embed, form/formaction, base, meta refresh, link and template', () => {
    const output = sanitiseChecked(
      [
        '<p>one</p><script>alert("s")</script>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" src="https://evil.example/">inner</iframe>',
        '<object data="https://evil.example/x.swf"><param name=a value=b>fallback-object</object><embed src="https://evil.example/e">',
        '<form action="https://evil.example/steal"><p>two</p><button formaction="javascript:alert(1)">Go</button><input name=q></form>',
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/s.css"><template><img src=x onerror=alert(1)>tpl</template>',
        '<noscript>ns-text</noscript><style>p{}</style><p>three</p>',
      ].join(''),
    );
    expect(output).toBe('<p>one</p><p>two</p><p>three</p>');
  });

  it('R35 removes every event handler, common and rare, whatever its spelling', () => {
    const output = sanitiseChecked(
      '<p onclick="a()" ONMOUSEOVER="b()">one</p><img src="/i.png" onerror="c()" alt="pic"><details open ontoggle="d()"><summary onpointerover="e()">two</summary></details>' +
        '<b onanimationstart="f()" onfoo-bar="g()" onbeforetoggle="h()">three</b><img/src="/j.png"/onload="i()"/alt="j">',
    );
    expect(output).not.toMatch(/\son[a-z-]*=/i);
    expect(htmlToText(output)).toBe('one two three');
    expect(output).toContain('<img src="https://example.org/i.png" alt="pic" />');
    expect(output).toContain('<img src="https://example.org/j.png" alt="j" />');
  });

  it('R36 drops javascript:, vbscript: and data:text/html URLs however they are encoded or split', () => {
    const hostile = [
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' \u0001javascript:alert(1)', 'java\tscript:alert(1)',
      'java&#x09;script:alert(1)', 'java&Tab;script:alert(1)', 'java&NewLine;script:alert(1)', 'jav\nascript:alert(1)',
      '&#106;avascript:alert(1)', '&#x6A;avascript:alert(1)', '&#0000106&#0000097vascript:alert(1)', 'javascript&colon;alert(1)',
      'vbscript:msgbox(1)', 'VBScript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'DATA:TEXT/HTML;base64,PHNjcmlwdD4=',
      ' data:text/html,x', 'data:image/svg+xml,<svg onload=alert(1)>',
    ];
    for (const url of hostile) {
      const output = sanitiseChecked(
        `<p>a<a href="${url}">link</a> <img src="${url}" srcset="${url} 2x"> <video poster="${url}" src="${url}"></video> <q cite="${url}">q</q>z</p>`,
      );
      expect(output, url).not.toMatch(/href=|\ssrc=|poster=|cite=|javascript|vbscript|data:/i);
      // srcset splits candidates at white space (HTML srcset rules), so "java\tscript:" is two harmless tokens.
      expect(output.replace(/ srcset="https:\/\/example\.org\/blog\/[a-z]+"/, ''), url).toMatch(
        /^<p>alink (<img \/>)? <video><\/video> <q>q<\/q>z<\/p>$/,
      );
      expect(safeUrl(url.replace(/&[^;]+;/g, ''), 2048), url).toBeNull();
    }
  });

  it('R36 keeps http, https and mailto links and raster data: images, and resolves relative ones', () => {
    const output = sanitiseChecked(
      '<a href="../other?x=1&amp;y=2">r</a><a href="mailto:me@example.org">m</a><img src="data:image/png;base64,iVBORw0KGgo=" alt="d"><img srcset="a.png 1x, //cdn.example.org/b.png 2x">',
    );
    expect(output).toBe(
      '<a href="https://example.org/other?x=1&amp;y=2" rel="noopener noreferrer">r</a>' +
        '<a href="mailto:me@example.org" rel="noopener noreferrer">m</a>' +
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="d" />' +
        '<img srcset="https://example.org/blog/a.png 1x, https://cdn.example.org/b.png 2x" />',
    );
  });

  it('R37 drops style attributes, <style> with @import/@font-face/selectors, and <link rel=stylesheet>', () => {
    const output = sanitiseChecked(
      '<p style="background:url(http://127.0.0.1/__canary/css-a);width:expression(alert(1));-moz-binding:url(x.xml#y)">one</p>' +
        '<style>@import url(http://127.0.0.1/__canary/css-b); @font-face{src:url(http://127.0.0.1/__canary/css-c)} input[value^=a]{background:url(http://127.0.0.1/__canary/css-d)}</style>' +
        '<link rel="stylesheet" href="http://127.0.0.1/__canary/css-e"><span style="color:red">two</span>',
    );
    expect(output).toBe('<p>one</p><span>two</span>');
    expect(output).not.toMatch(/style|canary|url\(|@import|expression/i);
  });

  it('R38 drops inline SVG and MathML elements with their scripts, handlers and animations, keeping only their text, and keeps <img src=*.svg>', () => {
    const output = sanitiseChecked(
      '<p>one</p><svg onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:alert(3)"><text>svg-text</text></a>' +
        '<animate attributeName="href" to="javascript:alert(4)"/><foreignObject><img src=x onerror=alert(5)></foreignObject></svg>' +
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(6)">math-text</maction></math>' +
        '<p>two<img src="https://example.org/pic.svg" alt="vector"></p>',
    );
    expect(output).toBe('<p>one</p> svg-text math-text <p>two<img src="https://example.org/pic.svg" alt="vector" /></p>');
    expect(output).not.toMatch(/alert|javascript|onload|animate|foreignObject|<svg|<math/i);
  });

  it('R39 neutralises mutation-XSS payloads: nothing executable appears after a browser re-parse', () => {
    const payloads = [
      '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
      '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
      '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
      '<title><img src=x onerror=alert(1)></title>',
      '<textarea><script>alert(1)</script></textarea>',
      '<xmp><img src=x onerror=alert(1)></xmp>',
      '<!--!><img src=x onerror=alert(1)>-->',
      '<!--><img src=x onerror=alert(2)>-->',
      '<a href="https://example.org/" title="&lt;img src=x onerror=alert(1)&gt;">t</a>',
      '<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>',
      '<style><style/><img src=x onerror=alert(1)>',
      '<p>safe &lt;script&gt;alert(1)&lt;/script&gt; text</p>',
    ];
    for (const payload of payloads) {
      const output = sanitiseChecked(`before ${payload} after`);
      expect(output, payload).toMatch(/^before /);
      const reparsed = load(output, null, false);
      expect(reparsed('script, style, svg, math, textarea, title').length, payload).toBe(0);
      // Serialise-and-reparse is where mutation XSS appears: a second browser round must stay clean.
      expect(safetyViolations(reparsed.html()), payload).toEqual([]);
      expect(safetyViolations(sanitiseHtml(reparsed.html(), BASE)), payload).toEqual([]);
    }
    expect(sanitiseHtml('<p>safe &lt;script&gt;alert(1)&lt;/script&gt; text</p>', BASE)).toBe(
      '<p>safe &lt;script&gt;alert(1)&lt;/script&gt; text</p>',
    );
  });

  it('R40 text fields become plain text: markup removed, entities decoded once, escaped markup stays text', () => {
    expect(htmlToText('<b>Bold</b> &amp;amp; <i>title</i>')).toBe('Bold &amp; title');
    expect(htmlToText('&lt;img src=x onerror=alert(1)&gt; Title')).toBe('<img src=x onerror=alert(1)> Title');
    expect(htmlToText('<script>alert(1)</script>Only this\u202Eevil')).toBe('Only this\u202Eevil');
    const output = sanitiseChecked('&lt;script&gt;alert(1)&lt;/script&gt; author');
    expect(output).toBe('&lt;script&gt;alert(1)&lt;/script&gt; author');
  });

  it('R41 output survives RSS/Atom/JSON: ]]> split, XML-illegal characters gone, & escaped, javascript: base ignored', () => {
    const output = sanitiseChecked(
      '<p>end ]]> of CDATA\u0000\u0008\u000B\uFFFE\uD800 and\u0001 more</p><a href="/x?a=1&b=2">amp</a>',
    );
    expect(output).toBe('<p>end ]]&gt; of CDATA and more</p><a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer">amp</a>');
    expect(output).not.toContain(']]>');
    const withHostileBase = sanitiseChecked('<a href="page.html">p</a><img src="i.png">', 'javascript:alert(1)//');
    expect(withHostileBase).not.toContain('javascript');
    expect(withHostileBase).toBe('<a href="page.html" rel="noopener noreferrer">p</a><img src="i.png" />');
  });
});
