// The naive baseline of issue 7: the cold scenario done the straightforward way with the design
// card's packages — http.get with a keep-alive agent, rss-parser, a cheerio DOM per item for
// sanitising, lowdb for the store. Written as a newcomer would, but not handicapped: the same fetch
// concurrency as feedloom's bench config, and ONE lowdb write at the end (writing after each source,
// the obvious way, takes over half an hour at this size). No dedupe, no spam filter, no outputs:
// it does less than feedloom, so the ratio is a floor.
//
//   node bench/naive-baseline.mjs <port> <feeds> <storeDir> [concurrency]
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import Parser from 'rss-parser';
import { feedPath } from './farm.mjs';

const [port, feeds, storeDir, concurrencyArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg ?? 16);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const parser = new Parser();

const ALLOWED_TAGS = new Set(['a', 'abbr', 'b', 'blockquote', 'br', 'code', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'alt', 'title', 'width', 'height', 'cite']);

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

function sanitise(html, base) {
  const $ = load(html, null, false);
  $('script, style, iframe, object, embed, form').remove();
  $('*').each((_, element) => {
    if (!ALLOWED_TAGS.has(element.tagName)) {
      $(element).replaceWith($(element).contents());
      return;
    }
    for (const name of Object.keys(element.attribs)) {
      if (!ALLOWED_ATTRIBUTES.has(name)) $(element).removeAttr(name);
      else if (name === 'href' || name === 'src') {
        try {
          $(element).attr(name, new URL(element.attribs[name], base).href);
        } catch {
          $(element).removeAttr(name);
        }
      }
    }
  });
  return $.html();
}

async function readFeed(feed) {
  const url = `http://127.0.0.1:${port}${feedPath(feed)}`;
  const text = await get(url);
  const items = url.endsWith('.json')
    ? JSON.parse(text).items.map((item) => ({ guid: item.id, title: item.title, link: item.url, isoDate: item.date_published, content: item.content_html }))
    : (await parser.parseString(text)).items.map((item) => ({ ...item, content: item['content:encoded'] ?? item.content }));
  return items.map((item) => ({
    id: `${feed}:${item.guid ?? item.id ?? item.link}`,
    source: String(feed),
    title: item.title,
    link: item.link,
    date: item.isoDate ?? item.pubDate,
    content: sanitise(item.content ?? '', item.link ?? url),
  }));
}

mkdirSync(storeDir, { recursive: true });
const db = new Low(new JSONFile(path.join(storeDir, 'db.json')), { items: [] });
await db.read();
const byId = new Map(db.data.items.map((item) => [item.id, item]));
let nextFeed = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (nextFeed < Number(feeds)) {
      const feed = nextFeed++;
      try {
        for (const item of await readFeed(feed)) byId.set(item.id, item);
      } catch (error) {
        failed += 1;
        process.stderr.write(`feed ${feed}: ${error.message}\n`);
      }
    }
  }),
);
db.data.items = [...byId.values()];
await db.write();
agent.destroy();
process.stdout.write(`${JSON.stringify({ items: byId.size, failed })}\n`);
