/**
 * Issue 14 defect 8 and issue 15 item 9: `run` stopped by SIGTERM (cron, systemd), SIGINT, or
 * Ctrl-C typed at a real terminal, mid-fetch against a slow loopback farm. It exits 143/130 with
 * one line saying what was kept, releases the lock, leaves a readable store, and the next run
 * fetches only what was not fetched and keeps what was.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const SOURCES = 24;
const DELAY_MS = 400;

let farm: LoopbackServer;
let answered = 0;

beforeAll(async () => {
  farm = await startLoopbackServer((req, res) => {
    const n = /^\/feed-(\d+)\.xml$/.exec(req.url ?? '')?.[1];
    if (n === undefined) {
      res.writeHead(404).end();
      return;
    }
    // Counted on arrival: a request the stopped run cut off is answered later, during the next run.
    answered += 1;
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(
        `<rss version="2.0"><channel><title>Farm ${n}</title><link>https://farm${n}.example/</link>` +
          `<item><guid>farm-${n}</guid><title>Story number ${n} from the farm</title><link>https://farm${n}.example/story</link>` +
          `<pubDate>Wed, 25 Nov 2026 10:${n.padStart(2, '0')}:00 GMT</pubDate><description>Report ${n} on the harvest.</description></item></channel></rss>`,
      );
    }, DELAY_MS);
  });
});

afterAll(async () => farm?.close());

function farmProject() {
  return tempProject({
    fetch: { allow: [farm.hostPort], retries: 0, hostGapMs: 0, concurrency: 3, perHostConcurrency: 3 },
    output: { items: 100 },
    sources: Array.from({ length: SOURCES }, (_, n) => ({ id: `farm-${n}`, url: `${farm.origin}/feed-${n}.xml`, interval: '1h' })),
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const STOPPED_LINE = /stopped by (SIGTERM|SIGINT): (\d+) sources? fetched and stored, (\d+) not fetched \(due next run\)/g;

/** After the stop: the lock is gone, the store reads, and a plain run fetches exactly the rest. */
async function expectStoppedRunKept(project: { dir: string; configPath: string }, fetched: number, notFetched: number): Promise<void> {
  expect(fetched).toBeGreaterThan(0);
  expect(notFetched).toBeGreaterThan(0);
  expect(fetched + notFetched).toBe(SOURCES);
  expect(existsSync(path.join(project.dir, 'data', 'feedloom.lock'))).toBe(false);

  const status = await runCli(['status', '--json', '--config', project.configPath]);
  expect(status.code).toBe(0);
  const rows = JSON.parse(status.stdout).sources as Array<{ id: string; lastSuccessAt: string | null }>;
  const kept = rows.filter((row) => row.lastSuccessAt !== null).map((row) => row.id);
  expect(kept).toHaveLength(fetched);
  // What was fetched before the signal is published too.
  const published = (JSON.parse(readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8')).items as unknown[]).length;
  expect(published).toBe(fetched);

  const before = answered;
  const next = await runCli(['run', '--config', project.configPath, '--log-format', 'text']);
  expect(next.code, next.stderr).toBe(0);
  expect(next.stderr).not.toContain('stale lock');
  // Only the sources the stopped run never fetched were due.
  expect(answered - before).toBe(notFetched);
  expect(next.stdout).toContain(`sources: ${notFetched} ok`);
  expect(next.stdout).toContain(`${fetched} not due`);
  const items = JSON.parse(readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8')).items as Array<{ title: string }>;
  expect(items).toHaveLength(SOURCES);
}

describe('run stopped by a signal', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} mid-fetch: exit ${code}, one line saying what was kept, lock released, the next run goes on`, { timeout: 90_000 }, async () => {
      const project = farmProject();
      const started = answered;
      const child = spawn(process.execPath, [CLI, 'run', '--config', project.configPath, '--log-format', 'text'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk) => (stdout += chunk));
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const exited = exitOf(child);
      await waitFor(() => answered - started >= 6, 'six answers');
      child.kill(signal);
      expect(await exited).toBe(code);
      const lines = [...stderr.matchAll(STOPPED_LINE)];
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0][1]).toBe(signal);
      // No per-source noise and no run summary: the one line says it all.
      expect(stderr).not.toContain('deferred');
      expect(stdout).not.toContain('sources:');
      await expectStoppedRunKept(project, Number(lines[0][2]), Number(lines[0][3]));
    });
  }

  // script(1) is util-linux, on every Linux this suite runs on; elsewhere the SIGINT case above stands in.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('Ctrl-C typed at a terminal (under a real pty, progress bar drawn) prints the line on a line of its own', { timeout: 90_000 }, async () => {
    const project = farmProject();
    const started = answered;
    // script(1) gives the run a pseudo-terminal; ^C written to it is turned into SIGINT by the line
    // discipline for the foreground process group, exactly as a keyboard's Ctrl-C is.
    const command = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run --config ${JSON.stringify(project.configPath)}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let screen = '';
    child.stdout!.on('data', (chunk) => (screen += chunk));
    const exited = exitOf(child);
    await waitFor(() => answered - started >= 6 && screen.includes('sources'), 'the progress bar');
    child.stdin!.write('\x03');
    expect(await exited).toBe(130);
    const lines = [...screen.matchAll(STOPPED_LINE)];
    expect(lines, screen).toHaveLength(1);
    expect(lines[0][1]).toBe('SIGINT');
    // The bar's line was cleared before the message, so nothing of the bar shares its line.
    const line = screen.split(/\r?\n/).find((one) => one.includes('stopped by SIGINT'))!;
    expect(line.slice(line.lastIndexOf('\r') + 1).replace('\x1b[K', '')).toMatch(/^warn: stopped by SIGINT: /);
    await expectStoppedRunKept(project, Number(lines[0][2]), Number(lines[0][3]));
  });
});
