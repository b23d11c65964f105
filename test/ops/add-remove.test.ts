import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { atomFeed, htmlPage, jsonFeed, rssFeed, startRoutedServer } from './ops-kit.js';

let server: Awaited<ReturnType<typeof startRoutedServer>>;

/** The example config's style: one line per source, other keys around the array. */
const configText = (allow: string) => `{
  "$schema": "./feeds.schema.json",
  "site": { "title": "Ops", "url": "http://localhost:8080/" },
  "fetch": { "allow": ["${allow}"], "retries": 0, "timeoutMs": 3000 },
  "sources": [
    { "id": "existing", "url": "http://${allow}/existing.xml", "category": "World" }
  ],
  "output": { "pages": false }
}
`;

function project() {
  const made = tempProject({});
  writeFileSync(made.configPath, configText(server.hostPort));
  return made;
}

beforeAll(async () => {
  server = await startRoutedServer({});
  const routes = server.routes;
  routes['/existing.xml'] = { body: rssFeed('Existing', 'https://existing.example/', []) };
  routes['/plain.xml'] = { body: rssFeed('Plain Feed', 'https://plain.example/', []) };
  // A page advertising JSON Feed first, then Atom and RSS: the first RSS/Atom one is the default.
  routes['/blog/'] = {
    type: 'text/html; charset=utf-8',
    body: htmlPage(`
      <link rel="alternate" type="application/feed+json" title="JSON" href="/blog/feed.json">
      <link rel="alternate" type="application/atom+xml" title="Atom" href="/blog/atom.xml">
      <link rel="alternate" type="application/rss+xml" title="RSS" href="/blog/rss.xml">`),
  };
  routes['/blog/feed.json'] = { type: 'application/feed+json', body: jsonFeed('Blog (JSON)') };
  routes['/blog/atom.xml'] = { type: 'application/atom+xml', body: atomFeed('Blog Atom', 'https://blog.example/') };
  routes['/blog/rss.xml'] = { body: rssFeed('Blog RSS', 'https://blog.example/', []) };
  // A page advertising nothing; its feed sits at a common path.
  routes['/quiet/'] = { type: 'text/html', body: htmlPage('') };
  routes['/index.xml'] = { body: rssFeed('Quiet Site', 'https://quiet.example/', []) };
});

afterAll(() => server.close());

describe('feedloom add', { timeout: 120_000 }, () => {
  it('adds a feed URL as it is, in the style of the existing entries, keeping the rest of the file', async () => {
    const { configPath } = project();
    const result = await runCli(['add', `${server.origin}/plain.xml`, '--category', 'News', '--config', configPath]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('added "plain-feed"');
    expect(readFileSync(configPath, 'utf8')).toBe(
      configText(server.hostPort).replace(
        '"category": "World" }\n',
        `"category": "World" },\n    { "id": "plain-feed", "url": "${server.origin}/plain.xml", "category": "News" }\n`,
      ),
    );
    const check = await runCli(['check', '--config', configPath]);
    expect(check.code).toBe(0);
  });

  it('lists several discovered feeds and takes the first RSS/Atom one, or --pick N', async () => {
    const first = project();
    const result = await runCli(['add', `${server.origin}/blog/`, '--config', first.configPath]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 feeds found:');
    expect(result.stdout).toContain(`1. [json] ${server.origin}/blog/feed.json  Blog (JSON)`);
    expect(result.stdout).toContain(`2. [atom] ${server.origin}/blog/atom.xml  Blog Atom`);
    expect(JSON.parse(readFileSync(first.configPath, 'utf8')).sources[1]).toEqual({ id: 'blog-atom', url: `${server.origin}/blog/atom.xml` });

    const picked = project();
    const third = await runCli(['add', `${server.origin}/blog/`, '--pick', '3', '--id', 'blog', '--category', 'A', '--category', 'B', '--config', picked.configPath]);
    expect(third.code).toBe(0);
    expect(JSON.parse(readFileSync(picked.configPath, 'utf8')).sources[1]).toEqual({ id: 'blog', url: `${server.origin}/blog/rss.xml`, category: ['A', 'B'] });
    const tooFar = await runCli(['add', `${server.origin}/blog/`, '--pick', '9', '--config', picked.configPath]);
    expect(tooFar.code).toBe(64);
  });

  it('falls back to common feed paths when the page advertises none', async () => {
    const { configPath } = project();
    const result = await runCli(['add', `${server.origin}/quiet/`, '--config', configPath]);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(configPath, 'utf8')).sources[1]).toEqual({ id: 'quiet-site', url: `${server.origin}/index.xml` });
  });

  it('R22: an advertised private address is refused by the address policy and discovery goes one level only', async () => {
    // Its own server, without feeds at the common paths, admitted by --allow for this command only.
    const sneaky = await startRoutedServer({});
    try {
      sneaky.routes['/sneaky/'] = {
        type: 'text/html',
        body: htmlPage(`
          <link rel="alternate" type="application/rss+xml" href="http://127.0.0.2:${sneaky.port}/feed">
          <link rel="alternate" type="application/rss+xml" href="/sneaky/nested/">`),
      };
      sneaky.routes['/sneaky/nested/'] = { type: 'text/html', body: htmlPage('<link rel="alternate" type="application/rss+xml" href="/deeper.xml">') };
      sneaky.routes['/deeper.xml'] = { body: rssFeed('Deeper', 'https://deeper.example/', []) };
      const { configPath } = project();
      const before = readFileSync(configPath, 'utf8');
      const result = await runCli(['add', `${sneaky.origin}/sneaky/`, '--allow', sneaky.hostPort, '--config', configPath]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^E_NOT_A_FEED: /);
      expect(result.stderr).toContain(`http://127.0.0.2:${sneaky.port}/feed: E_PRIVATE_ADDRESS`);
      expect(result.stderr).toContain(`${sneaky.origin}/sneaky/nested/: E_NOT_A_FEED`);
      // The nested page's own alternate was never followed; the common paths were tried instead.
      const asked = sneaky.requests.map((request) => request.url);
      expect(asked).not.toContain('/deeper.xml');
      expect(asked).toEqual(['/sneaky/', '/sneaky/nested/', '/feed', '/rss.xml', '/atom.xml', '/index.xml', '/feed.json']);
      expect(readFileSync(configPath, 'utf8')).toBe(before);
    } finally {
      await sneaky.close();
    }
  });

  it('issue 15, defect 10: a page with no working feed lists every candidate tried, advertised and common paths, and why each failed', async () => {
    const bare = await startRoutedServer({});
    try {
      bare.routes['/site/'] = { type: 'text/html', body: htmlPage('<link rel="alternate" type="application/rss+xml" href="/site/rss">') };
      bare.routes['/site/rss'] = { type: 'text/html', body: htmlPage('') };
      bare.routes['/feed'] = { status: 500, type: 'text/plain', body: 'oops' };
      const { configPath } = project();
      const result = await runCli(['add', `${bare.origin}/site/`, '--allow', bare.hostPort, '--config', configPath]);
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines[0]).toBe(`E_NOT_A_FEED: ${bare.origin}/site/: not a feed, and no working feed found; tried 6 candidate(s):`);
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^  advertised  ${bare.origin}/site/rss: E_NOT_A_FEED: `)),
        `  common path ${bare.origin}/feed: E_HTTP_STATUS: HTTP 500`,
        ...['/rss.xml', '/atom.xml', '/index.xml', '/feed.json'].map((path) => `  common path ${bare.origin}${path}: E_NOT_FOUND: 404 Not Found`),
      ]);

      // A page that advertises nothing says so before the common paths.
      bare.routes['/site/'] = { type: 'text/html', body: htmlPage('') };
      const silent = await runCli(['add', `${bare.origin}/site/`, '--allow', bare.hostPort, '--config', configPath]);
      expect(silent.code).toBe(2);
      expect(silent.stderr).toContain('not a feed, and no working feed found; the page advertises no feed (<link rel="alternate">); tried 5 candidate(s):');
      expect(silent.stderr).toContain(`  common path ${bare.origin}/index.xml: E_NOT_FOUND: 404 Not Found`);
    } finally {
      await bare.close();
    }
  });

  it('exits 3 with the coded line when the URL cannot be fetched, and changes nothing', async () => {
    const { configPath } = project();
    const before = readFileSync(configPath, 'utf8');
    const result = await runCli(['add', `${server.origin}/missing.xml`, '--config', configPath]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`E_NOT_FOUND: ${server.origin}/missing.xml: 404 Not Found\n`);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('refuses a URL already configured, compared normalised (host case, trailing slash), with a clear message', async () => {
    const { configPath } = project();
    const before = readFileSync(configPath, 'utf8');
    const requestsBefore = server.requests.length;
    const result = await runCli(['add', `HTTP://127.0.0.1:${server.port}/existing.xml/`, '--config', configPath]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('already in the config as source "existing"');
    expect(server.requests.length).toBe(requestsBefore);
    // A page whose discovered feed is the configured one is refused too.
    server.routes['/points-home/'] = { type: 'text/html', body: htmlPage(`<link rel="alternate" type="application/rss+xml" href="/existing.xml">`) };
    const discovered = await runCli(['add', `${server.origin}/points-home/`, '--config', configPath]);
    expect(discovered.code).toBe(64);
    expect(discovered.stderr).toContain('already in the config as source "existing"');
    const sameId = await runCli(['add', `${server.origin}/plain.xml`, '--id', 'existing', '--config', configPath]);
    expect(sameId.code).toBe(64);
    expect(sameId.stderr).toContain('the id "existing" is already used');
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });
});

describe('feedloom remove', { timeout: 120_000 }, () => {
  it('removes a source by id, leaving the rest of the file byte for byte, and refuses an unknown id', async () => {
    const { configPath } = project();
    const original = readFileSync(configPath, 'utf8');
    await runCli(['add', `${server.origin}/plain.xml`, '--config', configPath]);
    const removed = await runCli(['remove', 'plain-feed', '--config', configPath]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('removed "plain-feed"');
    expect(readFileSync(configPath, 'utf8')).toBe(original);
    const unknown = await runCli(['remove', 'nope', '--config', configPath]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('no source with id "nope" in the config (known: existing)');
  });
});
