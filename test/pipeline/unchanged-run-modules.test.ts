/**
 * A run where no feed changed (every source answers 304 or the same bytes: most runs of a cron job)
 * never loads the stages after fetch: parsing, normalising, spam and duplicate search are a third
 * of the modules a run can load. Any static import of them on the run path (as run-cycle.ts once
 * had, for an empty counter) loads them on every run; this runs the real CLI twice and lists what
 * the second run loaded.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

const RECORDER = pathToFileURL(path.resolve(new URL('../helpers/record-modules.mjs', import.meta.url).pathname)).href;
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://a.example/</link><item><title>One story</title><link>http://a.example/1</link><guid>1</guid><description>Text of one story.</description></item></channel></rss>';
const LATER_STAGES = /\/dist\/(parse\/parse-feed|normalise\/(normalise-item|html|excerpt|language)|filter\/\w+|dedupe\/(cross-source|duplicate-index|item-analysis)|pipeline\/(ingest|spam-model-load))\.js$/;

async function modulesOfRun(dir: string): Promise<{ code: number | null; loaded: string[] }> {
  const list = path.join(dir, 'modules.txt');
  rmSync(list, { force: true });
  const result = await runCli(['run', '--force', '--quiet'], { cwd: dir, env: { NODE_OPTIONS: `--import=${RECORDER}`, FEEDLOOM_TEST_MODULES: list } });
  return { code: result.code, loaded: readFileSync(list, 'utf8').split('\n').filter(Boolean) };
}

describe('a run where no feed changed', () => {
  it('loads none of the stages after fetch, which the first run of the same store did', async () => {
    const { dir } = tempProject({ site: { title: 'T', url: 'http://127.0.0.1/' }, store: { driver: 'sqlite' }, sources: [{ id: 'a', url: 'feed.xml' }] }, { 'feed.xml': FEED });
    const first = await modulesOfRun(dir);
    expect(first.code).toBe(0);
    expect(first.loaded.filter((url) => LATER_STAGES.test(url)).length).toBeGreaterThan(8);
    const second = await modulesOfRun(dir);
    expect(second.code).toBe(0);
    expect(second.loaded.some((url) => url.endsWith('/dist/pipeline/run-cycle.js'))).toBe(true);
    expect(second.loaded.filter((url) => LATER_STAGES.test(url))).toEqual([]);
  });
});
