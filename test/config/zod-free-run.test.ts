/**
 * The config fast path (parse-config-fast.ts) pays only if a valid config never loads zod: zod and
 * node-cron cost about 190 ms of a 1,000-source warm run (bench/run.js --only config). Any module
 * on the run path that imports schema.ts or format-issues.ts (as cli/main.ts once did, for the
 * did-you-mean of commands) loads them on every run; this runs the real CLI and lists what it loaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

const RECORDER = pathToFileURL(path.resolve(new URL('../helpers/record-modules.mjs', import.meta.url).pathname)).href;
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://a.example/</link><item><title>One</title><link>http://a.example/1</link><guid>1</guid></item></channel></rss>';

/** The zod and node-cron modules a `feedloom run` of this config loaded, and its exit code. */
async function validationModules(config: object): Promise<{ code: number | null; loaded: string[] }> {
  const { dir } = tempProject(config, { 'feed.xml': FEED });
  const list = path.join(dir, 'modules.txt');
  const result = await runCli(['run', '--force', '--quiet'], { cwd: dir, env: { NODE_OPTIONS: `--import=${RECORDER}`, FEEDLOOM_TEST_MODULES: list } });
  const loaded = readFileSync(list, 'utf8').split('\n');
  expect(loaded.some((url) => url.endsWith('/dist/config/read-config.js'))).toBe(true);
  return { code: result.code, loaded: loaded.filter((url) => /\/node_modules\/(zod|node-cron)\/|\/config\/(schema|load-config|format-issues)\.js$/.test(url)) };
}

describe('a run with a valid config', () => {
  it('loads neither zod nor node-cron', async () => {
    const { code, loaded } = await validationModules({ site: { title: 'T', url: 'http://127.0.0.1/' }, sources: [{ id: 'a', url: 'feed.xml' }] });
    expect(code).toBe(0);
    expect(loaded).toEqual([]);
  });

  it('while an invalid one goes to the zod schema for its error message', async () => {
    const { code, loaded } = await validationModules({ site: { title: 'T', url: 'http://127.0.0.1/' }, fetch: { timeoutMS: 5 }, sources: [{ id: 'a', url: 'feed.xml' }] });
    expect(code).not.toBe(0);
    expect(loaded.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
  });
});
