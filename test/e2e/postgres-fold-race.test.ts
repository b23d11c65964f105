/**
 * Two `feedloom run` processes ingesting copies of stories at the same moment, in a window crowded
 * past EXACT_WINDOW, so that each ingest locks its items' duplicate keys rather than the whole store
 * (issue 12, src/store/postgres-ingest-lock.ts). Each round three stories are copied at once, each
 * pair sharing one kind of key only: the article link, the headline, or the body. Whichever process
 * takes which source, every pair must end as one item crediting both sources.
 */
import type http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { describePostgres, freshDatabase, query } from '../helpers/postgres.js';

const SYLLABLES = 'ka lo mi ren tas vu po shi dan el or bra ne qui tol zem fa gor lin sud'.split(' ');
const KINDS = ['link', 'title', 'body'] as const;
const ROUNDS = 10;
/** Stories of the filler source, all within the dedupe window of the copies: past EXACT_WINDOW (64). */
const FILLERS = 90;

/** Words no other story uses (no names or figures, so no lead conflicts either). */
function words(seed: number, count: number): string {
  let state = (seed * 2_654_435_761 + 11) >>> 0;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    out.push(SYLLABLES[state % 20] + SYLLABLES[(state >>> 8) % 20] + SYLLABLES[(state >>> 16) % 20]);
  }
  return out.join(' ');
}

interface Story {
  guid: string;
  title: string;
  link: string;
  body: string;
  date: Date;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rss(stories: Story[]): string {
  const items = stories
    .map((story) => `<item><title>${escapeXml(story.title)}</title><link>${story.link}</link><guid isPermaLink="false">${story.guid}</guid><pubDate>${story.date.toUTCString()}</pubDate><description>${escapeXml(story.body)}</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>race</title><link>http://127.0.0.1/</link><description>race</description>\n${items}</channel></rss>\n`;
}

describePostgres('copies ingested at the same moment in a crowded window', () => {
  let server: LoopbackServer;
  let round = 0;
  const t0 = Date.now() - 6 * 3_600_000;
  let waiting: Array<() => void> = [];
  /** Every copy's answer waits for the other five of its round (or a moment, if one process took more). */
  const barrier = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === KINDS.length * 2) {
        for (const release of waiting) release();
        waiting = [];
      }
      setTimeout(resolve, 3_000);
    });

  /** Round `r`, kind `k`, side 0 or 1: the two sides share only what the kind says. */
  const copy = (r: number, kind: (typeof KINDS)[number], side: number): Story => {
    const seed = r * 100 + KINDS.indexOf(kind) * 10 + side;
    const shared = r * 100 + KINDS.indexOf(kind) * 10 + 5;
    return {
      guid: `r${r}-${kind}-${side}`,
      title: kind === 'title' ? words(shared, 6) : words(seed + 50_000, 6),
      link: kind === 'link' ? `${server.origin}/story/${r}/${kind}` : `${server.origin}/story/${r}/${kind}/${side}`,
      // A shared headline only stands with bodies too short to disagree (compare() in cross-source.ts).
      body: kind === 'body' ? words(shared + 90_000, 90) : kind === 'title' ? words(seed + 90_000, 5) : words(seed + 90_000, 60),
      date: new Date(t0 + r * 60_000 + side * 1_000),
    };
  };

  beforeAll(async () => {
    const handler: http.RequestListener = (request, response) => {
      const match = /^\/(filler|(link|title|body)-(\d))\.xml$/.exec(request.url ?? '');
      if (!match) return void response.writeHead(404).end();
      const answer = (stories: Story[]) => {
        const body = rss(stories);
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
      };
      if (match[1] === 'filler') {
        return answer(Array.from({ length: FILLERS }, (_, n) => ({ guid: `filler-${n}`, title: words(900_000 + n, 6), link: `${server.origin}/filler/${n}`, body: words(800_000 + n, 60), date: new Date(t0 - n * 300_000) })));
      }
      const kind = match[2] as (typeof KINDS)[number];
      const side = Number(match[3]);
      const stories = round === 0 ? [] : [copy(round, kind, side)];
      if (round === 0) return answer(stories);
      void barrier().then(() => answer(stories));
    };
    server = await startLoopbackServer(handler);
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`two workers, ${ROUNDS} rounds of three stories copied at once (each pair sharing only its link, its headline or its body): always one item crediting both`, async () => {
    const url = await freshDatabase('race');
    const sources = [{ id: 'filler', url: `${server.origin}/filler.xml` }, ...KINDS.flatMap((kind) => [0, 1].map((side) => ({ id: `${kind}-${side}`, url: `${server.origin}/${kind}-${side}.xml` })))];
    const project = tempProject({
      site: { title: 'Race', url: 'http://127.0.0.1:9/' },
      // Three sources a claim: the first process to claim takes three copies, the other the rest.
      fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0, perHostConcurrency: 8, concurrency: 3, timeoutMs: 10_000 },
      store: { driver: 'postgres', url },
      output: { pages: false },
      sources,
    });
    // Round 0 stores the filler: every later window holds more than EXACT_WINDOW items.
    const first = await runCli(['run', '--quiet'], { cwd: project.dir, timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    let split = 0;
    for (round = 1; round <= ROUNDS; round++) {
      const results = await Promise.all([0, 1].map(() => runCli(['run', '--force', '--quiet'], { cwd: project.dir, timeoutMs: 120_000 })));
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      const rows = await query<{ json: string; last_worker: string; source_id: string }>(
        url,
        `SELECT i.json, s.last_worker, i.source_id FROM feedloom_items i JOIN feedloom_sources s ON s.id = i.source_id WHERE i.source_id <> 'filler'`,
      );
      for (const kind of KINDS) {
        const copies = rows
          .map((row) => ({ item: JSON.parse(row.json) as { key: string; sourceId: string; duplicateOf: string | null; alsoCarriedBy: Array<{ sourceId: string }> }, worker: row.last_worker }))
          .filter(({ item }) => item.key.startsWith(`r${round}-${kind}-`));
        expect(copies, `round ${round}, ${kind}`).toHaveLength(2);
        if (copies[0].worker !== copies[1].worker) split++;
        const primaries = copies.filter(({ item }) => item.duplicateOf === null);
        expect(primaries, `round ${round}, ${kind}: one item`).toHaveLength(1);
        const other = copies.find((entry) => entry !== primaries[0])!;
        expect(primaries[0].item.alsoCarriedBy.map((carrier) => carrier.sourceId), `round ${round}, ${kind}`).toEqual([other.item.sourceId]);
      }
    }
    // The race was run: in most rounds some pair's two copies were taken by the two processes.
    expect(split).toBeGreaterThan(ROUNDS / 2);
  }, 600_000);
});
