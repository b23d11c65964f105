import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOpml } from '../../src/opml/read-opml.js';
import { writeOpml } from '../../src/opml/write-opml.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { rssFeed, startRoutedServer } from './ops-kit.js';

const READER_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline text="Web" title="Web">
        <outline type="rss" text="Web Weekly" title="Web Weekly" xmlURL="https://web.example/feed" htmlUrl="https://web.example/"/>
      </outline>
      <outline type="rss" text="Kernel News" xmlUrl="https://kernel.example/rss.xml" category="/Linux,Systems"/>
    </outline>
    <outline type="rss" text="Loose &amp; Free" xmlUrl="https://loose.example/atom.xml"/>
    <outline type="rss" text="Kernel again" xmlUrl="HTTPS://KERNEL.example/rss.xml/"/>
    <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
    <outline type="rss" text="Local" xmlUrl="/etc/hosts"/>
  </body>
</opml>`;

describe('OPML reading and writing (pure)', { timeout: 120_000 }, () => {
  it('reads feeds at any depth; the innermost folder and the category attribute become categories', () => {
    const doc = readOpml(READER_EXPORT);
    expect(doc.title).toBe('My subscriptions');
    expect(doc.feeds.map((feed) => [feed.url, feed.text, feed.categories])).toEqual([
      ['https://web.example/feed', 'Web Weekly', ['Web']],
      ['https://kernel.example/rss.xml', 'Kernel News', ['Tech', 'Linux', 'Systems']],
      ['https://loose.example/atom.xml', 'Loose & Free', []],
      ['HTTPS://KERNEL.example/rss.xml/', 'Kernel again', []],
      ['javascript:alert(1)', 'Script', []],
      ['/etc/hosts', 'Local', []],
    ]);
    expect(doc.feeds[0].htmlUrl).toBe('https://web.example/');
  });

  it('writes OPML 2.0 that reads back to the same feeds, escaping markup in titles', () => {
    const text = writeOpml(
      [
        { id: 'a', url: 'https://a.example/feed?x=1&y=2', displayTitle: 'A <b>&</b> "quoted"', titleOverride: null, htmlUrl: 'https://a.example/', categories: ['News', 'World'] },
        { id: 'b', url: 'https://b.example/rss', displayTitle: 'B', titleOverride: 'B', htmlUrl: null, categories: [] },
      ],
      { title: 'T' },
    );
    expect(text).toContain('<opml version="2.0"');
    const doc = readOpml(text);
    expect(doc.feeds).toEqual([
      { url: 'https://a.example/feed?x=1&y=2', text: 'A <b>&</b> "quoted"', title: null, htmlUrl: 'https://a.example/', categories: ['News', 'World'], id: 'a' },
      { url: 'https://b.example/rss', text: 'B', title: 'B', htmlUrl: null, categories: [], id: 'b' },
    ]);
  });

  it('refuses a document that is not OPML', () => {
    expect(() => readOpml('<rss version="2.0"><channel/></rss>')).toThrow(/not an OPML document/);
  });
});

describe('import-opml and export-opml through the CLI', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startRoutedServer>>;
  beforeAll(async () => {
    server = await startRoutedServer({});
    server.routes['/one.xml'] = { body: rssFeed('Feed One', 'https://one.example/', [{ guid: '1', title: 'First post', link: 'https://one.example/1', date: '2026-11-27T10:00:00Z' }]) };
  });
  afterAll(() => server.close());

  it('imports nested outlines as categories, skips and counts duplicates and unusable URLs, keeps the config formatting', async () => {
    const project = tempProject({ $schema: './feeds.schema.json', site: { title: 'Mine' }, sources: [{ id: 'kernel', url: 'https://kernel.example/rss.xml' }] }, { 'subs.opml': READER_EXPORT });
    const before = readFileSync(project.configPath, 'utf8');
    const result = await runCli(['import-opml', path.join(project.dir, 'subs.opml'), '--config', project.configPath]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 added, 2 duplicate(s) skipped, 2 invalid skipped');
    const after = JSON.parse(readFileSync(project.configPath, 'utf8'));
    expect(after.sources).toEqual([
      { id: 'kernel', url: 'https://kernel.example/rss.xml' },
      { id: 'web-weekly', url: 'https://web.example/feed', title: 'Web Weekly', category: 'Web' },
      { id: 'loose-free', url: 'https://loose.example/atom.xml', title: 'Loose & Free' },
    ]);
    expect(readFileSync(project.configPath, 'utf8').startsWith(before.slice(0, before.indexOf('"sources"')))).toBe(true);
    // Importing again adds nothing.
    const again = await runCli(['import-opml', path.join(project.dir, 'subs.opml'), '--config', project.configPath]);
    expect(again.stdout).toContain('0 added, 4 duplicate(s) skipped');
  });

  it('a round trip changes nothing: export → import into the same config, and into an empty one gives the same sources', async () => {
    const sources = [
      { id: 'one', url: `${server.origin}/one.xml`, category: ['Science', 'World'], title: 'Number One' },
      { id: 'plain', url: 'https://plain.example/feed.xml' },
      { id: 'news-desk', url: 'https://news.example/rss', category: 'News' },
    ];
    const project = tempProject({ site: { title: 'Round' }, fetch: { allow: [server.hostPort] }, sources });
    // A run first, so the export carries the site link (htmlUrl) learnt from the feed.
    await runCli(['run', '--config', project.configPath, '--force', '--log-format', 'json']);
    const exported = await runCli(['export-opml', '--config', project.configPath]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('htmlUrl="https://one.example/"');
    expect(exported.stdout).toContain('category="/Science,/World"');
    writeFileSync(path.join(project.dir, 'export.opml'), exported.stdout);

    const configBefore = readFileSync(project.configPath, 'utf8');
    const same = await runCli(['import-opml', path.join(project.dir, 'export.opml'), '--config', project.configPath]);
    expect(same.stdout).toContain('0 added, 3 duplicate(s) skipped, 0 invalid skipped');
    expect(readFileSync(project.configPath, 'utf8')).toBe(configBefore);

    const fresh = tempProject({ site: { title: 'Round' }, sources: [] });
    await runCli(['import-opml', path.join(project.dir, 'export.opml'), '--config', fresh.configPath]);
    expect(JSON.parse(readFileSync(fresh.configPath, 'utf8')).sources).toEqual([
      { id: 'one', url: `${server.origin}/one.xml`, title: 'Number One', category: ['Science', 'World'] },
      { id: 'news-desk', url: 'https://news.example/rss', category: 'News' },
      { id: 'plain', url: 'https://plain.example/feed.xml' },
    ]);
    const reExported = await runCli(['export-opml', '--config', fresh.configPath]);
    // Only the site link, learnt by fetching, is missing from a config that never ran.
    expect(reExported.stdout).toBe(exported.stdout.replace(' htmlUrl="https://one.example/"', ''));
  });

  it('issue 14: a forged feedloom export adds no local file unless the operator passes --allow-local-paths', async () => {
    const forged = `<?xml version="1.0"?><opml version="2.0" xmlns:feedloom="https://feedloom.dev/opml"><head><title>t</title></head><body>
<outline type="rss" text="Secret" xmlUrl="/tmp/secret.xml" feedloom:id="secret"/>
<outline type="rss" text="History" xmlUrl="../../../../root/.bash_history" feedloom:id="history"/>
<outline type="rss" text="Web" xmlUrl="https://web.example/feed" feedloom:id="web"/>
</body></opml>`;
    const project = tempProject({ site: { title: 'Forged' }, sources: [] }, { 'forged.opml': forged });
    const result = await runCli(['import-opml', path.join(project.dir, 'forged.opml'), '--config', project.configPath]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 added, 0 duplicate(s) skipped, 2 invalid skipped');
    expect(result.stderr).toContain('skipped /tmp/secret.xml: a local path, added only with --allow-local-paths');
    expect(JSON.parse(readFileSync(project.configPath, 'utf8')).sources).toEqual([{ id: 'web', url: 'https://web.example/feed' }]);

    const trusted = await runCli(['import-opml', path.join(project.dir, 'forged.opml'), '--config', project.configPath, '--allow-local-paths']);
    expect(trusted.stdout).toContain('2 added, 1 duplicate(s) skipped, 0 invalid skipped');
  });

  it('issue 14: a javascript: site link (JSON home_page_url, RSS <link>) never reaches OPML as htmlUrl', async () => {
    server.routes['/js.json'] = {
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Js', home_page_url: 'javascript:alert(1)', items: [{ id: 'j1', content_text: 'x', url: 'https://js.example/1' }] }),
      type: 'application/feed+json',
    };
    server.routes['/js.xml'] = { body: rssFeed('Js Rss', 'javascript:alert(2)', [{ guid: 'r1', title: 'Post', link: 'https://js.example/r1', date: '2026-11-27T10:00:00Z' }]) };
    const project = tempProject({
      site: { title: 'Js' },
      fetch: { allow: [server.hostPort] },
      // Loopback is private: public: true lets these into out/sources.opml all the same.
      sources: [{ id: 'js-json', url: `${server.origin}/js.json`, public: true }, { id: 'js-rss', url: `${server.origin}/js.xml`, public: true }],
    });
    await runCli(['run', '--config', project.configPath, '--force', '--log-format', 'json']);
    const exported = await runCli(['export-opml', '--config', project.configPath]);
    const published = readFileSync(path.join(project.dir, 'out', 'sources.opml'), 'utf8');
    for (const opml of [exported.stdout, published]) {
      expect(opml).toContain(`${server.origin}/js.json`);
      expect(opml).not.toMatch(/javascript/i);
    }
  });

  it('every run publishes out/sources.opml with the enabled http(s) sources, an intranet one only with public: true', async () => {
    const project = tempProject({
      site: { title: 'Pub' },
      fetch: { allow: [server.hostPort] },
      sources: [
        { id: 'one', url: `${server.origin}/one.xml`, category: 'News', public: true },
        { id: 'intranet', url: `${server.origin}/two.xml` },
        { id: 'off', url: 'https://off.example/feed', enabled: false },
        { id: 'local', url: 'local.xml' },
      ],
    }, { 'local.xml': rssFeed('Local', 'https://local.example/', []) });
    const run = await runCli(['run', '--config', project.configPath, '--force', '--log-format', 'json']);
    expect(run.code).toBe(0);
    const doc = readOpml(readFileSync(path.join(project.dir, 'out', 'sources.opml'), 'utf8'));
    expect(doc.feeds.map((feed) => [feed.url, feed.text, feed.categories])).toEqual([[`${server.origin}/one.xml`, 'Feed One', ['News']]]);
  });
});
