/**
 * A feed that changes by a few items, through the real CLI (issue 11): the items the source has
 * stored unchanged are left out at normalise (NormaliseOptions.stored) and never reach ingest,
 * so what a run does with them must be what ingest did before: nothing. Their stored rows stay
 * byte for byte, the edited one is updated, the new ones are stored whole.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const item = (n: number, body: string) =>
  `<item><guid>story-${n}</guid><title>Story number ${n} about the harbour works</title><link>https://paper.example/story-${n}</link>` +
  `<pubDate>${new Date(Date.UTC(2026, 10, 20) - n * 3_600_000).toUTCString()}</pubDate><description><![CDATA[<p>${body}</p>]]></description></item>`;
const bodyOf = (n: number) => `Paragraph ${n}: the council met on the quay to discuss repairs, costs and the timetable of the ferries.`;
const feed = (numbers: number[], edited?: number) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Paper</title><link>https://paper.example/</link>${numbers
    .map((n) => item(n, n === edited ? `${bodyOf(n)} Updated with the mayor's answer.` : bodyOf(n)))
    .join('')}</channel></rss>`;

let server: LoopbackServer;
let body = '';

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    res.end(body);
  });
});
afterAll(async () => server?.close());

async function cycle(configPath: string) {
  const result = await runCli(['run', '--config', configPath, '--force', '--log-format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').pop()!).summary;
}

function rows(dir: string): Map<string, string> {
  const db = new Database(path.join(dir, 'data', 'feedloom.db'), { readonly: true });
  try {
    return new Map(db.prepare('SELECT uid, json FROM items').raw().all() as Array<[string, string]>);
  } finally {
    db.close();
  }
}

describe('a changed feed of mostly stored items', () => {
  it('stores the new and edited items whole and leaves every unchanged row as it was', async () => {
    const project = tempProject({ store: { driver: 'sqlite' }, fetch: { allow: [server.hostPort], retries: 0 }, sources: [{ id: 'paper', url: `${server.origin}/feed.xml` }] });
    body = feed(Array.from({ length: 30 }, (_, n) => n + 4));
    const first = await cycle(project.configPath);
    expect(first.items.new).toBe(30);
    const before = rows(project.dir);

    // Three new stories on top, one stored story edited, the oldest one dropped from the feed.
    body = feed(Array.from({ length: 32 }, (_, n) => n + 1), 10);
    const second = await cycle(project.configPath);
    expect(second.items.new).toBe(3);
    expect(second.items.updated).toBe(1);
    const after = rows(project.dir);
    expect(after.size).toBe(33);
    const uidOf = (n: number) => [...after.keys()].find((uid) => uid.endsWith(`story-${n}`))!;
    for (let n = 4; n <= 33; n++) {
      if (n === 10) expect(after.get(uidOf(n))).not.toBe(before.get(uidOf(n)));
      else expect(after.get(uidOf(n))).toBe(before.get(uidOf(n)));
    }
    for (const n of [1, 2, 3, 10]) {
      const stored = JSON.parse(after.get(uidOf(n))!);
      expect(stored.excerpt).toContain(`Paragraph ${n}:`);
      expect(stored.canonicalLink).toBe(`https://paper.example/story-${n}`);
      expect(stored.language).toBe('en');
      expect(stored.fingerprint).toBeTruthy();
    }
  });
});
