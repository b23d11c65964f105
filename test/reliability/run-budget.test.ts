/**
 * A run that runs out of its budget (fetch.runBudgetMs), through the real CLI against a loopback
 * server where some feeds answer slowly: what it ingested is committed and published, and the
 * sources it did not get to are deferred (due at once next run), not failures that count towards
 * backoff and death.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const feed = (name: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link><item><guid>${name}-1</guid><title>${name} story</title><link>https://${name}.example/1</link><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>Text of ${name}.</description></item></channel></rss>`;

/** How long the slow feeds keep their answer back; 0 once the test lets them answer at once. */
let slowMs = 8000;
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const match = /^\/(fast|slow)\/(\w+)\.xml$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end();
    const answer = () => res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feed(match[2]));
    if (match[1] === 'slow' && slowMs > 0) {
      const timer = setTimeout(answer, slowMs);
      res.on('close', () => clearTimeout(timer));
    } else answer();
  });
});

afterAll(async () => server?.close());

const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').filter((line) => line.startsWith('{"summary"')).pop()!).summary;

describe('run budget', () => {
  it('commits what it ingested and defers the unfetched sources without counting a failure', async () => {
    // Fast sources sort first (ids), so they are fetched before the slow ones hold every slot.
    const project = tempProject({
      fetch: { allow: [server.hostPort], timeoutMs: 30_000, retries: 0, hostGapMs: 0, concurrency: 2, perHostConcurrency: 2, runBudgetMs: 1500 },
      sources: [
        ...['a1', 'a2', 'a3'].map((id) => ({ id, url: `${server.origin}/fast/${id}.xml` })),
        ...['z1', 'z2', 'z3', 'z4'].map((id) => ({ id, url: `${server.origin}/slow/${id}.xml` })),
      ],
    });
    const first = await runCli(['run', '--config', project.configPath, '--log-format', 'json']);
    expect(first.code).toBe(0);
    expect(first.ms).toBeLessThan(8000);
    const summary = summaryOf(first.stdout);
    expect(summary.sources).toMatchObject({ ok: 3, failed: 0, deferred: 4 });
    expect(summary.items.new).toBe(3);
    const published = readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8');
    for (const id of ['a1', 'a2', 'a3']) expect(published).toContain(`${id} story`);

    const state = JSON.parse(readFileSync(path.join(project.dir, 'data', 'state.json'), 'utf8'));
    for (const id of ['z1', 'z2', 'z3', 'z4']) {
      expect(state.sources[id].consecutiveFailures).toBe(0);
      expect(state.sources[id].lastError).toBeNull();
      expect(Date.parse(state.sources[id].nextDueAt)).toBeLessThanOrEqual(Date.now());
    }

    // Next run, without --force: only the deferred sources are due, and now they answer.
    slowMs = 0;
    const second = await runCli(['run', '--config', project.configPath, '--log-format', 'json']);
    expect(second.code).toBe(0);
    expect(summaryOf(second.stdout).sources).toMatchObject({ ok: 4, failed: 0, deferred: 0, skipped: 3 });
  }, 60_000);
});
