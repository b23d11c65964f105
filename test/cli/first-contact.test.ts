/**
 * Issue 15, "what an operator meets first", through the real CLI: a closed pipe, typos in
 * commands and options.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, runCli, tempProject } from '../helpers/cli.js';
import { rssFeed, startRoutedServer } from '../ops/ops-kit.js';

/** Runs `feedloom <args> | head -1` in a real shell; the code is feedloom's (pipefail). */
function runIntoClosedPipe(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const line = `set -o pipefail; "${process.execPath}" "${CLI}" ${args.join(' ')} | head -1 >/dev/null`;
    const child = spawn('bash', ['-c', line], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const emptyProject = () => tempProject({ site: { title: 'T', url: 'http://127.0.0.1/' }, sources: [] });

describe('a reader that goes away', () => {
  it('status | head -1 stops quietly with exit 0', async () => {
    const sources = Array.from({ length: 3000 }, (_, i) => ({ id: `s${i}`, url: `http://127.0.0.1:9/${i}.xml` }));
    const { dir } = tempProject({ site: { title: 'T', url: 'http://127.0.0.1/' }, sources });
    const result = await runIntoClosedPipe(['status'], dir);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.code).toBe(0);
  });
});

describe('typos', () => {
  it('an unknown option names the nearest known one', async () => {
    const { dir } = emptyProject();
    const result = await runCli(['status', '--jsn'], { cwd: dir });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('unknown option --jsn (did you mean --json?)');
  });

  it('an unknown command names the nearest command', async () => {
    const result = await runCli(['rn']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('unknown command rn (did you mean run?)');
  });

  it('a known value option without a value still says so', async () => {
    const result = await runCli(['status', '--config']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--config needs a value');
  });
});

describe('run output', { timeout: 60_000 }, () => {
  let server: Awaited<ReturnType<typeof startRoutedServer>>;
  beforeAll(async () => {
    server = await startRoutedServer({ '/a.xml': { body: rssFeed('A', 'https://a.example/', [{ guid: 'a1', title: 'First', link: 'https://a.example/1', date: '2026-11-27T09:00:00Z' }]) } });
  });
  afterAll(() => server.close());
  const project = () =>
    tempProject({
      site: { title: 'T', url: 'http://127.0.0.1/' },
      fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
      output: { pages: true },
      sources: [{ id: 'a', url: `${server.origin}/a.xml` }],
    });

  it('--quiet prints no summary on a clean run', async () => {
    const { dir } = project();
    const result = await runCli(['run', '--quiet', '--log-format', 'text'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
  });

  it('without --quiet, the summary ends with what to open next', async () => {
    const { dir } = project();
    const result = await runCli(['run', '--log-format', 'text'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sources: 1 ok');
    expect(result.stdout).toContain(`next: open ${path.join('out', 'index.html')}, or run \`npx feedloom serve\``);
  });
});

describe('files named on the command line', () => {
  it('parse of a missing file exits 66 and names it', async () => {
    const result = await runCli(['parse', '/nonexistent.xml']);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain('/nonexistent.xml');
  });

  it('import-opml of a missing file exits 66 and names it', async () => {
    const { dir } = emptyProject();
    const result = await runCli(['import-opml', 'nosuch.opml'], { cwd: dir });
    expect(result.code).toBe(66);
    expect(result.stderr).toContain('nosuch.opml');
  });

  it('import-opml of a file that is not OPML names the file and exits 65 (EX_DATAERR), not 70', async () => {
    const { dir } = emptyProject();
    const result = await runCli(['import-opml', 'feeds.config.json'], { cwd: dir });
    expect(result.stderr).toMatch(/feeds\.config\.json: not an OPML document/);
    expect(result.code).toBe(65);
  });

  it.each([['train'], ['eval']])('spam %s of a missing file exits 66 and names it', async (verb) => {
    const { dir } = emptyProject();
    const result = await runCli(['spam', verb, 'nosuch.txt'], { cwd: dir });
    expect(result.code).toBe(66);
    expect(result.stderr).toContain('E_FILE: nosuch.txt: cannot read: ENOENT');
  });
});

describe('parse and the default config', { timeout: 60_000 }, () => {
  it('takes fetch.allow from ./feeds.config.json without --config', async () => {
    const server = await startRoutedServer({ '/f.xml': { body: rssFeed('F', 'https://f.example/', []) } });
    try {
      const { dir } = tempProject({ site: { title: 'T', url: 'http://127.0.0.1/' }, fetch: { allow: [server.hostPort] }, sources: [] });
      const result = await runCli(['parse', `${server.origin}/f.xml`, '--json'], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ title: 'F', items: [] });
    } finally {
      await server.close();
    }
  });

  it('--help points at a document the repository has', async () => {
    const result = await runCli(['parse', '--help']);
    const doc = /docs\/parse-json\.md/.exec(result.stdout)?.[0];
    expect(doc).toBeDefined();
    expect(existsSync(path.join(PROJECT_ROOT, doc!))).toBe(true);
  });
});

describe('status of a retired source', { timeout: 60_000 }, () => {
  it('a 410 source shows "retired", not a next-due time', async () => {
    const server = await startRoutedServer({ '/gone.xml': { status: 410, body: 'gone' } });
    try {
      const { dir } = tempProject({
        site: { title: 'T', url: 'http://127.0.0.1/' },
        fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
        sources: [{ id: 'old', url: `${server.origin}/gone.xml` }],
      });
      await runCli(['run'], { cwd: dir });
      const result = await runCli(['status'], { cwd: dir });
      const line = result.stdout.split('\n').find((row) => row.startsWith('old '));
      expect(line).toMatch(/gone\s.*retired/);
      expect(line).not.toMatch(/in \d/);
    } finally {
      await server.close();
    }
  });
});

describe("the README's minimal config", { timeout: 60_000 }, () => {
  it('yields out/index.html and article pages through the real CLI (issue 15, item 11)', async () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const config = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]);
    const story = { guid: 'r1', title: 'A story the README promised', link: 'https://lwn.example/1', date: '2026-11-27T09:00:00Z' };
    const server = await startRoutedServer({ '/remote.xml': { body: rssFeed('Remote', 'https://lwn.example/', [story]) } });
    try {
      // Only the addresses change: its remote source is answered on loopback, its file source is written.
      const remote = config.sources.find((source: { url: string }) => /^https?:/.test(source.url));
      const local = config.sources.find((source: { url: string }) => !/^https?:/.test(source.url));
      expect(remote && local).toBeTruthy();
      remote.url = `${server.origin}/remote.xml`;
      const { dir, configPath } = tempProject({ ...config, $schema: undefined, fetch: { allow: [server.hostPort], retries: 0 } });
      mkdirSync(path.dirname(path.join(dir, local.url)), { recursive: true });
      writeFileSync(path.join(dir, local.url), rssFeed('Notes', 'https://notes.example/', [{ ...story, guid: 'n1', title: 'A note kept on disk', link: 'https://notes.example/1' }]));
      expect(Object.keys(JSON.parse(readFileSync(configPath, 'utf8')).output ?? {})).toEqual([]);
      const result = await runCli(['run', '--log-format', 'text'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const index = readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
      expect(index).toContain('A story the README promised');
      expect(index).toContain('A note kept on disk');
      expect(readdirSync(path.join(dir, 'out', 'posts')).filter((name) => name.endsWith('.html'))).toHaveLength(2);
      expect(result.stdout).toContain(`next: open ${path.join('out', 'index.html')}`);
    } finally {
      await server.close();
    }
  });
});

describe('the credit of a local-file source', { timeout: 60_000 }, () => {
  it('names no feed URL: not the file, and not the home page as if it were the feed (issue 15, item 11)', async () => {
    const notes = { version: 'https://jsonfeed.org/version/1.1', title: 'Local notes', home_page_url: 'https://notes.example/', items: [{ id: 'n1', title: 'A local note', url: 'https://notes.example/1', content_html: '<p>Hi.</p>', date_published: '2026-11-30T10:00:00Z' }] };
    const { dir } = tempProject({ site: { title: 'T', url: 'https://t.example/' }, sources: [{ id: 'notes', url: 'notes.json' }] }, { 'notes.json': JSON.stringify(notes) });
    const result = await runCli(['run'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(readFileSync(path.join(dir, 'out', 'feed.json'), 'utf8'));
    expect(json.items[0]._feedloom.source).toEqual({ id: 'notes', title: 'Local notes', home_page_url: 'https://notes.example/' });
    const rss = readFileSync(path.join(dir, 'out', 'feed.xml'), 'utf8');
    expect(rss).not.toContain('<source url="https://notes.example/"');
    for (const name of ['feed.xml', 'atom.xml', 'feed.json']) expect(readFileSync(path.join(dir, 'out', name), 'utf8'), name).not.toContain('notes.json');
  });
});
