/**
 * R45 at the level of the whole CLI: `feedloom run` is SIGKILLed at random points while it writes
 * the store and the outputs. After every kill the store must open and every output must parse:
 * old or new version, never torn. (test/store/ repeats the kill 200 times per store driver on the
 * store's own writes; this loop covers the outputs and the run as a whole.)
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, tempProject } from '../helpers/cli.js';

const LOOPS = Number(process.env.FEEDLOOM_RUN_KILL_LOOPS ?? 20);

function feedWith(count: number): string {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><guid>k${i}</guid><title>Kill test story ${i}</title><link>https://kill.example/${i}</link><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}</pubDate><description>${'Body text. '.repeat(40)}</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Kill</title><link>https://kill.example/</link>${items.join('')}</channel></rss>`;
}

function runAndKill(configPath: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', '--config', configPath, '--force'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('R45 kill -9 during a run', () => {
  it(`leaves a loadable store and whole outputs after ${LOOPS} kills at random points`, async () => {
    const project = tempProject({ output: { pages: true, items: 100 }, sources: [{ id: 'kill', url: 'kill.xml', category: 'Kill' }] }, { 'kill.xml': feedWith(20) });
    expect((await runCli(['run', '--config', project.configPath])).code).toBe(0);
    const parser = new Parser();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let loop = 0; loop < LOOPS; loop++) {
      // New items every round, so each run really writes the store and re-renders outputs.
      writeFileSync(path.join(project.dir, 'kill.xml'), feedWith(20 + loop + 1));
      await runAndKill(project.configPath, 150 + Math.floor(random() * 1500));
      const status = await runCli(['status', '--config', project.configPath, '--json']);
      expect(status.code, `store unreadable after kill ${loop}: ${status.stderr}`).toBe(0);
      for (const name of ['feed.xml', 'atom.xml']) {
        const text = readFileSync(path.join(project.dir, 'out', name), 'utf8');
        await expect(parser.parseString(text), `${name} torn after kill ${loop}`).resolves.toBeTruthy();
      }
      JSON.parse(readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8'));
      JSON.parse(readFileSync(path.join(project.dir, 'out', 'recent.json'), 'utf8'));
      for (const page of readdirSync(path.join(project.dir, 'out', 'posts'))) {
        if (page.includes('.feedloom-tmp-')) continue;
        expect(readFileSync(path.join(project.dir, 'out', 'posts', page), 'utf8').trimEnd().endsWith('</html>'), `${page} torn after kill ${loop}`).toBe(true);
      }
    }
    // A clean run afterwards removes leftover temp files and publishes everything.
    expect((await runCli(['run', '--config', project.configPath, '--force'])).code).toBe(0);
    const leftovers = [project.dir, path.join(project.dir, 'data'), path.join(project.dir, 'out')].flatMap((dir) => readdirSync(dir).filter((name) => name.includes('.feedloom-tmp-')));
    expect(leftovers).toEqual([]);
    expect(readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8')).toContain(`Kill test story ${20 + LOOPS - 1}`);
  }, 600_000);
});
