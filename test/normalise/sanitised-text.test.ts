/**
 * Issue 11: htmlToText reads the sanitiser's output with a scan instead of htmlparser2
 * (normalise/sanitised-text.ts). A trailing comment sends the same HTML to the parser (the scan
 * refuses comments, and after markup the scan accepts, a comment adds no text), so the two paths
 * can be compared wherever the scan answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToParagraphs, htmlToText, sanitiseHtml } from '../../src/normalise/html.js';
import { textOfSanitisedHtml } from '../../src/normalise/sanitised-text.js';
import { collapseParagraphs, collapseWhiteSpace, stripXmlIllegal } from '../../src/normalise/text.js';

const byParser = (html: string) => htmlToText(`${html}<!---->`);

const fragment = fc.array(
  fc.oneof(
    fc.constantFrom('<p>', '</p>', '<b>', '</b>', '<br>', '<br />', '<img src="x" width="1">', '<a href="https://e.example/?a=1&amp;b=2">', '</a>', '<li>', '</li>', '<div>', '</div>', '<sup>', '</sup>', '<table>', '<tr>', '<td>', '</td>', '</tr>', '</table>', '<h2>', '</h2>', '<span title="a > b">', '</span>'),
    fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&nbsp;', '&copy', '&#39;', ' ', '  ', '\n', '\u00a0', 'é', '😀', '\u0000', '<', '>', '"', 'İ', 'word', 'Name', '3-2'),
    fc.string({ maxLength: 6 }),
  ),
  { maxLength: 40 },
);

describe('the text of sanitised HTML', () => {
  it('is what the parser reads, for raw and sanitised HTML alike', () => {
    let scanned = 0;
    fc.assert(
      fc.property(fragment, (parts) => {
        const raw = parts.join('');
        for (const html of [raw, sanitiseHtml(raw, 'https://base.example/')]) {
          if (textOfSanitisedHtml(html) === null) continue;
          scanned++;
          expect(htmlToText(html)).toBe(byParser(html));
        }
      }),
      { numRuns: 3000 },
    );
    // Every sanitised output is in the scanned shape, and some raw inputs are too.
    expect(scanned).toBeGreaterThan(3000);
  });

  it('takes the fast path for what the sanitiser writes, and refuses what it never writes', () => {
    expect(textOfSanitisedHtml(sanitiseHtml('<p>Hello <b>world</b> &amp; <a href="https://e.example/">more</a><br>next</p>', null))).toBe(' Hello world & more  next ');
    // Decoded text handed to htmlToText again (the language guess does): a "<" or "&" that opens nothing is text.
    for (const text of ['const a = 1 < 2;', '3 <4 and 5 <= 6 << 7', 'x < <b>y</b>', 'R & D & more', 'a &amp; & b']) {
      expect(textOfSanitisedHtml(text), text).not.toBeNull();
      expect(htmlToText(text), text).toBe(byParser(text));
    }
    for (const refused of ['<p>a<!-- c --></p>', '<P>a</P>', '<p>a', '<p>a</b>', '<p>&nbsp;</p>', '<script>x</script>', '<p><p>a</p></p>', '<div/>'])
      expect(textOfSanitisedHtml(refused), refused).toBeNull();
  });
});

describe('paragraphs of sanitised HTML', () => {
  it('are the text, a line per paragraph', () => {
    fc.assert(
      fc.property(fragment, (parts) => {
        const html = sanitiseHtml(parts.join(''), 'https://base.example/');
        const cold = htmlToParagraphs(html);
        const text = htmlToText(html);
        expect(cold.split('\n').join(' ')).toBe(text);
        expect(cold.split('\n').every((line) => line === collapseWhiteSpace(line) && (line !== '' || cold === ''))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('collapseWhiteSpace and collapseParagraphs', () => {
  it('are stripXmlIllegal, then every run of white space one space (a line break where U+2029 ends a paragraph), trimmed', () => {
    const piece = fc.constantFrom(' ', '  ', '\n', '\t', '\r\n', '\u00a0', '\u3000', '\ufeff', '\u2028', '\u2029', '\u180e', 'a', 'é', '\u0000', '\ud800', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const text = pieces.join('');
        expect(collapseWhiteSpace(text)).toBe(stripXmlIllegal(text).replace(/\s+/g, ' ').trim());
        const lines = stripXmlIllegal(text).split('\u2029').map((line) => line.replace(/\s+/g, ' ').trim());
        expect(collapseParagraphs(text)).toBe(lines.filter((line) => line !== '').join('\n'));
      }),
      { numRuns: 5000 },
    );
  });
});
