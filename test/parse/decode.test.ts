/** R30: bytes → text by BOM, HTTP charset (when the bytes decode), XML declaration, UTF-8, windows-1252. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/parse/decode.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const HELLO = 'Привет, мир!';
const feedWith = (title: string, declaration = '<?xml version="1.0"?>'): string =>
  `${declaration}<rss version="2.0"><channel><title>${title}</title><link>http://example.org/</link></channel></rss>`;

describe('decodeFeedBytes (R30)', () => {
  it('R30 reads windows-1251 bytes the HTTP charset names', () => {
    const bytes = iconv.encode(feedWith(HELLO), 'windows-1251');
    const decoded = decodeFeedBytes(bytes, 'application/rss+xml; charset=windows-1251');
    expect(decoded.encoding).toBe('windows-1251');
    expect(decoded.text).toContain(HELLO);
  });

  it('R30 reads KOI8-R named only by HTTP', () => {
    const bytes = iconv.encode(feedWith(HELLO), 'koi8-r');
    expect(parseFeed(bytes, { contentType: 'text/xml; charset="KOI8-R"' }).title).toBe(HELLO);
  });

  it('R30 reads windows-1251 named only by the XML declaration', () => {
    const bytes = iconv.encode(feedWith(HELLO, '<?xml version="1.0" encoding="windows-1251"?>'), 'windows-1251');
    expect(parseFeed(bytes, {}).title).toBe(HELLO);
  });

  it('R30 prefers the HTTP charset over a conflicting declaration', () => {
    const bytes = iconv.encode(feedWith(HELLO, '<?xml version="1.0" encoding="iso-8859-5"?>'), 'koi8-r');
    expect(decodeFeedBytes(bytes, 'text/xml; charset=koi8-r').text).toContain(HELLO);
  });

  it('R30 ignores an HTTP utf-8 charset the bytes do not decode in, and warns', () => {
    const bytes = iconv.encode(feedWith(HELLO, '<?xml version="1.0" encoding="windows-1251"?>'), 'windows-1251');
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=utf-8');
    expect(decoded.text).toContain(HELLO);
    expect(decoded.warnings.join(' ')).toMatch(/HTTP charset says utf-8/);
  });

  it('R30 reads undeclared non-UTF-8 bytes as windows-1252, with a warning', () => {
    const bytes = iconv.encode(feedWith('Café “quoted”'), 'windows-1252');
    const decoded = decodeFeedBytes(bytes, null);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain('Café “quoted”');
    expect(decoded.warnings).toHaveLength(1);
  });

  it('R30 honours a UTF-16LE byte-order mark over any declaration', () => {
    const text = feedWith(HELLO, '<?xml version="1.0" encoding="iso-8859-1"?>');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(parseFeed(bytes, {}).title).toBe(HELLO);
  });

  it('R30 strips a UTF-8 byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feedWith(HELLO))]);
    const decoded = decodeFeedBytes(bytes, null);
    expect(decoded.text.startsWith('<?xml')).toBe(true);
    expect(parseFeed(bytes, {}).title).toBe(HELLO);
  });

  it('R30 warns about an unknown charset label and falls back to UTF-8', () => {
    const decoded = decodeFeedBytes(Buffer.from(feedWith(HELLO, '<?xml version="1.0" encoding="x-no-such-charset"?>')), null);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain(HELLO);
    expect(decoded.warnings.join(' ')).toMatch(/unknown charset "x-no-such-charset"/);
  });

  it('R30 reads a declared ISO-8859-1 as windows-1252 (WHATWG), so its curly quotes survive', () => {
    const bytes = iconv.encode(feedWith('“quoted”', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'windows-1252');
    expect(parseFeed(bytes, {}).title).toBe('“quoted”');
  });

  it('R29 turns nothing into U+FFFD when a declared code page decodes the bytes', () => {
    const bytes = iconv.encode(feedWith(HELLO, '<?xml version="1.0" encoding="koi8-r"?>'), 'koi8-r');
    expect(decodeFeedBytes(bytes, null).text).not.toContain('\uFFFD');
  });
});
