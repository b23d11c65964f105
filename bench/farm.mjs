// The loopback feed farm for `npm run bench` (issue 7): N feeds of M items, a third each RSS 2.0,
// Atom 1.0 and JSON Feed 1.1, with 1–3 KB HTML bodies generated from a seeded PRNG so every run
// serves the same bytes. Feeds answer conditional GETs (ETag, Last-Modified) with 304s, and
// `advance` makes a share of the feeds publish K new items.
//
// Listens on 127.0.0.1 only, port 0. Run on its own (`node bench/farm.mjs`) it is driven over IPC
// by bench/run.js, so the CLI under test has the machine's other core to itself; `startFarm` runs
// it in-process (for a quick look: `node bench/farm.mjs --serve 100 50`).
import http from 'node:http';
import { fileURLToPath } from 'node:url';

/** mulberry32: small, fast, good enough to make text that does not repeat. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(...parts) {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

const STOP = 'the of and a to in is that it was for on are as with at be this have from or one had by but not what all were we when can there an each which do how their if will up other about out many then them these so some would into has more two could no way been first who its now long down day did get come made may part after than over new also most where before while because through'.split(' ');
const SYLLABLES = 'ka lo mi ren tas vor el an pri sul dex ma ri tho ven cal ur is po ne gra bel fin os tu lar me dor sa vi qua ber nol ti rak em sol pa zen il cor du'.split(' ');

/** A fixed vocabulary of made-up words: articles drawn from it read alike without repeating. */
function makeVocabulary(size, next) {
  const words = new Set();
  while (words.size < size) {
    const n = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

const VOCABULARY = makeVocabulary(6000, prng(7));
const capital = (word) => word[0].toUpperCase() + word.slice(1);

/**
 * One article body: paragraphs, links (absolute, relative and tracking-tagged), images (some tracking
 * pixels), lists, quotes, headings, code, and the script/iframe/style junk real feeds carry. Every
 * article has its own topic words, names and figures, so cross-source dedupe sees distinct stories.
 */
function makeBody(next, site) {
  const pick = (list) => list[(next() * list.length) | 0];
  const topic = Array.from({ length: 24 }, () => pick(VOCABULARY));
  const names = Array.from({ length: 5 }, () => capital(pick(VOCABULARY)));
  // One draw per word: its range decides the kind of word and, scaled, which one.
  const word = () => {
    const roll = next();
    if (roll < 0.45) return STOP[((roll / 0.45) * STOP.length) | 0];
    if (roll < 0.8) return topic[(((roll - 0.45) / 0.35) * topic.length) | 0];
    if (roll < 0.86) return names[(((roll - 0.8) / 0.06) * names.length) | 0];
    if (roll < 0.89) return String(((roll - 0.86) * 333_333) | 0);
    return VOCABULARY[(((roll - 0.89) / 0.11) * VOCABULARY.length) | 0];
  };
  const words = [];
  const sentence = () => {
    const n = 7 + ((next() * 14) | 0);
    words.length = 0;
    words.push(capital(word()));
    for (let i = 1; i < n; i++) words.push(word());
    return `${words.join(' ')}${next() < 0.08 ? ' &amp; more' : ''}.`;
  };
  const summary = `${sentence()} ${sentence()}`;
  const target = 1000 + ((next() * 2000) | 0);
  const parts = [`<p>${summary}</p>\n`];
  let size = parts[0].length;
  while (size < target) {
    const roll = next();
    const id = (next() * 1e6) | 0;
    let part;
    if (roll < 0.42) part = `<p>${sentence()} ${sentence()}</p>\n`;
    else if (roll < 0.55) part = `<p>${sentence()} <a href="${site}articles/${id}?utm_source=rss&amp;utm_medium=feed" title="${topic[0]}">${sentence()}</a> <em>${word()} ${word()}</em>.</p>\n`;
    else if (roll < 0.62) part = `<p><a href="/tags/${topic[1]}">${capital(topic[1])}</a> · <strong>${sentence()}</strong></p>\n`;
    else if (roll < 0.7) part = `<figure><img src="https://cdn.example.com/img/${id}.jpg" srcset="https://cdn.example.com/img/${id}-2x.jpg 2x" alt="${sentence()}" width="640" height="480" class="wp-image-${id}" loading="lazy"><figcaption>${sentence()}</figcaption></figure>\n`;
    else if (roll < 0.77) part = `<ul><li>${sentence()}</li><li><strong>${word()}</strong> ${sentence()}</li><li>${sentence()}</li></ul>\n`;
    else if (roll < 0.83) part = `<blockquote cite="https://example.net/q/${id}"><p>${sentence()}</p></blockquote>\n`;
    else if (roll < 0.87) part = `<h2 id="s${id}">${sentence()}</h2>\n`;
    else if (roll < 0.9) part = `<pre><code>const ${word()} = ${id} &lt; ${id + 1};</code></pre>\n`;
    else if (roll < 0.94) part = `<div class="share" style="display:flex"><span onclick="share(${id})">Share</span><script>track(${id})</script></div>\n`;
    else if (roll < 0.97) part = `<iframe src="https://video.example.com/embed/${id}" width="560" height="315"></iframe><img src="https://pixel.example.com/p.gif?i=${id}" width="1" height="1">\n`;
    else part = `<table><tr><th>${word()}</th><td>${id}</td></tr></table><style>.x{color:red}</style>\n`;
    parts.push(part);
    size += part.length;
  }
  return {
    html: parts.join(''),
    summary: summary.replace(/ &amp; more/g, ' and more'),
    title: `${capital(topic[2])} ${topic[3]} ${names[0]} ${word()} ${topic[4]} ${(next() * 1000) | 0}`,
    topic,
    names,
  };
}

const FORMATS = ['rss', 'atom', 'json'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Item `seq` of feed `feed`: a pure function of (seed, feed, seq, t0), so a churned feed re-renders the same older items. */
export function makeItem(farm, feed, seq) {
  const next = prng(mix(farm.seed, feed, seq));
  const site = `https://f${feed}.example.org/`;
  const body = makeBody(next, site);
  // Feeds post every 2–40 h; new items (seq ≥ M) arrive after t0, a minute apart.
  // A dense farm (`spanMs`) packs every feed's M items into the last `spanMs`, each feed's newest
  // item within the last day: thousands of items a day, the case the duplicate search must bear.
  const spacing = farm.spanMs ? (farm.spanMs - DAY) / farm.items : (2 + (mix(farm.seed, feed) % 38)) * HOUR;
  const newest = farm.spanMs ? farm.t0 - (mix(farm.seed, feed, 7) % (DAY / 1000)) * 1000 : farm.t0;
  const time = seq < farm.items ? newest - (farm.items - 1 - seq) * spacing - (mix(feed, seq) % 1800) * 1000 : farm.t0 + (seq - farm.items + 1) * 60_000;
  return {
    id: `https://f${feed}.example.org/p/${seq}`,
    link: `${site}${new Date(time).toISOString().slice(0, 10).replace(/-/g, '/')}/${body.topic[2]}-${seq}.html?utm_campaign=feed`,
    title: body.title,
    date: new Date(time),
    author: `${body.names[1]} ${body.names[2]}`,
    categories: [capital(body.topic[5]), capital(body.topic[6])],
    html: body.html,
    summary: body.summary,
  };
}

function renderRss(feed, items) {
  const site = `https://f${feed}.example.org/`;
  const asContent = feed % 2 === 0;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n<title>Feed ${feed} news</title>\n<link>${site}</link>\n<description>Posts of feed ${feed}</description>\n<language>en-us</language>\n<lastBuildDate>${items[0].date.toUTCString()}</lastBuildDate>\n<atom:link href="${site}feed/" rel="self" type="application/rss+xml"/>\n`;
  for (const item of items) {
    out += `<item>\n<title>${escapeXml(item.title)}</title>\n<link>${escapeXml(item.link)}</link>\n<guid isPermaLink="false">${item.id}</guid>\n<pubDate>${item.date.toUTCString()}</pubDate>\n<dc:creator>${item.author}</dc:creator>\n`;
    for (const category of item.categories) out += `<category>${category}</category>\n`;
    if (asContent) out += `<description>${escapeXml(item.summary)}</description>\n<content:encoded><![CDATA[${item.html}]]></content:encoded>\n`;
    else out += `<description>${escapeXml(item.html)}</description>\n`;
    out += '</item>\n';
  }
  return `${out}</channel>\n</rss>\n`;
}

function renderAtom(feed, items) {
  const site = `https://f${feed}.example.org/`;
  let out = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n<title>Feed ${feed} journal</title>\n<id>urn:feedloom-bench:${feed}</id>\n<link rel="alternate" href="${site}"/>\n<link rel="self" href="${site}atom.xml"/>\n<updated>${items[0].date.toISOString()}</updated>\n`;
  for (const item of items) {
    out += `<entry>\n<id>${item.id}</id>\n<title type="text">${escapeXml(item.title)}</title>\n<link rel="alternate" type="text/html" href="${escapeXml(item.link)}"/>\n<published>${item.date.toISOString()}</published>\n<updated>${item.date.toISOString()}</updated>\n<author><name>${item.author}</name></author>\n`;
    for (const category of item.categories) out += `<category term="${category}"/>\n`;
    out += `<summary type="html">${escapeXml(item.summary)}</summary>\n<content type="html">${escapeXml(item.html)}</content>\n</entry>\n`;
  }
  return `${out}</feed>\n`;
}

function renderJson(feed, items) {
  const site = `https://f${feed}.example.org/`;
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: `Feed ${feed} notes`,
    home_page_url: site,
    feed_url: `${site}feed.json`,
    language: 'en',
    items: items.map((item) => ({
      id: item.id,
      url: item.link,
      title: item.title,
      content_html: item.html,
      summary: item.summary,
      date_published: item.date.toISOString(),
      authors: [{ name: item.author }],
      tags: item.categories,
    })),
  });
}

const RENDER = { rss: renderRss, atom: renderAtom, json: renderJson };
const CONTENT_TYPE = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' };

export function formatOf(feed) {
  return FORMATS[feed % 3];
}

export function feedPath(feed) {
  return `/f/${feed}.${formatOf(feed) === 'json' ? 'json' : 'xml'}`;
}

/** Render one feed's newest M items (its `published` count decides which). */
function renderFeed(farm, feed) {
  const total = farm.items + farm.published[feed];
  const items = [];
  for (let seq = total - 1; seq >= total - farm.items; seq--) items.push(makeItem(farm, feed, seq));
  const body = Buffer.from(RENDER[formatOf(feed)](feed, items));
  farm.bodies[feed] = body;
  farm.etags[feed] = `"f${feed}-${total}-${farm.seed}"`;
  farm.lastModified[feed] = items[0].date.toUTCString();
  farm.newestMs[feed] = Math.floor(items[0].date.getTime() / 1000) * 1000;
}

/** A farm of `feeds` × `items`; `t0` fixes every date, so two farms with the same arguments serve the same bytes. */
export function createFarm({ feeds, items, seed = 1, t0 = Date.now() - HOUR, spanMs = 0 }) {
  const farm = {
    feeds,
    items,
    spanMs,
    seed,
    t0,
    published: new Uint32Array(feeds),
    bodies: new Array(feeds),
    etags: new Array(feeds),
    lastModified: new Array(feeds),
    newestMs: new Float64Array(feeds),
    stats: { requests: 0, ok: 0, notModified: 0, bytes: 0 },
  };
  for (let feed = 0; feed < feeds; feed++) renderFeed(farm, feed);
  return farm;
}

/** Make a `share` of the feeds (chosen by the seed, spread over the list) publish `k` new items each; returns how many changed. */
export function advanceFarm(farm, share, k) {
  const count = Math.round(farm.feeds * share);
  const order = Array.from({ length: farm.feeds }, (_, feed) => feed).sort((a, b) => mix(farm.seed, a, 99) - mix(farm.seed, b, 99));
  for (const feed of order.slice(0, count)) {
    farm.published[feed] += k;
    renderFeed(farm, feed);
  }
  return count;
}

export function farmSize(farm) {
  let bytes = 0;
  for (const body of farm.bodies) bytes += body.length;
  return { feeds: farm.feeds, items: farm.feeds * farm.items, bytes };
}

/** Serve `current()` (the farm may be replaced between rounds) on 127.0.0.1:0; resolves to the server and its port. */
export function serveFarm(current) {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, (request, response) => {
    const farm = current();
    farm.stats.requests += 1;
    const match = /^\/f\/(\d+)\.(xml|json)$/.exec(request.url ?? '');
    const feed = match ? Number(match[1]) : -1;
    if (!(feed >= 0 && feed < farm.feeds)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed\n');
      return;
    }
    const etag = farm.etags[feed];
    const headers = { etag, 'last-modified': farm.lastModified[feed], 'cache-control': 'max-age=0' };
    // RFC 9110 §13.1.2/§13.1.3: If-None-Match wins; If-Modified-Since only when no If-None-Match was sent.
    const inm = request.headers['if-none-match'];
    const ims = request.headers['if-modified-since'];
    const fresh = inm !== undefined ? inm.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*') : ims !== undefined && Date.parse(ims) >= farm.newestMs[feed];
    if (fresh) {
      farm.stats.notModified += 1;
      response.writeHead(304, headers).end();
      return;
    }
    const body = farm.bodies[feed];
    farm.stats.ok += 1;
    farm.stats.bytes += body.length;
    response.writeHead(200, { ...headers, 'content-type': CONTENT_TYPE[formatOf(feed)], 'content-length': body.length }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port })));
}

// As a child of bench/run.js: commands arrive over IPC, one answer per command.
async function runAsChild() {
  let farm = null;
  let served = null;
  process.on('message', async (message) => {
    try {
      switch (message.cmd) {
        case 'setup': {
          const started = performance.now();
          farm = createFarm(message);
          served ??= await serveFarm(() => farm);
          process.send({ ok: true, port: served.port, ...farmSize(farm), setupMs: Math.round(performance.now() - started) });
          break;
        }
        case 'advance':
          process.send({ ok: true, changed: advanceFarm(farm, message.share, message.k) });
          break;
        case 'stats': {
          const stats = { ...farm.stats };
          farm.stats = { requests: 0, ok: 0, notModified: 0, bytes: 0 };
          process.send({ ok: true, stats });
          break;
        }
        case 'close':
          served?.server.closeAllConnections();
          served?.server.close();
          process.send({ ok: true });
          process.disconnect();
          break;
        default:
          process.send({ ok: false, error: `unknown command ${message.cmd}` });
      }
    } catch (error) {
      process.send({ ok: false, error: String(error?.stack ?? error) });
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--serve') {
    const farm = createFarm({ feeds: Number(process.argv[3] ?? 100), items: Number(process.argv[4] ?? 50) });
    const { port } = await serveFarm(() => farm);
    console.log(`farm of ${JSON.stringify(farmSize(farm))} on http://127.0.0.1:${port}${feedPath(0)} …`);
  } else runAsChild();
}
