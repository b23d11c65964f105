/**
 * A farm of small RSS feeds on one loopback server, for tests of several processes: every request
 * counted per feed with its start and end time, an optional delay, and a hook that may hold a
 * response back (to make two processes ingest at the same moment). Item links point at the farm
 * itself (never followed). Every tenth feed also carries a copy of the previous feed's newest
 * story under its own link, so cross-source folding is exercised.
 */
import type http from 'node:http';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface FarmRequest {
  feed: number;
  startMs: number;
  endMs: number;
}

export interface FeedFarm {
  server: LoopbackServer;
  feeds: number;
  /** Feed number → requests answered. */
  hits: Map<number, number>;
  log: FarmRequest[];
  /** Makes `count` feeds (from the first) publish one more story each. */
  publish(count: number): void;
  /** The stories each feed serves now: feed → titles. */
  titles(feed: number): string[];
  url(feed: number): string;
  close(): Promise<void>;
}

export interface FeedFarmOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Milliseconds each answer waits, or a function of the feed. */
  delayMs?: number | ((feed: number) => number);
  /** Called before answering; the answer waits for the promise. */
  hold?: (feed: number) => Promise<void>;
  /** Dates are fixed from here (default: a fixed day), one hour apart per story. */
  t0?: number;
}

const SYLLABLES = 'ka lo mi ren tas vu po shi dan el or bra ne qui tol zem fa gor lin sud'.split(' ');
const COMMON = 'harbour council budget river festival transit library reactor orchard glacier'.split(' ');

/** A deterministic pseudo-random word stream per (feed, story): bodies share little, so only copies fold. */
function wordsOf(feed: number, story: number, count: number): string[] {
  let state = (feed * 2_654_435_761 + story * 40_503 + 7) >>> 0;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state;
  };
  const words: string[] = [];
  for (let n = 0; n < count; n++) words.push(SYLLABLES[next() % 20] + SYLLABLES[next() % 20] + SYLLABLES[next() % 20]);
  return words;
}

export function storyTitle(feed: number, story: number): string {
  const [a, b, c] = wordsOf(feed, story, 3);
  return `${a} ${COMMON[(feed + story) % COMMON.length]} ${b} ${c} (feed ${feed}, story ${story})`;
}

function storyBody(feed: number, story: number): string {
  return `<p>${wordsOf(feed, story + 100_000, 40).join(' ')}.</p><p>${wordsOf(feed, story + 200_000, 30).join(' ')}.</p>`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFeedFarm(options: FeedFarmOptions): Promise<FeedFarm> {
  const published = new Array<number>(options.feeds).fill(options.itemsPerFeed);
  const t0 = options.t0 ?? Date.parse('2026-11-20T00:00:00Z');
  const hits = new Map<number, number>();
  const log: FarmRequest[] = [];
  let origin = '';
  const dateOf = (feed: number, story: number) => new Date(t0 + story * 3_600_000 + feed * 1_000);

  const render = (feed: number): string => {
    let items = '';
    const newest = published[feed];
    const item = (title: string, link: string, guid: string, date: Date, body: string) =>
      `<item><title>${escapeXml(title)}</title><link>${link}</link><guid isPermaLink="false">${guid}</guid><pubDate>${date.toUTCString()}</pubDate><description>${escapeXml(body)}</description></item>\n`;
    for (let story = newest - 1; story >= newest - options.itemsPerFeed; story--) {
      items += item(storyTitle(feed, story), `${origin}/story/${feed}/${story}`, `f${feed}-s${story}`, dateOf(feed, story), storyBody(feed, story));
    }
    if (feed % 10 === 9 && feed > 0) {
      // A copy of the previous feed's newest story: the same words under another link, a minute later.
      const story = published[feed - 1] - 1;
      const date = new Date(dateOf(feed - 1, story).getTime() + 60_000);
      items += item(storyTitle(feed - 1, story), `${origin}/copy/${feed}/${story}`, `copy-f${feed - 1}-s${story}`, date, storyBody(feed - 1, story));
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Farm feed ${feed}</title><link>${origin}/site/${feed}</link><description>Feed ${feed}</description>\n${items}</channel></rss>\n`;
  };

  const handler: http.RequestListener = (request, response) => {
    const startMs = performance.now();
    const match = /^\/f\/(\d+)\.xml$/.exec(request.url ?? '');
    const feed = match ? Number(match[1]) : -1;
    if (!(feed >= 0 && feed < options.feeds)) {
      response.writeHead(404).end();
      return;
    }
    const delay = typeof options.delayMs === 'function' ? options.delayMs(feed) : (options.delayMs ?? 0);
    const answer = () => {
      const body = render(feed);
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body, () => {
        hits.set(feed, (hits.get(feed) ?? 0) + 1);
        log.push({ feed, startMs, endMs: performance.now() });
      });
    };
    const held = options.hold ? options.hold(feed) : Promise.resolve();
    void held.then(() => (delay > 0 ? setTimeout(answer, delay) : answer()));
  };
  const server = await startLoopbackServer(handler);
  origin = server.origin;
  return {
    server,
    feeds: options.feeds,
    hits,
    log,
    publish(count) {
      for (let feed = 0; feed < Math.min(count, options.feeds); feed++) published[feed]++;
    },
    titles(feed) {
      const titles: string[] = [];
      for (let story = published[feed] - 1; story >= published[feed] - options.itemsPerFeed; story--) titles.push(storyTitle(feed, story));
      return titles;
    },
    url: (feed) => `${origin}/f/${feed}.xml`,
    close: () => server.close(),
  };
}
