/**
 * Parser safety rows of RELIABILITY.md: hostile and broken documents stay bounded, never fetch,
 * never pollute prototypes, and recover what is readable.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { MAX_XML_DEPTH } from '../../src/parse/xml-tree.js';

const rss = (items: string, prolog = ''): Buffer =>
  Buffer.from(`<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>Safe</title><link>http://example.org/</link>${items}</channel></rss>`);
const elapsed = (work: () => void): number => {
  const started = performance.now();
  work();
  return performance.now() - started;
};

describe('R24 entity expansion stays bounded', () => {
  it('R24 billion laughs stays bounded', () => {
    const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const doc = rss('<item><title>&lol10;</title><guid>b</guid></item>', `<!DOCTYPE rss [<!ENTITY lol0 "lol">${levels}]>`);
    let title: string | null = null;
    const ms = elapsed(() => (title = parseFeed(doc, {}).items[0].title));
    expect(title).toBe('&lol10;');
    expect(ms).toBeLessThan(3_000);
  });

  it('R24 one big entity referenced 20 000 times is not expanded', () => {
    const doc = rss(`<item><title>${'&big;'.repeat(20_000)}</title><guid>q</guid></item>`, `<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(50_000)}">]>`);
    const feed = parseFeed(doc, {});
    expect(feed.items[0].title?.length).toBe('&big;'.length * 20_000);
    expect(feed.items[0].title).not.toContain('xxxx');
  });

  it('R24 a million numeric references decode in linear time', () => {
    const doc = rss(`<item><title>${'&#65;'.repeat(1_000_000)}</title><guid>n</guid></item>`);
    const feed = parseFeed(doc, {});
    expect(feed.items[0].title).toBe('A'.repeat(1_000_000));
  });

  it('R24 a hundred DOCTYPEs are skipped', () => {
    const doctypes = '<!DOCTYPE rss [<!ENTITY a "b">]>'.repeat(100);
    expect(parseFeed(rss('<item><title>ok</title></item>', doctypes), {}).items[0].title).toBe('ok');
  });
});

describe('R25 external entities are never resolved', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer((_req, res) => res.end('<!ENTITY canary "CANARY-LEAKED">'));
  });
  afterAll(() => server.close());

  it('R25 external entity never resolved: no request reaches the loopback canary', () => {
    const dtd = `<!DOCTYPE rss [
      <!ENTITY xhttp SYSTEM "${server.origin}/entity">
      <!ENTITY % param SYSTEM "${server.origin}/param.dtd"> %param;
      <!ENTITY xfile SYSTEM "file:///etc/passwd">
    ]>`;
    const items = `<item><title>&xhttp; &xfile; &canary;</title><guid>x</guid>
      <description><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${server.origin}/xinclude"/></description></item>`;
    const feed = parseFeed(rss(items, dtd), {});
    expect(server.requests).toEqual([]);
    const printed = JSON.stringify(feed);
    expect(printed).not.toContain('root:');
    expect(printed).not.toContain('CANARY-LEAKED');
    expect(feed.items[0].title).toBe('&xhttp; &xfile; &canary;');
  });

  it('R25 a feed with an external DTD still parses and fetches nothing', () => {
    const doc = rss('<item><title>dtd</title></item>', `<!DOCTYPE rss SYSTEM "${server.origin}/rss.dtd">`);
    expect(parseFeed(doc, {}).items[0].title).toBe('dtd');
    expect(server.requests).toEqual([]);
  });
});

describe('R26 recovery from documents that are not well-formed', () => {
  it('R26 recovers items around bare ampersands, "<3", unquoted attributes and mismatched tags, with a warning', () => {
    const items = `<item><title>Q&A <3 you</title><guid>1</guid></item>
      <item><title>Two</span></title><link href=http://example.org/2>http://example.org/2</link></item>
      <item><title>Three</title><guid>3</guid></item>`;
    const feed = parseFeed(rss(items), {});
    expect(feed.items.map((item) => item.title)).toEqual(['Q&A <3 you', 'Two', 'Three']);
  });

  it('R26 a truncated document keeps its complete items and warns', () => {
    const doc = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>Whole</title></item><item><title>Cu');
    const feed = parseFeed(doc, {});
    expect(feed.items[0].title).toBe('Whole');
    expect(feed.warnings.join(' ')).toMatch(/truncated/);
  });
});

describe('R27 deep nesting', () => {
  it('R27 100 000 nested XML elements are flattened at the depth cap; the neighbouring item is kept', () => {
    const deep = `${'<x>'.repeat(100_000)}deep${'</x>'.repeat(100_000)}`;
    const feed = parseFeed(rss(`<item><title>before</title>${deep}</item><item><title>after</title></item>`), {});
    expect(feed.items.map((item) => item.title)).toEqual(['before', 'after']);
    expect(feed.warnings.join(' ')).toContain(String(MAX_XML_DEPTH));
  });

  it('R27 100 000 nested divs inside a description do not overflow the stack', () => {
    const html = `${'<div>'.repeat(100_000)}text${'</div>'.repeat(100_000)}`;
    const feed = parseFeed(rss(`<item><title>deep html</title><description><![CDATA[${html}]]></description></item><item><title>next</title></item>`), {});
    expect(feed.items.map((item) => item.title)).toEqual(['deep html', 'next']);
  });
});

describe('R28 prototype pollution', () => {
  it("R28 __proto__ doesn't pollute: tags and attributes named like Object members are data", () => {
    const items = `<item __proto__="x" constructor="y" toString="z"><title>proto</title><__proto__><polluted>yes</polluted></__proto__>
      <constructor><prototype><polluted>yes</polluted></prototype></constructor><hasOwnProperty>1</hasOwnProperty>
      <category __proto__="a">toString</category><guid>p</guid></item>`;
    const feed = parseFeed(rss(items), {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
    expect(feed.items[0].categories).toEqual(['toString']);
  });
});

describe('R29 illegal characters', () => {
  it('R29 NUL bytes, C0 controls and U+FFFE/U+FFFF are removed before parsing', () => {
    const feed = parseFeed(rss('<item><title>a\u0000b\u0007c\uFFFEd\uFFFFe</title></item>'), {});
    expect(feed.items[0].title).toBe('abcde');
    expect(feed.warnings.join(' ')).toMatch(/not allowed in XML/);
  });

  it('R29 bidi overrides are removed from titles', () => {
    expect(parseFeed(rss('<item><title>invoice\u202Efdp.exe</title></item>'), {}).items[0].title).toBe('invoicefdp.exe');
  });

  it('R29 invalid UTF-8 never crashes and keeps the readable text', () => {
    const doc = Buffer.concat([Buffer.from('<rss version="2.0"><channel><title>Bad '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' bytes</title></channel></rss>')]);
    const feed = parseFeed(doc, {});
    expect(feed.title).toMatch(/^Bad .* bytes$/);
    expect(feed.title).not.toContain('\uFFFD\uFFFD');
  });
});

describe('R21 and R23: sniffing by content', () => {
  it('R21 an HTML page is not a feed', () => {
    const html = Buffer.from('<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>');
    expect(() => parseFeed(html, { contentType: 'application/rss+xml' })).toThrowError(expect.objectContaining({ code: 'E_NOT_A_FEED' }));
  });

  it('R21 random bytes are not a feed', () => {
    expect(() => parseFeed(randomBytes(4096), {})).toThrowError(expect.objectContaining({ code: 'E_NOT_A_FEED' }));
    expect(() => parseFeed(Buffer.alloc(0), {})).toThrowError(expect.objectContaining({ code: 'E_NOT_A_FEED' }));
  });

  it('R23 a feed served as image/png or octet-stream is still read', () => {
    for (const contentType of ['image/png', 'application/octet-stream']) {
      expect(parseFeed(rss('<item><title>sniffed</title></item>'), { contentType }).items[0].title).toBe('sniffed');
    }
  });
});
