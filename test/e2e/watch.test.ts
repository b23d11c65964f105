/**
 * `feedloom watch` on a per-second cron: cycles run on schedule, never overlap, and SIGTERM lets the
 * current cycle finish its writes before the process exits 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer;
let active = 0;
let maxActive = 0;

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    // Each fetch takes 1.5 s, longer than the 1 s cron period, so overlapping cycles would show.
    setTimeout(() => {
      active -= 1;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(
        `<rss version="2.0"><channel><title>Tick</title><link>https://tick.example/</link><item><guid>t1</guid><title>Tick story</title><link>https://tick.example/1</link><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>Text.</description></item></channel></rss>`,
      );
    }, 1500);
  });
});

afterAll(async () => server?.close());

describe('feedloom watch', () => {
  it('runs cycles on schedule without overlap and exits 0 after SIGTERM once the cycle is written', async () => {
    const project = tempProject({
      fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
      schedule: { cron: '* * * * * *' },
      sources: [{ id: 'tick', url: `${server.origin}/tick.xml`, interval: '5m' }],
    });
    const child = spawn(process.execPath, [CLI, 'watch', '--config', project.configPath, '--log-format', 'text'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait for the first cycle to start fetching, then ask the process to stop mid-cycle.
    const deadline = Date.now() + 20_000;
    while (server.requests.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(output).toContain('SIGTERM: finishing the current cycle');
    expect(output).toMatch(/skipping this tick|sources: 1 ok/);
    expect(maxActive).toBe(1);
    // The cycle that was running when the signal came finished its writes.
    expect(existsSync(path.join(project.dir, 'out', 'feed.xml'))).toBe(true);
    expect(readFileSync(path.join(project.dir, 'out', 'feed.xml'), 'utf8')).toContain('Tick story');
  });
});
