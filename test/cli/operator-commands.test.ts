/**
 * Issue 15, "what operators expect", through the real CLI: `init`, the missing-config hint,
 * `block --list` and `unblock`, `completion bash|zsh`, colour only for a terminal, and `check`'s
 * warning when site.url is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, runCli, tempProject } from '../helpers/cli.js';
import { rssFeed, startRoutedServer } from '../ops/ops-kit.js';

const ESC = '\x1b[';
const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'feedloom-init-'));

describe('feedloom init', () => {
  it('writes a starter config that check accepts, pointing at the shipped schema', async () => {
    const dir = emptyDir();
    const result = await runCli(['init', '--title', 'Harbour news', '--url', 'https://news.example.org/'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote feeds.config.json');
    expect(result.stdout).toContain('feedloom add <url>');
    const written = JSON.parse(readFileSync(path.join(dir, 'feeds.config.json'), 'utf8'));
    expect(written.site).toEqual({ title: 'Harbour news', url: 'https://news.example.org/' });
    expect(written.output).toEqual({ pages: true });
    expect(written.sources).toHaveLength(1);
    // The "$schema" path leads to the schema feedloom ships, wherever the config sits.
    expect(path.resolve(dir, written.$schema)).toBe(path.join(PROJECT_ROOT, 'feeds.schema.json'));
    const check = await runCli(['check'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stderr).toBe('');
  });

  it('refuses to overwrite an existing file and leaves it as it was', async () => {
    const { dir, configPath } = tempProject({ site: { title: 'Mine', url: 'https://mine.example/' }, sources: [] });
    const before = readFileSync(configPath, 'utf8');
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(`${configPath}: already exists; nothing written`);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('writes where --config says, and refuses a URL that is not http(s)', async () => {
    const dir = emptyDir();
    expect((await runCli(['init', '--config', 'planet.json'], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'planet.json'), 'utf8')).site.title).toBe('My planet');
    const bad = await runCli(['init', '--config', 'other.json', '--url', 'planet.example'], { cwd: dir });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--url must be an http(s) URL');
  });

  it('a command without a config file says to run feedloom init', async () => {
    const result = await runCli(['status'], { cwd: emptyDir() });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/feeds\.config\.json: no such config file; run `feedloom init`/);
  });
});

describe('check and site.url', () => {
  it('warns when site.url is missing, naming the address the self links would carry', async () => {
    const { dir } = tempProject({ site: { title: 'T' }, sources: [] });
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: site.url is not set, so every self link in the feeds and pages says http://localhost:8080/; set it to the public address of out/\n');
  });
});

describe('output.pages switched off', { timeout: 60_000 }, () => {
  it('check says so, and run points at the digest it did write, since there is no front page', async () => {
    const feed = rssFeed('Local', 'https://local.example/', [{ guid: 'l1', title: 'Local news', link: 'https://local.example/1', date: '2026-11-27T09:00:00Z' }]);
    const { dir } = tempProject({ site: { title: 'T', url: 'https://t.example/' }, output: { pages: false }, sources: [{ id: 'local', url: 'local.xml' }] }, { 'local.xml': feed });
    const check = await runCli(['check'], { cwd: dir });
    expect(check.stdout).toContain('(feeds and digest only: output.pages is off)');
    const run = await runCli(['run', '--log-format', 'text'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`next: open ${path.join('out', 'recent.html')} (set output.pages to true for a front page and article pages), or run \`npx feedloom serve\``);
  });
});

describe('block --list and unblock', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startRoutedServer>>;
  let dir: string;
  const lessonTitles = () => (JSON.parse(readFileSync(path.join(dir, 'data', 'state.json'), 'utf8')).spamLessons ?? []).map((lesson: { title: string }) => lesson.title);
  const feedTitles = () => JSON.parse(readFileSync(path.join(dir, 'out', 'feed.json'), 'utf8')).items.map((item: { title: string }) => item.title);
  beforeAll(async () => {
    server = await startRoutedServer({
      '/wire.xml': {
        body: rssFeed('Wire', 'https://news.example/', [
          { guid: 'w1', title: 'Harbour reopens', link: 'https://news.example/harbour', date: '2026-11-27T09:00:00Z' },
          { guid: 'w2', title: 'Council approves cycle lanes', link: 'https://news.example/cycle', date: '2026-11-26T09:00:00Z' },
        ]),
      },
    });
    ({ dir } = tempProject({ site: { title: 'T', url: 'http://127.0.0.1/' }, fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, sources: [{ id: 'wire', url: `${server.origin}/wire.xml` }] }));
    expect((await runCli(['run'], { cwd: dir })).code).toBe(0);
  });
  afterAll(() => server.close());

  it('lists nothing, then every tombstone with what it hides; unblock brings the item back', async () => {
    expect((await runCli(['block', '--list'], { cwd: dir })).stdout).toBe('nothing is blocked\n');
    expect((await runCli(['block', 'wire:w1'], { cwd: dir })).code).toBe(0);
    expect(lessonTitles()).toEqual(['Harbour reopens']);
    expect((await runCli(['block', '/cycle/i'], { cwd: dir })).code).toBe(0);
    expect(feedTitles()).toEqual([]);

    const listed = await runCli(['block', '--list'], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('wire:w1  (hides 1 stored item)\n/cycle/i  (hides 1 stored item)\n2 tombstone(s); remove one with `feedloom unblock <entry>`\n');

    // By its link: the tombstone was the item's id, and it names the same item.
    const byLink = await runCli(['unblock', 'https://news.example/harbour'], { cwd: dir });
    expect(byLink.stderr).toBe('');
    expect(byLink.code).toBe(0);
    expect(byLink.stdout).toContain('unblocked: wire:w1\n  shows wire:w1 "Harbour reopens"\n');
    expect(feedTitles()).toEqual(['Harbour reopens']);
    // What blocking taught the spam classifier is taken back.
    expect(lessonTitles()).toEqual([]);

    const pattern = await runCli(['unblock', '/cycle/i'], { cwd: dir });
    expect(pattern.code).toBe(0);
    expect(feedTitles()).toEqual(['Harbour reopens', 'Council approves cycle lanes']);
    expect((await runCli(['block', '--list'], { cwd: dir })).stdout).toBe('nothing is blocked\n');
  });

  it('an item another pattern still hides is named as such', async () => {
    await runCli(['block', 'wire:w2'], { cwd: dir });
    await runCli(['block', '*cycle*'], { cwd: dir });
    const result = await runCli(['unblock', 'wire:w2'], { cwd: dir });
    expect(result.stdout).toContain('wire:w2 "Council approves cycle lanes" stays hidden by *cycle*');
    await runCli(['unblock', '*cycle*'], { cwd: dir });
  });

  it('unblock of something not blocked exits 64 and points at block --list', async () => {
    const result = await runCli(['unblock', 'wire:nothing'], { cwd: dir });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('not blocked: "wire:nothing"; `feedloom block --list` shows the tombstones');
  });

  it('block --list takes no target', async () => {
    const result = await runCli(['block', '--list', 'wire:w1'], { cwd: dir });
    expect(result.code).toBe(64);
  });
});

describe('did you mean, for the new commands and options', () => {
  it.each([
    [['unblok', 'x'], 'unknown command unblok (did you mean unblock?)'],
    [['int'], 'unknown command int (did you mean init?)'],
    [['completon', 'bash'], 'unknown command completon (did you mean completion?)'],
    [['block', '--lst'], 'unknown option --lst (did you mean --list?)'],
    [['init', '--titel', 'T'], 'unknown option --titel (did you mean --title?)'],
  ])('feedloom %j', async (args, message) => {
    const result = await runCli(args, { cwd: emptyDir() });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(message);
  });
});

describe('feedloom completion', () => {
  /** Sources the script in a real bash and asks its function to complete `words`, the last being the word under the cursor. */
  function completeInBash(script: string, words: string[]): string[] {
    const file = path.join(emptyDir(), 'feedloom.bash');
    writeFileSync(file, script);
    const quoted = words.map((word) => `'${word}'`).join(' ');
    const line = `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _feedloom; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', line], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter(Boolean);
  }

  let bash: string;
  beforeAll(async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    bash = result.stdout;
  });

  it.each([
    [['feedloom', 'st'], ['status', 'store']],
    [['feedloom', 'un'], ['unblock']],
    [['feedloom', 'status', '--j'], ['--json']],
    [['feedloom', 'block', '--'], ['--config', '--list', '--help']],
    [['feedloom', 'run', '--re'], ['--repair']],
    [['feedloom', 'run', '--log-format', ''], ['text', 'json']],
    [['feedloom', 'store', ''], ['migrate']],
    [['feedloom', 'store', 'migrate', '--to', 's'], ['sqlite']],
    [['feedloom', 'completion', ''], ['bash', 'zsh']],
    [['feedloom', 'spam', 'e'], ['eval']],
  ])('bash completes %j to %j', (words, expected) => {
    expect(completeInBash(bash, words)).toEqual(expected);
  });

  it('offers every command of `feedloom --help`', async () => {
    const help = (await runCli(['--help'])).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z-]+) /gm)].map((match) => match[1]);
    expect(commands.length).toBeGreaterThan(15);
    expect(completeInBash(bash, ['feedloom', '']).filter((word) => !word.startsWith('-'))).toEqual(commands);
  });

  it('zsh gets a #compdef script naming every command with its summary and each command its options', async () => {
    const result = await runCli(['completion', 'zsh']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('#compdef feedloom\n')).toBe(true);
    expect(result.stdout).toContain("'unblock:Remove a tombstone that `block` added, and publish again.'");
    expect(result.stdout).toMatch(/ {4}block\) _arguments '--config:config:_files' '--list' '--help'/);
    expect(result.stdout).toContain("'--log-format:log-format:(text json)'");
  });

  it('an unknown shell is a usage error', async () => {
    const result = await runCli(['completion', 'fish']);
    expect(result.code).toBe(64);
  });
});

describe('feedloom completion zsh, in a real zsh', () => {
  /** Presses Tab after `line` in an interactive zsh with the script installed as _feedloom on its $fpath (test/helpers/zsh-completions.zsh). */
  function completeInZsh(line: string): string[] {
    const result = spawnSync('zsh', ['-f', path.join(PROJECT_ROOT, 'test', 'helpers', 'zsh-completions.zsh'), dir, line], { encoding: 'utf8', timeout: 20_000 });
    expect(result.error, 'zsh is needed for this test (.ci/run installs it)').toBeUndefined();
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter(Boolean);
  }

  // One directory for every case, so compinit's dump of it is made once.
  const dir = emptyDir();
  beforeAll(async () => {
    const result = await runCli(['completion', 'zsh']);
    expect(result.code).toBe(0);
    writeFileSync(path.join(dir, '_feedloom'), result.stdout);
  });

  it.each([
    ['feedloom st', ['status', 'store']],
    ['feedloom un', ['unblock']],
    ['feedloom status --j', ['--json']],
    ['feedloom block --', ['--config', '--list', '--help']],
    ['feedloom run --re', ['--repair']],
    ['feedloom run --log-format ', ['text', 'json']],
    ['feedloom store ', ['migrate']],
    ['feedloom store migrate --to s', ['sqlite']],
    ['feedloom completion ', ['bash', 'zsh']],
    ['feedloom spam e', ['eval']],
    // --category may be given again; --config only once.
    ['feedloom add --category News --c', ['--config', '--category']],
    ['feedloom add --config x.json --c', ['--category']],
  ])('zsh completes %j to %j', (line, expected) => {
    expect(completeInZsh(line)).toEqual(expected);
  });

  it('offers every command of `feedloom --help`', async () => {
    const help = (await runCli(['--help'])).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z-]+) /gm)].map((match) => match[1]);
    expect(completeInZsh('feedloom ')).toEqual(commands);
  });
});

describe('colour', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startRoutedServer>>;
  let dir: string;
  beforeAll(async () => {
    server = await startRoutedServer({ '/ok.xml': { body: rssFeed('OK', 'https://ok.example/', []) }, '/broken.xml': { status: 500, body: 'no' } });
    ({ dir } = tempProject({
      site: { title: 'T', url: 'http://127.0.0.1/' },
      fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
      sources: [
        { id: 'good', url: `${server.origin}/ok.xml` },
        { id: 'bad', url: `${server.origin}/broken.xml` },
      ],
    }));
    await runCli(['run'], { cwd: dir });
  });
  afterAll(() => server.close());

  /** `feedloom status` on a real pseudo-terminal (util-linux script), FORCE_COLOR and NO_COLOR as given. */
  function statusOnTerminal(env: Record<string, string>): string {
    const { FORCE_COLOR: _force, NO_COLOR: _no, ...inherited } = process.env;
    const result = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" status`, '/dev/null'], { cwd: dir, env: { ...inherited, TERM: 'xterm', ...env }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    return result.stdout;
  }

  it('status states are coloured on a terminal: green ok, yellow failing', () => {
    const shown = statusOnTerminal({});
    expect(shown).toContain(`${ESC}32mok${ESC}39m`);
    expect(shown).toContain(`${ESC}33mfailing${ESC}39m`);
    // The columns still line up: the codes sit inside the padding, so every column starts under its heading.
    const plain = (line: string) => line.replace(/\x1b\[\d+m/g, '');
    const lines = shown.split(/\r?\n/).map(plain).filter((line) => /^(SOURCE|good|bad) /.test(line));
    expect(lines).toHaveLength(3);
    const column = lines[0].indexOf('LAST FETCH');
    for (const line of lines) expect(line.slice(column - 2, column + 1)).toMatch(/^ {2}\S$/);
  });

  it('NO_COLOR turns colour off even on a terminal', () => {
    expect(statusOnTerminal({ NO_COLOR: '1' })).not.toContain(ESC);
  });

  it('a pipe gets no colour; FORCE_COLOR=1 turns it on for one', async () => {
    const piped = await runCli(['status'], { cwd: dir, env: { FORCE_COLOR: undefined } });
    expect(piped.stdout).not.toContain(ESC);
    const forced = await runCli(['status'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}33mfailing${ESC}39m`);
    const both = await runCli(['status'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stdout).not.toContain(ESC);
  });

  it('warnings and error codes on stderr are coloured the same way', async () => {
    const warned = await runCli(['run', '--force', '--log-format', 'text'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(warned.stderr).toContain(`${ESC}33mwarn:${ESC}39m`);
    const fatal = await runCli(['status', '--jsn'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(fatal.stderr.startsWith(`${ESC}31mE_USAGE${ESC}39m: `)).toBe(true);
    const plain = await runCli(['status', '--jsn'], { cwd: dir });
    expect(plain.stderr.startsWith('E_USAGE: ')).toBe(true);
  });
});
