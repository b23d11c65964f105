// Deeply nested markup through every parser of untrusted input (loopback only; no network).
// Usage: node bench/deep-markup.mjs [levels ...]   (default 10000 20000 40000)
import { discoverFeeds } from '../dist/parse/discover-feeds.js';
import { readOpml } from '../dist/opml/read-opml.js';
import { sanitiseHtml, htmlToText } from '../dist/normalise/html.js';
import { parseFeed } from '../dist/parse/parse-feed.js';

const levels = process.argv.slice(2).map(Number);
const nested = (n, open, close, inner = 'x') => open.repeat(n) + inner + close.repeat(n);
const cases = {
  'discoverFeeds (nested div)': (n) => discoverFeeds(`<html><head></head><body>${nested(n, '<div>', '</div>')}</body></html>`, 'http://127.0.0.1/'),
  'discoverFeeds (stray </div>)': (n) => discoverFeeds(`<html><body>${'<div>'.repeat(n)}${'</span>'.repeat(n)}</body></html>`, 'http://127.0.0.1/'),
  'readOpml (nested outline)': (n) => readOpml(`<opml><body>${nested(n, '<outline text="f">', '</outline>', '<outline xmlUrl="http://a.example/"/>')}</body></opml>`),
  'readOpml (nested other)': (n) => readOpml(`<opml><body>${nested(n, '<x>', '</x>')}</body></opml>`),
  'sanitiseHtml (nested div)': (n) => sanitiseHtml(nested(n, '<div>', '</div>'), null),
  'htmlToText (nested div)': (n) => htmlToText(nested(n, '<div>', '</div>')),
  'htmlToText (nested b)': (n) => htmlToText(nested(n, '<b>', '</b>')),
  'parseFeed (nested in item)': (n) => parseFeed(Buffer.from(`<rss><channel><item><title>t</title><description>${nested(n, '<x>', '</x>')}</description></item></channel></rss>`), { url: 'http://127.0.0.1/f', contentType: 'application/rss+xml' }),
};
for (const n of levels.length ? levels : [10000, 20000, 40000]) {
  for (const [name, run] of Object.entries(cases)) {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try { run(n); } catch (error) { outcome = `threw ${error.code ?? ''} ${String(error.message).slice(0, 80)}`; }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${String(n).padStart(7)}  ${name.padEnd(30)} ${ms.toFixed(0).padStart(8)} ms  ${outcome}`);
  }
}
